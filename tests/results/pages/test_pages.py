"""The results pages through HTTP: ranking, explanation, export, staging with reasons, applying, the decision, and
404 for anyone outside the campaign's office."""

import io

import openpyxl
import pytest
from django.test import Client

from pingxuan.nominations.models import Nomination, Status
from pingxuan.results import services
from pingxuan.results.models import ListStatus, ResultList


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_ranking_explanation_and_export(small):
    noms, org = small["noms"], small["organiser"]
    c = client_for(org)
    page = text(c.get("/results/c/rs/"))
    assert "群众满意窗口" in page and "参与排名 6 个 · 表彰名额 3 个 · 按排名入选 3 个" in page
    page = text(c.get("/results/c/rs/window/"))
    assert page.count('class="table-success"') == 3
    assert f"/results/c/rs/n/{noms[0].pk}/" in page
    assert "专家评分 100%" in page
    page = text(c.get(f"/results/c/rs/n/{noms[1].pk}/"))
    assert "得分即分值（百分制）：0" in page
    assert "0 × 100% = 0" in page
    assert "在 6 个对象中排第 <strong>2</strong> 名" in page
    assert "由“<strong>推荐单位排序</strong>”决定先后" in page
    response = c.get("/results/c/rs/export.xlsx")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in ws[1]][:8] == [
        "名次",
        "推荐对象",
        "单位",
        "推荐单位",
        "专家评分原始值",
        "专家评分分值",
        "专家评分权重%",
        "专家评分加权",
    ]
    assert [ws.cell(row=i, column=2).value for i in range(2, 8)] == [n.title for n in noms]
    assert [ws.cell(row=i, column=13).value for i in range(2, 8)] == ["是", "是", "是", None, None, None]


@pytest.mark.django_db
def test_staging_page_reasons_apply_and_decision(small):
    noms, cat = small["noms"], small["category"]
    c = client_for(small["organiser"])
    url = "/results/c/rs/window/stage/?stage=shortlist"
    page = text(c.get(url))
    assert page.count('name="include"') == 6 and page.count("checked") == 3
    ids = [noms[0].pk, noms[1].pk, noms[3].pk]
    page = text(c.post(url, {"stage": "shortlist", "include": ids, f"reason_{noms[3].pk}": "群众来信表扬"}, follow=True))
    assert f"偏离排名须逐一写明理由：第 3 名“{noms[2].title}”排名靠前而未列入。" in page
    assert ResultList.objects.count() == 0
    data = {"stage": "shortlist", "include": ids, f"reason_{noms[3].pk}": "群众来信表扬", f"reason_{noms[2].pk}": "考察未通过"}
    page = text(c.post(url, data, follow=True))
    assert "已拟定入围名单草稿（尚未生效）" in page and "偏离排名（已写明理由）</strong>（2 项）" in page
    assert "须先处理" not in page
    draft = ResultList.objects.get(status=ListStatus.DRAFT)
    assert "未列入：" in page and "考察未通过" in page
    page = text(c.post(f"/results/c/rs/lists/{draft.pk}/apply/", follow=True))
    assert "入围名单已生效。" in page
    assert (
        list(Nomination.objects.filter(category=cat, status=Status.SHORTLISTED).order_by("id").values_list("pk", flat=True))
        == ids
    )
    # The organiser does not decide; the leading-group member does, on the decision page.
    page = text(c.get("/results/c/rs/decision/"))
    assert "审定决定由领导小组成员记录。" in page
    leader = client_for(small["leader"])
    # 审定: the minutes are required; the first post shows what will happen and asks to confirm; nothing changes yet.
    page = text(leader.post("/results/c/rs/decision/", {"minutes": " "}))
    assert "请填写“会议纪要（审定意见）”：这一步记录在案，必须写明。" in page
    page = text(leader.post("/results/c/rs/decision/", {"minutes": "领导小组审定"}))
    assert "请确认：记录领导小组审定决定" in page and "审定决定记录后不可撤销" in page
    assert Nomination.objects.filter(category=cat, status=Status.AWARDED).count() == 0
    page = text(leader.post("/results/c/rs/decision/", {"minutes": "领导小组审定", "confirmed": "1"}, follow=True))
    assert "个对象列入表彰名单，其余候选对象为“未获表彰”。下一步：命名表彰（发文、颁发证书）。" in page
    assert list(Nomination.objects.filter(category=cat, status=Status.AWARDED).order_by("id").values_list("pk", flat=True)) == ids
    # The supervisor reads the decision with the kept reasons, and cannot stage.
    page = text(client_for(small["supervisor"]).get("/results/c/rs/decision/"))
    assert f"{noms[3].title}（第 4 名）排名靠后而列入：群众来信表扬" in page
    assert f"{noms[2].title}（第 3 名）排名靠前而未列入：考察未通过" in page
    assert "会议纪要：领导小组审定" in page
    page = text(client_for(small["supervisor"]).get("/results/c/rs/window/stage/?stage=final"))
    assert 'name="include"' not in page


@pytest.mark.django_db
def test_outsiders_get_404(small, admin_user, make_user):
    from pingxuan.orgs.services import create_org

    other = create_org(user=admin_user, code="other-lg", name="另一个活动", kind="leading_group")
    outsider = make_user(other, "organiser", by=admin_user, username="other-org")
    draft = services.stage_list(user=small["organiser"], category=small["category"], stage="shortlist")
    n = small["noms"][0]
    urls = [
        "/results/c/rs/",
        "/results/c/rs/window/",
        "/results/c/rs/window/stage/",
        f"/results/c/rs/n/{n.pk}/",
        "/results/c/rs/export.xlsx",
        "/results/c/rs/decision/",
    ]
    for user in (small["clerk"], outsider):
        c = client_for(user)
        assert [c.get(u).status_code for u in urls] == [404] * len(urls)
        assert c.post(f"/results/c/rs/lists/{draft.pk}/apply/").status_code == 404
    assert ResultList.objects.get(pk=draft.pk).status == ListStatus.DRAFT
