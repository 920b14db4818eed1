"""A unit's quota row can leave the configuration while its drafts remain: submitting then refuses, naming the rule."""

import pytest

from pingxuan.campaigns.services import update_config
from pingxuan.core.errors import ServiceError
from pingxuan.nominations import services as s
from pingxuan.nominations.uploads import add_attachment
from tests.nominations.conftest import GOOD, config, jpeg


@pytest.fixture
def world(window_world):
    """The nominations area's window campaign (tests/nominations/conftest.py), not this folder's office world."""
    return window_world


def test_submitting_after_the_units_quota_was_removed_is_refused(world):
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data=GOOD)
    for i in range(3):
        add_attachment(user=world["clerk"], nomination=n, field_key="photos", upload=jpeg(name=f"p{i}.jpg"))
    update_config(user=world["organiser"], campaign=world["campaign"], data=config(world["today"], quotas=[]))
    with pytest.raises(ServiceError) as exc:
        s.submit_nomination(user=world["clerk"], nomination=n)
    assert (exc.value.code, exc.value.message) == ("no_quota", "“东宝区”在“优质服务窗口”没有推荐名额，不能提交。")
    n.refresh_from_db()
    assert n.status == "draft"
