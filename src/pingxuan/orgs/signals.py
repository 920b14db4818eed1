"""Sign-ins, failed sign-ins and sign-outs become audit events with the client's address and browser."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import accounts

SESSION_ENROLLED = "px_otp_enrolled"
SESSION_SEEN = "px_seen"


@receiver(user_logged_in, dispatch_uid="pingxuan.orgs.login")
def on_login(sender, request, user, **kwargs):
    pending = accounts.needs_two_factor(user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ENROLLED] = accounts.has_second_factor(user)
        request.session[SESSION_SEEN] = int(time.time())  # the idle clock starts at sign-in (core.middleware)
    accounts.record_login(user=user, request=request, second_factor=pending)


@receiver(user_login_failed, dispatch_uid="pingxuan.orgs.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    accounts.record_login_failed(username=(credentials or {}).get("username", ""), request=request)


@receiver(user_logged_out, dispatch_uid="pingxuan.orgs.logout")
def on_logout(sender, request, user, **kwargs):
    accounts.record_logout(user=user, request=request)
