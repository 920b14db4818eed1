"""谷城 2011 (seed 000, 谷创先发〔2011〕14号) played end to end through the services and HTTP, for all three awards:

- “确定50个……候选单位……并以县委创先争优活动领导小组名义制发文件、组织挂牌” — 51 nominations per award pass 初审, the
  candidate list takes at most 50, and the plaque list (挂牌名单) lists them;
- “公众及党代表投票” — public votes, the delegates' ballot sheets (personal code and QR), delegates voting online with
  their code, two clerks typing the paper ballots and reconciling them;
- “提出15个……在县级新闻媒体进行公示” — a shortlist of 15 per award published in 县级新闻媒体;
- “最终确定……名单，由县委命名表彰” — the final 10 per award decided, and the certificates issued and verifiable.
"""

import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from pingxuan.awards.models import Certificate
from pingxuan.awards.services import issue_certificates
from pingxuan.campaigns.services import load_preset
from pingxuan.core import confirm
from pingxuan.core.errors import ServiceError
from pingxuan.judging import services as judging
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.publicity import publishing
from pingxuan.results import services as results
from pingxuan.voting import otp
from pingxuan.voting import services as votes
from pingxuan.voting.models import Delegate, Voter
from tests.awards.helpers import pdf_images, pdf_text
from tests.world import person, verify_open_checks

pytestmark = pytest.mark.django_db
CST = datetime.timezone(datetime.timedelta(hours=8))
UNITS = ["gc-chengguan", "gc-shihua", "gc-shengkang", "gc-miaotan", "gc-wushan", "gc-cihe", "gc-nanhe", "gc-zijin"]
UNITS += ["gc-lengji", "gc-zhaowan", "gc-kaifaqu", "gc-xzfwzx", "gc-jiaoyu", "gc-gongan", "gc-minzheng", "gc-renshe"]
UNITS += ["gc-zhujian"]  # 17 units × 3 = 51 per award


def _at(y, m, d, h=10):
    return datetime.datetime(y, m, d, h, 0, tzinfo=CST)


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_seed_000_gucheng_2011_fifty_plaques_votes_fifteen_published_ten_commended(admin_user, client, tmp_path):
    with time_machine.travel(_at(2011, 11, 25), tick=False):
        campaign = load_preset(user=admin_user, name="gucheng-2011")
        root = campaign.owner
        office = person(root, "organiser", by=admin_user, username="gc-office")
        second = person(root, "organiser", by=admin_user, username="gc-office2")  # the second clerk typing paper ballots
        leader = person(root, "leader", by=admin_user, username="gc-leader")
        cats = {c.code: c for c in campaign.categories.all()}
        noms = {code: [] for code in cats}
        for code in UNITS:
            unit = Organisation.objects.get(code=code)
            clerk = person(unit, "clerk", by=admin_user, username=f"{code}-clerk")
            for cat_code, category in cats.items():
                for i in range(3):
                    data = {
                        next(
                            f["key"] for f in category.form["fields"] if f["type"] == "text"
                        ): f"{unit.name}{category.name}{i + 1}"
                    }
                    noms[cat_code].append(create_nomination(user=clerk, category=category, unit=unit, data=data))
    # 初审 (the units' chains are not what this play is about: the nominations arrive as received).
    with time_machine.travel(_at(2011, 12, 10), tick=False):
        for cat_code, items in noms.items():
            for n in items:
                change_status(n, Status.RECEIVED, user=office, action="nomination.received")
                verify_open_checks(office, n)  # 群众满意率达95%以上: no programme data, verified by the office
                judging.review(user=office, nomination=n, decision="pass")
            category = cats[cat_code]
            with pytest.raises(ServiceError) as refused:
                judging.stage_candidates(user=office, category=category, nomination_ids=[n.pk for n in items])
            assert refused.value.message == "候选名单最多 50 个，现拟定 51 个。"
            judging.stage_candidates(user=office, category=category, nomination_ids=[n.pk for n in items[:50]])
            judging.apply_candidates(user=office, category=category)
        # 挂牌: the plaque list of each award's 50 candidates, in the leading group's name.
        client.force_login(office)
        for cat_code, category in cats.items():
            answer = client.get(reverse("judging-candidate-doc", args=[campaign.code, cat_code, "plaques", "docx"]))
            assert answer.status_code == 200
            doc = Document(io.BytesIO(answer.content))
            rows = [[c.text for c in r.cells] for r in doc.tables[0].rows[1:]]
            assert [r[0] for r in rows] == [f"{i:03d}" for i in range(1, 51)]
            assert sorted(r[1] for r in rows) == sorted(n.title for n in noms[cat_code][:50])
            assert f"以下 50 个候选对象实行挂牌创建，牌匾文字为“{category.name}候选对象”。" in [
                p.text.strip() for p in doc.paragraphs
            ]
    # 公众及党代表投票.
    window = noms["window"]
    with time_machine.travel(_at(2011, 12, 20), tick=False):
        voter = 0
        for i in range(20):  # the window candidate i gets 20 − i public votes, one voter each (1 vote a day)
            for _ in range(20 - i):
                voter += 1
                token = otp.make_token(Voter.objects.create(phone=f"1390000{voter:04d}"))
                votes.cast_vote(token=token, nomination_id=window[i].pk, now=_at(2011, 12, 20))
        sheet = openpyxl.Workbook()
        sheet.active.append(["编号", "姓名", "代表团"])
        for d in range(1, 13):
            sheet.active.append([f"{d:03d}", f"代表{d}", "城关镇代表团"])
        buf = io.BytesIO()
        sheet.save(buf)
        buf.seek(0)
        buf.name = "代表名单.xlsx"
        api = _api(office)
        answer = api.post(reverse("api-voting-delegates-import", args=[campaign.code]), {"file": buf}, format="multipart")
        assert answer.status_code in (200, 201), answer.content
        assert Delegate.objects.filter(campaign=campaign).count() == 12
        pdf = api.get(reverse("api-voting-ballot-sheets", args=[campaign.code]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        printed = [c.replace(" ", "") for c in re.findall(r"个人选票码：\s*(.+)", pdf_text(pdf.content))]
        codes = dict(Delegate.objects.filter(campaign=campaign).values_list("number", "code"))
        assert sorted(printed) == sorted(codes.values())
        assert len(pdf_images(tmp_path, pdf.content)) == 12  # one QR code per ballot
        public = APIClient()
        for number in [f"{d:03d}" for d in range(1, 11)]:  # ten delegates vote online with their personal code
            for cat_code in cats:
                picked = [n.pk for n in noms[cat_code][:10]]
                answer = public.post(
                    reverse("api-vote-delegate"), {"code": codes[number], "category": cat_code, "choices": picked}, format="json"
                )
                assert answer.status_code == 201, answer.content
        # Two delegates hand in paper ballots: two clerks type each one, and it counts once both agree.
        for number in ("011", "012"):
            for cat_code in cats:
                picked = [n.pk for n in noms[cat_code][:10]]
                body = {"delegate": number, "category": cat_code, "choices": picked}
                first = _api(office).post(reverse("api-voting-paper-entry", args=[campaign.code]), body, format="json")
                assert first.json() == {"state": "waiting", "state_label": "待第二人录入"}
                again = _api(office).post(reverse("api-voting-paper-entry", args=[campaign.code]), body, format="json")
                assert again.status_code == 400  # the same clerk cannot confirm their own typing
                second_entry = _api(second).post(reverse("api-voting-paper-entry", args=[campaign.code]), body, format="json")
                assert second_entry.json() == {"state": "counted", "state_label": "一致，已计票"}
        rec = _api(office).get(reverse("api-voting-reconciliation", args=[campaign.code])).json()
        assert len(rec) == 6 and {r["state"] for r in rec} == {"counted"}
    # 15 per award published in 县级新闻媒体, once the office has closed the count of the delegates' ballots.
    with time_machine.travel(_at(2012, 1, 4), tick=False):
        for cat_code in cats:
            url = reverse("api-voting-count-closure", args=[campaign.code, cat_code])
            closed = _api(office).post(url, {"note": "代表选票已全部录入并核对"}, format="json")
            assert closed.status_code == 201, closed.content
        for category in cats.values():
            draft = results.stage_list(user=office, category=category, stage="shortlist")
            results.apply_list(user=office, result_list=draft)
        pub = publishing.publish(user=office, campaign=campaign, stage="shortlist", starts_on="2012-01-04", ends_on="2012-01-10")
        entries = list(pub.entries.order_by("category__sort_order", "position"))
        assert [sum(1 for e in entries if e.category_id == c.pk) for c in cats.values()] == [15, 15, 15]
        assert {e.nomination_id for e in entries if e.category_id == cats["window"].pk} == {n.pk for n in window[:15]}
        assert "县级新闻媒体" in campaign.publicity["shortlist"]["channels"]
    with time_machine.travel(_at(2012, 1, 11), tick=False):
        publishing.finalise(user=office, publication=pub)
        client.force_login(leader)
        minutes = {"minutes": "经县委创先争优活动领导小组审议。"}
        summary = client.post(reverse("results-decision", args=[campaign.code]), minutes)
        assert "审定" in summary.content.decode() and summary.status_code == 200  # the summary asks for confirmation
        page = client.post(reverse("results-decision", args=[campaign.code]), {**minutes, confirm.CONFIRMED: "1"})
        assert page.status_code == 302
    for category in cats.values():
        assert Nomination.objects.filter(category=category, status=Status.AWARDED).count() == 10
    assert sorted(
        Nomination.objects.filter(category=cats["window"], status=Status.AWARDED).values_list("pk", flat=True)
    ) == sorted(n.pk for n in window[:10])
    with time_machine.travel(_at(2012, 1, 16), tick=False):
        issued = issue_certificates(user=office, campaign=campaign)
        assert len(issued) == 30
        cert = Certificate.objects.filter(nomination=window[0]).get()
        client.logout()
        shown = client.get(reverse("awards-verify", args=[cert.token]))
        assert shown.status_code == 200
        assert cert.serial in shown.content.decode() and window[0].title in shown.content.decode()
