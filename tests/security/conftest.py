"""The security tests reuse the nominations API world (a campaign with its nomination phase open, clerks, approvers
and an organiser on two subtrees); the hostile sweep builds its own world (hostile_world.py)."""

from tests.nominations.api.conftest import world  # noqa: F401
