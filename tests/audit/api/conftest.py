"""The API layer's cast (tests/world.py): one person per role that matters for scoping on the small 荆门 tree, a
city-wide campaign and one owned by 掇刀区."""

from tests.world import api_campaign as campaign  # noqa: F401
from tests.world import api_dd_campaign as dd_campaign  # noqa: F401
from tests.world import api_people as people  # noqa: F401
