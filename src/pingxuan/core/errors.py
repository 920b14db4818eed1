"""Errors the service layer raises. Each carries a message in Chinese that names the rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


class ServiceError(Exception):
    """A refused action. `message` is shown to the user as it is; `field` points at the input."""

    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, code: str = "invalid", details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.details = details or []

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"detail": self.message, "code": self.code}
        if self.field:
            data["field"] = self.field
        if self.details:
            data["errors"] = self.details
        return data


class PermissionDenied(ServiceError):
    """The user may see the object but may not do this to it."""

    status = 403

    def __init__(self, message: str = "您没有执行此操作的权限。", **kwargs: Any) -> None:
        super().__init__(message, code="permission_denied", **kwargs)


class NotFound(ServiceError):
    """The object does not exist for this user (also used when the user may not see it)."""

    status = 404

    def __init__(self, message: str = "未找到。", **kwargs: Any) -> None:
        super().__init__(message, code="not_found", **kwargs)


class PhaseClosed(ServiceError):
    status = 409

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, code="phase_closed", **kwargs)


class InvalidTransition(ServiceError):
    status = 409

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, code="invalid_transition", **kwargs)


class ImportRejected(ServiceError):
    """A spreadsheet import with errors: `details` lists them as {row, column, message}."""

    def __init__(self, errors: list[dict[str, Any]], message: str | None = None) -> None:
        text = message or f"导入文件有 {len(errors)} 处错误，未导入任何数据。"
        super().__init__(text, code="import_rejected", details=errors)
