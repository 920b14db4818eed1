"""The sweep (sweep.py) anonymously (the public pages a citizen opens on a phone) and as a clerk, an approver, a judge
and a delegate. The probe asks every role, so that this test also checks that every page someone may be shown was
shown to someone (or is listed in UNREACHED with the reason)."""

import pytest

from tests.web.sweep.sweep import KNOWN, ROLES, UNREACHED, never_shown, run

pytestmark = pytest.mark.browser
PEOPLE = [None, "clerk", "approver1", "judge1", "delegate"]


@pytest.mark.django_db(transaction=True)
def test_public_and_unit_pages_pass_axe_and_fit_a_phone(browser, live_server):
    failures, kinds = run(browser, live_server, PEOPLE, probe_roles=ROLES)
    assert {k: v for k, v in failures.items() if k not in KNOWN} == {}
    assert never_shown(kinds) == set(UNREACHED)
