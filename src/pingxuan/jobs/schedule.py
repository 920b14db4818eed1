"""Periodic duties (deadline reminders, lapsing overdue forms, sealing the audit chain), run by `manage.py scheduler`.

Any number of schedulers may run on any number of machines: each duty's row is locked while it runs, and a duty
runs again only when its interval has passed since the last run.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .models import ScheduleMark

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger(__name__)
DUTIES = {}
# Duties whose lateness matters (alerts) run before the others in a check, so a long duty cannot delay them.
FIRST: set[str] = set()


def every(seconds: int, name: str | None = None, *, first: bool = False) -> Callable[[F], F]:
    """Register `fn()` to run at most once per `seconds`; with `first`, before the other duties due in the same check."""

    def wrap(fn: F) -> F:
        key = name or f"{fn.__module__}.{fn.__name__}"
        DUTIES[key] = (seconds, fn)
        if first:
            FIRST.add(key)
        return fn

    return wrap


def run_due(now=None):
    """Run every duty whose interval has passed. Returns {name: result text} for those that ran."""
    now = now or timezone.now()
    ran = {}
    for name, (seconds, fn) in sorted(DUTIES.items(), key=lambda item: (item[0] not in FIRST, item[0])):
        ScheduleMark.objects.get_or_create(name=name)
        with transaction.atomic():
            mark = ScheduleMark.objects.select_for_update().get(name=name)
            if mark.last_run and now - mark.last_run < datetime.timedelta(seconds=seconds):
                continue
            try:
                with transaction.atomic():
                    result = fn()
            except Exception as exc:  # one failing duty must not stop the others
                log.exception("periodic duty %s failed", name)
                result = f"失败：{exc}"
            mark.last_run, mark.last_result = now, str(result)[:2000]
            mark.save()
            ran[name] = mark.last_result
    return ran


@every(60, name="audit.seal")
def seal_audit():
    from pingxuan.audit.services import seal_pending

    return f"已封存 {seal_pending()} 个审计事件"
