"""Complaint deadlines: an overdue complaint and an unanswered hotline incident produce a notice (通报) through the
periodic duty; answered-in-time and invalid complaints stay out; each item goes into one notice only."""

import datetime

import pytest
from django.utils import timezone

from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.jobs.schedule import DUTIES
from pingxuan.stars import complaints
from pingxuan.stars.models import Notice

T0 = timezone.make_aware(datetime.datetime(2011, 4, 1, 9, 0))


def reg(world, summary, **kw):
    kw.setdefault("received_at", T0)
    return complaints.register(user=world["organiser"], programme=world["programme"], window=world["w1"], summary=summary, **kw)


def test_deadlines_come_from_the_configuration(world):
    c = reg(world, "排队时间过长")
    assert (c.acknowledge_by, c.respond_by) == (T0 + datetime.timedelta(hours=24), T0 + datetime.timedelta(days=5))


def test_overdue_complaint_and_hotline_incident_make_a_notice(world):
    overdue = reg(world, "挂号员态度冷淡", member=world["m1"])
    answered = reg(world, "挂号排队时间长")
    late = reg(world, "收费多收5元")
    invalid = reg(world, "医生未按时出诊")
    hotline = reg(world, "监督电话上午10时无人接听", kind="hotline", hotline="监督投诉电话", issue="无人接听")
    complaints.respond(user=world["clerk1"], complaint=answered, response="已增开挂号窗口", at=T0 + datetime.timedelta(days=2))
    complaints.verify(user=world["organiser"], complaint=invalid, valid=False, note="经查不属于窗口服务")
    # before the deadline only the hotline incident is reportable
    assert [c.pk for c in complaints.reportable(world["programme"], T0 + datetime.timedelta(days=1))] == [hotline.pk]
    complaints.respond(user=world["clerk1"], complaint=late, response="已退还", at=T0 + datetime.timedelta(days=7))
    now = T0 + datetime.timedelta(days=8)
    assert DUTIES["stars.notices"][1] is complaints.check_notices
    assert complaints.check_notices(now=now) == "发出 1 期通报，列出 3 件"
    notice = Notice.objects.get()
    assert notice.title == "十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动通报（第 1 期）"
    assert notice.items == [
        {
            "complaint": overdue.pk,
            "kind": "投诉",
            "window": "十堰市人民医院门诊挂号窗口",
            "member": "张红",
            "received": "2011年4月1日",
            "summary": "挂号员态度冷淡",
            "reason": "逾期未答复（时限2011年4月6日，已超过 3 天）",
        },
        {
            "complaint": late.pk,
            "kind": "投诉",
            "window": "十堰市人民医院门诊挂号窗口",
            "member": "",
            "received": "2011年4月1日",
            "summary": "收费多收5元",
            "reason": "逾期答复（时限2011年4月6日，2011年4月8日答复）",
        },
        {
            "complaint": hotline.pk,
            "kind": "公开电话事件",
            "window": "十堰市人民医院门诊挂号窗口",
            "member": "",
            "received": "2011年4月1日",
            "summary": "监督电话上午10时无人接听",
            "reason": "监督投诉电话无人接听",
        },
    ]
    # nothing new: no second notice
    assert complaints.check_notices(now=now + datetime.timedelta(days=1)) == "发出 0 期通报，列出 0 件"


def test_refusals(world):
    c = reg(world, "态度生硬")
    with pytest.raises(PermissionDenied) as err:
        complaints.respond(user=world["clerk2"], complaint=c, response="已整改")
    assert err.value.message == "只有“十堰市人民医院门诊挂号窗口”的工作人员可以答复。"
    complaints.respond(user=world["clerk1"], complaint=c, response="已整改")
    with pytest.raises(InvalidTransition) as err:
        complaints.respond(user=world["clerk1"], complaint=c, response="再次答复")
    assert err.value.message == "这件投诉已经答复。"
    with pytest.raises(PermissionDenied) as err:
        complaints.verify(user=world["clerk1"], complaint=c, valid=True, note="属实")
    assert err.value.message == "只有活动办公室的组织者可以核实投诉。"
    with pytest.raises(ServiceError) as err:
        reg(world, "电话推诿", kind="hotline", hotline="投诉电话", issue="推诿")
    assert err.value.message == "电话类别应为：监督投诉电话、便民电话、咨询电话。"
    with pytest.raises(ServiceError) as err:
        reg(world, "x", member=world["m3"])
    assert err.value.message == "“王芳”不在“十堰市人民医院门诊挂号窗口”在岗。"
    with pytest.raises(PermissionDenied) as err:
        complaints.register(user=world["clerk2"], programme=world["programme"], window=world["w1"], summary="x")
    assert err.value.message == "只有活动办公室或“十堰市人民医院门诊挂号窗口”的工作人员可以登记投诉。"
