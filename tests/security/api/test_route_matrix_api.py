"""The role × route matrix, API half (a file of its own so that parallel test runs split the two halves)."""

from tests.security.checker import check


def test_every_api_route_answers_every_role_as_declared(admin_user):
    check(admin_user, api=True)  # asserts inside; its duration is measured in bench/, not here
