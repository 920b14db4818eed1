import datetime

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import check_phase, create_campaign, grant_extension, timeline
from pingxuan.core.errors import PermissionDenied, PhaseClosed, ServiceError

D = datetime.date


def mini_config(owner="jm"):
    return {
        "code": "jm-test",
        "name": "测试评选",
        "year": 2019,
        "organisers": ["荆门市总工会"],
        "owner": owner,
        "phases": [
            {"kind": "nomination", "name": "申报推荐", "start": "2019-04-09", "end": "2019-07-09"},
            {"kind": "preliminary_review", "name": "初审公示", "start": "2019-07-10", "end": "2019-07-26"},
            {"kind": "voting", "name": "评选投票", "start": "2019-07-27", "end": "2019-08-09"},
        ],
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": {"title": "申请表", "fields": [{"key": "unit_name", "label": "单位名称", "type": "text"}]},
            }
        ],
        "quotas": [
            {"unit": "jm-db", "category": "window", "nominate": 2, "awards": 1},
            {"unit": "jm-dd", "category": "window", "nominate": 2, "awards": 1},
        ],
    }


@pytest.fixture
def campaign(tree, admin_user, make_user):
    organiser = make_user(tree["root"], "organiser", by=admin_user, username="organiser")
    return create_campaign(user=organiser, data=mini_config())


def test_inside_the_phase_is_open(campaign):
    phase = check_phase(campaign, "nomination", on=D(2019, 7, 9))
    assert (phase.kind, phase.ends_on) == ("nomination", D(2019, 7, 9))


def test_after_the_phase_names_it_and_its_dates(campaign):
    with pytest.raises(PhaseClosed) as exc:
        check_phase(campaign, "nomination", on=D(2019, 7, 10), action="提交申报")
    assert exc.value.message == "“申报推荐”阶段（2019年4月9日至2019年7月9日）已结束，不能提交申报。"


def test_before_the_phase(campaign):
    with pytest.raises(PhaseClosed) as exc:
        check_phase(campaign, "voting", on=D(2019, 7, 1), action="投票")
    assert exc.value.message == "“评选投票”阶段（2019年7月27日至2019年8月9日）尚未开始，不能投票。"


def test_missing_phase(campaign):
    with pytest.raises(PhaseClosed) as exc:
        check_phase(campaign, "commendation", on=D(2019, 9, 1))
    assert exc.value.message == "本活动没有设置“命名表彰”阶段。"


def test_extension_opens_the_phase_for_one_unit_and_its_subtree_only(campaign, tree):
    from pingxuan.orgs.models import User

    organiser = User.objects.get(username="organiser")
    phase = campaign.phases.get(kind="nomination")
    grant_extension(user=organiser, phase=phase, organisation=tree["dongbao"], until=D(2019, 7, 15), reason="汛期抢险，材料延迟")
    assert check_phase(campaign, "nomination", organisation=tree["tax"], on=D(2019, 7, 12)) == phase
    with pytest.raises(PhaseClosed) as exc:
        check_phase(campaign, "nomination", organisation=tree["duodao"], on=D(2019, 7, 12))
    assert exc.value.message == "“申报推荐”阶段（2019年4月9日至2019年7月9日）已结束。"
    with pytest.raises(PhaseClosed) as exc:
        check_phase(campaign, "nomination", organisation=tree["dongbao"], on=D(2019, 7, 16))
    assert exc.value.message == "“申报推荐”阶段（2019年4月9日至2019年7月9日）已结束（本单位已延期至 2019年7月15日）。"
    event = AuditEvent.objects.filter(action="phase.extend").get()
    assert (event.after, event.reason, event.actor_repr) == (
        {"phase": "nomination", "organisation": "jm-db", "until": "2019-07-15"},
        "汛期抢险，材料延迟",
        "organiser",
    )


def test_extension_rules(campaign, tree, admin_user, make_user):
    from pingxuan.orgs.models import User

    organiser = User.objects.get(username="organiser")
    phase = campaign.phases.get(kind="nomination")
    cases = [
        ({"until": D(2019, 7, 15), "reason": "  "}, "请填写延期理由。"),
        ({"until": D(2019, 7, 1), "reason": "理由"}, "延期日期应晚于阶段结束日期 2019年7月9日。"),
        ({"until": "2019-13-01", "reason": "理由"}, "延期日期“2019-13-01”格式不对，应为 2019-07-15 这样的日期。"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ServiceError) as exc:
            grant_extension(user=organiser, phase=phase, organisation=tree["dongbao"], **kwargs)
        assert exc.value.message == message
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user)
    with pytest.raises(PermissionDenied) as exc:
        grant_extension(user=clerk, phase=phase, organisation=tree["dongbao"], until=D(2019, 7, 15), reason="理由")
    assert exc.value.message == "只有活动办公室可以批准延期。"
    assert not phase.extensions.exists()


def test_timeline_states(campaign):
    states = [(t["phase"].kind, t["state"], t["range"]) for t in timeline(campaign, on=D(2019, 7, 20))]
    assert states == [
        ("nomination", "done", "2019年4月9日至2019年7月9日"),
        ("preliminary_review", "current", "2019年7月10日至2019年7月26日"),
        ("voting", "upcoming", "2019年7月27日至2019年8月9日"),
    ]
