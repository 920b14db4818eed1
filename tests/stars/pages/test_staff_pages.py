"""Staff pages over HTTP: commitments (亮承诺, 回头看 with an evidence file, 再承诺), leader scores, the complaints
register with deadlines, notices and weekly summaries — each action through the page, each refusal in Chinese with
nothing saved, and 404 outside the user's scope."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from pingxuan.stars.models import Commitment, CommitmentReview, Complaint, LeaderScore

CODE = "shiyan-2011"
BASE = f"/stars/{CODE}"


def web(user):
    client = Client()
    client.force_login(user)
    return client


def png(name="证明.png"):
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def text_of(response):
    return response.content.decode()


def test_commitments_publish_review_with_evidence_and_recommit(world):
    clerk1, w1, m1 = web(world["clerk1"]), world["w1"], world["m1"]
    page = clerk1.get(f"{BASE}/commitments/")  # one window in reach: its page at once
    assert page.status_code == 200 and "十堰市人民医院门诊挂号窗口 · 公开承诺" in text_of(page)
    # the party branch is outside a window clerk's reach: not offered as a subject
    assert f'value="member:{m1.pk}"' in text_of(page) and f'value="org:{world["branch"].pk}"' not in text_of(page)
    empty = clerk1.post(
        f"{BASE}/commitments/?window={w1.pk}", {"subject": f"member:{m1.pk}", "kind": "content", "period": "2011h1", "text": " "}
    )
    assert empty.status_code == 200 and "请填写承诺内容。" in text_of(empty)
    assert Commitment.objects.count() == 0
    made = clerk1.post(
        f"{BASE}/commitments/?window={w1.pk}",
        {"subject": f"member:{m1.pk}", "kind": "content", "period": "2011h1", "text": "微笑服务，耐心解答"},
    )
    assert (made.status_code, made["Location"]) == (302, f"{BASE}/commitments/?window={w1.pk}&period=2011h1")
    listing = text_of(clerk1.get(made["Location"]))
    assert "微笑服务，耐心解答" in listing and "待回头看" in listing
    c = Commitment.objects.get()
    assert (c.member, c.organisation, c.subject_kind) == (m1, w1, "member")

    detail = f"{BASE}/commitments/{c.pk}/"
    fake = SimpleUploadedFile("证明.png", b"not an image at all", content_type="image/png")
    refused = clerk1.post(detail, {"action": "review", "period": "2011h1", "fulfilled": "yes", "evidence_file": fake})
    assert "证明材料“证明.png”应为 JPG、PNG 图片或 PDF 文件（按文件内容识别为 其他类型）。" in text_of(refused)
    assert CommitmentReview.objects.count() == 0
    done = clerk1.post(
        detail, {"action": "review", "period": "2011h1", "fulfilled": "yes", "evidence": "", "evidence_file": png()}
    )
    assert (done.status_code, done["Location"]) == (302, detail)
    review = CommitmentReview.objects.get()
    assert (review.fulfilled, review.evidence_name) == (True, "证明.png")
    shown = text_of(clerk1.get(detail))
    assert "已践诺" in shown and f'href="/stars/evidence/{review.pk}/"' in shown
    file = clerk1.get(f"/stars/evidence/{review.pk}/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == png().read()
    assert web(world["clerk2"]).get(f"/stars/evidence/{review.pk}/").status_code == 404
    assert web(world["clerk2"]).get(detail).status_code == 404
    assert web(world["outsider"]).get(f"{BASE}/commitments/").status_code == 404
    assert clerk1.get(f"{BASE}/commitments/?window={world['w2'].pk}").status_code == 404

    new = clerk1.post(detail, {"action": "recommit", "period": "2011h2", "kind": "content", "text": "微笑服务，一次讲清"})
    fresh = Commitment.objects.get(supersedes=c)
    assert (new.status_code, new["Location"]) == (302, f"{BASE}/commitments/{fresh.pk}/")
    c.refresh_from_db()
    assert (c.is_active, fresh.is_active, fresh.period) == (False, True, "2011h2")
    old_page = text_of(clerk1.get(detail))
    assert "已被取代" in old_page and "再承诺：以新承诺取代本承诺" not in old_page
    assert "微笑服务，耐心解答" in text_of(clerk1.get(f"{BASE}/commitments/{fresh.pk}/"))  # the chain is shown


def test_leader_scores_page(world):
    leader, w1, m1 = web(world["leader"]), world["w1"], world["m1"]
    url = f"{BASE}/leader/?window={w1.pk}&period=2011h1"
    page = text_of(leader.get(url))
    for label in [
        "窗口：十堰市人民医院门诊挂号窗口",
        "党组织：十堰市人民医院门诊党支部",
        "党员：张红（挂号员）",
        "党员：李明（收费员）",
    ]:
        assert label in page
    bad = leader.post(url, {f"score-member:{m1.pk}": "90", f"score-org:{w1.pk}": "150"})
    assert "窗口：十堰市人民医院门诊挂号窗口：点评得分应在 0–100 之间（收到 150）。（本次点评均未保存）" in text_of(bad)
    assert LeaderScore.objects.count() == 0
    ok = leader.post(
        url,
        {f"score-member:{m1.pk}": "90", f"comment-member:{m1.pk}": "服务热情", f"score-org:{world['branch'].pk}": "88"},
        follow=True,
    )
    assert "已保存 2 项点评。" in text_of(ok) and "90 分" in text_of(ok) and "88 分" in text_of(ok)
    assert sorted((s.subject_key, s.score, s.comment) for s in LeaderScore.objects.all()) == [
        (f"member:{m1.pk}", 90.0, "服务热情"),
        (f"org:{world['branch'].pk}", 88.0, ""),
    ]
    assert web(world["clerk1"]).get(url).status_code == 404
    assert web(world["outsider"]).get(url).status_code == 404


def test_complaints_register_deadlines_and_notices(world):
    organiser, clerk1, w1 = web(world["organiser"]), web(world["clerk1"]), world["w1"]
    long_ago = (timezone.localtime() - datetime.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    missing = organiser.post(f"{BASE}/complaints/", {"kind": "complaint", "window": "", "summary": "排队太久"})
    assert "请选择被投诉的窗口。" in text_of(missing) and Complaint.objects.count() == 0
    made = organiser.post(
        f"{BASE}/complaints/",
        {
            "kind": "complaint",
            "window": w1.pk,
            "summary": "挂号排队一小时无人引导",
            "complainant": "王先生",
            "received_at": long_ago,
        },
    )
    c = Complaint.objects.get()
    assert (made.status_code, made["Location"]) == (302, f"{BASE}/complaints/{c.pk}/")
    assert (c.respond_by - c.received_at) == datetime.timedelta(days=5)
    overdue = text_of(organiser.get(f"{BASE}/complaints/?state=overdue"))
    assert "挂号排队一小时无人引导" in overdue and "逾期未答复" in overdue and "1 件逾期未答复" in overdue
    hot = organiser.post(
        f"{BASE}/complaints/",
        {"kind": "hotline", "window": w1.pk, "hotline": "便民电话", "issue": "无人接听", "summary": "上午十点连续三次无人接听"},
    )
    assert hot.status_code == 302
    assert web(world["clerk2"]).get(f"{BASE}/complaints/{c.pk}/").status_code == 404
    assert "挂号排队一小时无人引导" not in text_of(web(world["clerk2"]).get(f"{BASE}/complaints/?state=all"))

    answered = clerk1.post(f"{BASE}/complaints/{c.pk}/", {"action": "respond", "response": "已增设导诊员"})
    assert answered.status_code == 302 and "逾期答复" in text_of(clerk1.get(answered["Location"]))
    refused = clerk1.post(f"{BASE}/complaints/{c.pk}/", {"action": "verify", "valid": "yes", "note": "属实"})
    assert "只有活动办公室的组织者可以核实投诉。" in text_of(refused)
    organiser.post(f"{BASE}/complaints/{c.pk}/", {"action": "verify", "valid": "yes", "note": "经查属实"})
    c.refresh_from_db()
    assert (c.is_valid, c.verify_note, c.response) == (True, "经查属实", "已增设导诊员")

    assert web(world["clerk1"]).get(f"{BASE}/notices/").status_code == 404
    notices = text_of(organiser.get(f"{BASE}/notices/"))
    assert "还没有发出通报。" in notices and "（2 件待通报）" in notices
    issued = organiser.post(f"{BASE}/notices/")
    assert issued.status_code == 302
    notice_page = text_of(organiser.get(issued["Location"]))
    assert "挂号排队一小时无人引导" in notice_page and "便民电话无人接听" in notice_page
    listing = text_of(organiser.get(f"{BASE}/notices/"))
    assert "（第 1 期）" in listing and "还没有发出通报。" not in listing
    again = organiser.post(f"{BASE}/notices/", follow=True)
    assert "没有逾期未答复的投诉或应通报的电话事件，未发出通报。" in text_of(again)


def test_filing_a_weekly_summary(world):
    clerk1 = web(world["clerk1"])
    url = f"{BASE}/summaries/?week=2011-05-11"
    page = text_of(clerk1.get(url))
    assert "本周还没有窗口提交小结。" in page and "未提交的窗口（1 个）" in page
    assert "请填写本周小结。" in text_of(clerk1.post(url, {"window": world["w1"].pk, "text": " "}))
    assert clerk1.post(url, {"window": world["w1"].pk, "text": "本周受理 320 件，无投诉"}).status_code == 302
    page = text_of(clerk1.get(url))
    assert "本周受理 320 件，无投诉" in page and "全部已提交。" in page
    assert "请选择窗口。" in text_of(clerk1.post(url, {"window": world["w2"].pk, "text": "x"}))


def test_dashboard_links_the_programme_to_its_staff(world):
    assert f'href="{BASE}/commitments/"' in text_of(web(world["clerk1"]).get("/"))
    assert f'href="{BASE}/commitments/"' not in text_of(web(world["outsider"]).get("/"))


def test_window_choices_can_be_narrowed_by_name(world):
    organiser = web(world["organiser"])
    page = text_of(organiser.get(f"{BASE}/complaints/?wq=民政"))
    assert f'<option value="{world["w2"].pk}"' in page and f'<option value="{world["w1"].pk}"' not in page
    assert 'placeholder="按名称查找窗口（共 1 个）"' in page
    page = text_of(organiser.get(f"{BASE}/summaries/?week=2011-05-11&wq=医院"))
    assert f'<option value="{world["w1"].pk}"' in page and f'<option value="{world["w2"].pk}"' not in page


def test_star_runs_page_computes_and_publishes(world):
    organiser = web(world["organiser"])
    url = f"{BASE}/runs/"
    assert "还没有计算过星级。" in text_of(organiser.get(url))
    assert web(world["clerk1"]).get(url).status_code == 404
    assert "没有周期“2030h1”" in text_of(organiser.post(url, {"action": "compute", "period": "2030h1"}, follow=True))
    page = text_of(organiser.post(url, {"action": "compute", "period": "2011h1"}, follow=True))
    assert "星级已计算，核对后请公布。" in page and "未公布" in page
    from pingxuan.stars.models import StarRun

    run = StarRun.objects.get()
    supervisor = web(world["supervisor"])
    assert "计算星级</button>" not in text_of(supervisor.get(url))
    assert "只有活动办公室的组织者可以公布星级榜。" in text_of(
        supervisor.post(url, {"action": "publish", "run": run.pk}, follow=True)
    )
    page = text_of(organiser.post(url, {"action": "publish", "run": run.pk}, follow=True))
    assert "星级榜已公布。" in page and "查看星级榜" in page
    assert "张红" in text_of(Client().get(f"{BASE}/board/?period=2011h1&kind=member"))


def test_flagged_ratings_page_invalidates_a_group(world, verified):
    from pingxuan.stars import ratings
    from pingxuan.stars.models import Rating

    day = timezone.make_aware(datetime.datetime(2011, 3, 1, 9, 0))
    for i in range(22):
        ratings.submit(
            programme=world["programme"],
            window=world["w1"],
            token=verified(f"1350000{i:04d}"),
            option="satisfied",
            now=day + datetime.timedelta(seconds=i),
        )
    organiser, url = web(world["organiser"]), f"{BASE}/flagged/"
    page = text_of(organiser.get(url))
    assert "10 分钟内同一窗口评议达 20 次以上" in page and "作废这 2 条评议" in page
    assert web(world["clerk1"]).get(url).status_code == 404
    flagged = ",".join(str(r.pk) for r in Rating.objects.exclude(flags=[]).order_by("id"))
    assert "请填写作废原因。" in text_of(organiser.post(url, {"ratings": flagged, "reason": " "}, follow=True))
    done = text_of(organiser.post(url, {"ratings": flagged, "reason": "短时集中评议，经核实为刷票"}, follow=True))
    assert "已作废 2 条评议" in done and "没有待处理的异常评议。" in done
    assert Rating.objects.filter(is_valid=False, invalid_reason="短时集中评议，经核实为刷票").count() == 2


def test_office_tabs_only_for_those_who_may_open_them(world):
    clerk = text_of(web(world["clerk1"]).get(f"{BASE}/complaints/"))
    office = text_of(web(world["supervisor"]).get(f"{BASE}/complaints/"))
    for tab in (f'href="{BASE}/notices/"', f'href="{BASE}/flagged/"', f'href="{BASE}/runs/"'):
        assert tab not in clerk and tab in office
