"""Where the current request comes from (address and user agent), for the audit events written while it runs."""

from contextvars import ContextVar

request_origin = ContextVar("audit_request_origin", default=(None, ""))
