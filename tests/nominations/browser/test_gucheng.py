"""Browser walk-through of gucheng-2011: one nomination of each category from draft to the office, with one return."""

import pytest

from tests.nominations.walk import walk

pytestmark = pytest.mark.browser


# The window category is walked, return and all, by tests/e2e/browser/test_gucheng.py with the same helpers.
@pytest.mark.parametrize("code", ["individual", "brand"])
def test_nomination_from_draft_to_office_and_paper(open_campaign, browsers, live_server, admin_user, tmp_path, code):
    campaign = open_campaign("gucheng-2011")
    walk(campaign=campaign, code=code, browsers=browsers, url=live_server.url, admin=admin_user, tmp_path=tmp_path)
