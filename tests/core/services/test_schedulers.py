"""Several schedulers (one per machine, or a standby) run each periodic duty once per interval, not once each."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from pingxuan.jobs.models import ScheduleMark
from pingxuan.jobs.schedule import DUTIES, run_due


@pytest.mark.django_db(transaction=True)
def test_four_schedulers_at_once_run_each_duty_once():
    if connection.vendor != "postgresql":
        pytest.skip("several schedulers at once are a PostgreSQL deployment (row locks); SQLite has one writer")
    barrier = threading.Barrier(4)
    results, failures = [], []

    def scheduler():
        try:
            barrier.wait()
            results.append(run_due())
        except Exception as exc:  # reported by the assertion below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    ran = Counter(name for result in results for name in result)
    assert ran == Counter(dict.fromkeys(DUTIES, 1))
    assert ScheduleMark.objects.filter(name__in=DUTIES, last_run__isnull=False).count() == len(DUTIES)
    # and right after, nothing is due any more
    assert run_due() == {}
