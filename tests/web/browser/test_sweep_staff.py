"""The sweep (sweep.py) as the organiser, the leading group, the supervisor and the system administrator."""

import pytest

from tests.web.sweep.sweep import KNOWN, run

pytestmark = pytest.mark.browser
ROLES = ["organiser", "leader", "supervisor", "admin"]


@pytest.mark.django_db(transaction=True)
def test_staff_pages_pass_axe_and_fit_a_phone(browser, live_server):
    failures, kinds = run(browser, live_server, ROLES)
    assert {k: v for k, v in failures.items() if k not in KNOWN} == {}
    assert {k for k, v in kinds.items() if "page" in v} >= {
        "dashboard",
        "campaign-detail",
        "nom-office",
        "judging-results",
        "audit-list",
    }
