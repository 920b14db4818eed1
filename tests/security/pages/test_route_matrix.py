"""The role × route matrix, pages half: every route in the URL configuration has a rule in route_rules.py (a new route
without one fails here, named), and every page route answers every role as declared.

Besides the declared answers, three properties hold for every route: no answer is a 500; the API never redirects to
the login page (it answers 401/403); anonymous visitors get a 2xx only from routes declared PUBLIC.
"""

import pytest

from tests.security import matrix
from tests.security.checker import check
from tests.security.route_rules import RULES, parse


def test_every_route_has_a_rule_and_every_rule_a_route():
    found, unnamed = matrix.routes()
    assert [p for p in unnamed if not p.startswith("django-admin/")] == [], "routes without a name cannot have a rule"
    missing = sorted(set(found) - set(RULES))
    assert missing == [], "no rule in tests/security/route_rules.py for: " + ", ".join(missing)
    assert sorted(set(RULES) - set(found)) == [], "rules for routes that no longer exist"
    for text in RULES.values():
        parse(text)


def test_every_page_route_answers_every_role_as_declared(admin_user):
    check(admin_user, api=False)  # asserts inside; its duration is measured in bench/, not here


@pytest.mark.parametrize("text", ["GET login 200", "PUT " + " ".join(["404"] * 9), "GET pk=org 200"])
def test_a_malformed_rule_is_refused(text):
    with pytest.raises(ValueError):
        parse(text)
