"""The workbook tests' cast (tests/world.py): an organiser of 东宝区, the city's organiser and a campaign with a quota
table."""

from tests.world import excel_campaign as campaign  # noqa: F401
from tests.world import excel_organiser as organiser  # noqa: F401
from tests.world import excel_organiser_db as organiser_db  # noqa: F401
