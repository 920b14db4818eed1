"""The page layer's cast (tests/world.py): an organiser of the city, a clerk of 东宝区, an organiser of 掇刀区, a
supervisor, a campaign built from a configuration document, and `login`."""

from tests.world import page_campaign as campaign  # noqa: F401
from tests.world import page_login as login  # noqa: F401
from tests.world import page_people as people  # noqa: F401
