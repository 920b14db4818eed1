"""The role × route matrix, API half (a file of its own so that parallel test runs split the two halves)."""

from .checker import check


def test_every_api_route_answers_every_role_as_declared(admin_user):
    assert check(admin_user, api=True) < 120  # 22 s measured at load ~9 on 2 cores; 60 s is the aim
