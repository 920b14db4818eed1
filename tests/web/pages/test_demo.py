"""`manage.py demo` (what `make run` loads): campaigns dated relative to today, one at each stage a visitor wants to
see, a 十堰 round with windows, ratings and star levels, the URL each role starts at; sensible demo unit names."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from pingxuan.awards.models import Certificate
from pingxuan.campaigns import services as campaign_services
from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.services import load_preset
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.models import Organisation, User
from pingxuan.publicity.models import Objection
from pingxuan.results.models import Decision
from pingxuan.stars.models import StarLevel
from pingxuan.voting.models import Cluster, Vote
from pingxuan.web.demo import add_demo, ensure_admin


def run_demo(*args):
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def current(code):
    campaign = Campaign.objects.get(code=code)
    return [t["phase"].kind for t in campaign_services.timeline(campaign) if t["state"] == "current"]


def statuses(code):
    return sorted(Nomination.objects.filter(campaign__code=code).values_list("status", flat=True))


@pytest.mark.django_db
def test_demo_has_a_campaign_at_each_stage_dated_from_today(client):
    out = run_demo("--base", "http://192.168.1.5:8000")
    assert current("jm-demo-nominating") == ["nomination"]
    assert statuses("jm-demo-nominating") == ["draft", "draft", "returned", "submitted"]
    assert current("jm-demo-voting") == ["voting"]
    assert statuses("jm-demo-voting") == ["candidate"] * 8
    assert Vote.objects.filter(campaign__code="jm-demo-voting").count() == 72
    farm = Cluster.objects.get(campaign__code="jm-demo-voting", kind=Cluster.Kind.DEVICE)
    assert (farm.size, farm.state, farm.title) == (12, Cluster.State.OPEN, "同一设备：12 票，多数投给“市直办税服务厅”")
    assert current("jm-demo-publicity") == ["shortlist_publicity"]
    assert statuses("jm-demo-publicity") == ["published"] * 5
    assert list(Objection.objects.filter(publication__campaign__code="jm-demo-publicity").values_list("status", flat=True)) == [
        "pending"
    ]
    assert current("jm-demo-decided") == ["decision", "commendation"]
    assert statuses("jm-demo-decided") == ["awarded"] * 5
    assert Decision.objects.filter(campaign__code="jm-demo-decided").count() == 1
    assert Certificate.objects.filter(campaign__code="jm-demo-decided", status="issued").count() == 5
    assert StarLevel.objects.filter(run__programme__code="sy-demo", level__gt=0).count() >= 4
    assert Organisation.objects.filter(code__in=["sy-hosp-w1", "sy-mz-w1"], kind="window").count() == 2

    for line in [
        "评选 pingxuan 已就绪： http://192.168.1.5:8000/",
        "  organiser   活动办公室（组织者） http://192.168.1.5:8000/accounts/login/?next=/  （荆门市窗口行业优质服务评选活动领导小组）",
        "  clerk       经办人        http://192.168.1.5:8000/accounts/login/?next=/nominations/  （市直税务局直属分局）",
        "  judge1      专家评委       http://192.168.1.5:8000/accounts/login/?next=/judging/my/  （专家评审组）",
        "  window      经办人        http://192.168.1.5:8000/accounts/login/?next=/  （十堰市人民医院门诊挂号窗口）",
        "  市民          星级榜        http://192.168.1.5:8000/stars/sy-demo/board/  （无需登录）",
    ]:
        assert line in out.splitlines()
    assert out.count("已建演示活动") == 4

    # The pages a visitor starts at answer with the demo's content.
    client.force_login(User.objects.get(username="organiser"))
    page = client.get("/").content.decode()
    assert "待处理的刷票预警（" in page and "待核查的异议（" in page
    client.force_login(User.objects.get(username="approver1"))
    assert "市直门诊服务窗口" in client.get(reverse("nom-queue")).content.decode()
    client.force_login(User.objects.get(username="clerk"))
    assert "退回给我修改的推荐" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="judge1"))
    assert "待我评分的推荐对象" in client.get("/").content.decode()

    # The 十堰 star board opens on a tab with rows.
    client.logout()
    board = client.get(reverse("stars-board", args=["sy-demo"])).content.decode()
    assert "张红" in board and "暂无" not in board

    # A second run adds nothing.
    again = run_demo()
    assert "已建演示活动" not in again
    assert Campaign.objects.filter(code__startswith="jm-demo-").count() == 4


@pytest.mark.django_db
def test_demo_units_are_named_after_the_place_or_the_department():
    """Not “溧阳市文明办税务局直属分局”: a district's 文明办 stands for its district; a department gets its own bodies."""
    admin = ensure_admin()
    campaign = load_preset(user=admin, name="changzhou-2015")
    add_demo(campaign, user=admin)

    def below(code):
        """Each unit under `code` with the unit it sits under (ids decide sibling order, so compare the tree)."""
        unit = Organisation.objects.get(code=code)
        rows = Organisation.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).select_related("parent")
        return {row.name: row.parent.name for row in rows}

    assert below("cz-liyang") == {
        "溧阳市税务局": "溧阳市文明办",
        "溧阳市税务局直属分局": "溧阳市税务局",
        "溧阳市办税服务厅": "溧阳市税务局直属分局",
        "溧阳市人民医院": "溧阳市文明办",
        "溧阳市人民医院第一分部": "溧阳市人民医院",
        "溧阳市门诊服务窗口": "溧阳市人民医院第一分部",
        "溧阳市公交集团": "溧阳市文明办",
        "溧阳市公交集团第一分部": "溧阳市公交集团",
        "溧阳市客服中心": "溧阳市公交集团第一分部",
    }
    assert below("cz-gongan") == {
        "常州市公安局出入境管理支队": "常州市公安局",
        "常州市公安局出入境管理支队出入境服务大厅": "常州市公安局出入境管理支队",
        "常州市公安局出入境办证窗口": "常州市公安局出入境管理支队出入境服务大厅",
    }
    names = list(Organisation.objects.values_list("name", flat=True))
    assert not [n for n in names if "文明办税务局" in n or "文明办人民医院" in n or "公安局税务局" in n]
