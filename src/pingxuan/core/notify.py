"""Notifications by email and SMS through the configured backends (console by default)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .sms import send_sms

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Protocol

    class Recipient(Protocol):
        """A person to tell: a user, or someone known only by a phone number (an objector)."""

        @property
        def email(self) -> str: ...
        @property
        def phone(self) -> str: ...


log = logging.getLogger(__name__)


def notify(users: Iterable[Recipient | None], subject: str, text: str) -> int:
    """Tell people something after the current transaction commits (nothing is sent for a rolled-back change)."""
    recipients = [(u.email, u.phone) for u in users if u is not None]

    def send() -> None:
        for email, phone in recipients:
            try:
                if email:
                    send_mail(f"【评选】{subject}", text, settings.DEFAULT_FROM_EMAIL, [email])
                if phone:
                    send_sms(phone, f"【评选】{subject}：{text}", template="notice", params={"subject": subject, "text": text})
            except Exception:  # a failed message must not undo the change it reports
                log.exception("notification to %s failed", email or phone)

    transaction.on_commit(send)
    return len(recipients)
