"""The demo a visitor can use: campaigns dated relative to today, one at each stage worth seeing, and a 十堰 round.

Every object is made by the service functions users trigger (creating, submitting, approving, voting, publishing,
deciding, issuing), with the phases of each campaign moved so that the work happens inside them; at the end each
campaign's timeline is laid out around today for the stage it shows:

  荆门 · 申报中    the nomination phase open: drafts, a nomination waiting for approval, one returned for changes
  荆门 · 投票中    the public vote open: candidates with votes, and a cluster of votes from one device (刷票预警)
  荆门 · 公示中    the shortlist publicised with one objection waiting to be looked into
  荆门 · 已审定    the leading group's decision recorded and the certificates issued
  十堰 · 一诺双评   windows with people on duty, commitments, public ratings, leader scores and published star levels
"""

import datetime
import io

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pingxuan.campaigns.models import Campaign
from pingxuan.orgs.models import Organisation, User

PRESET = "jingmen-2019"
STAGES = [
    # code, name suffix, what the stage shows
    ("jm-demo-nominating", "申报中", "申报推荐阶段：草稿、待审核、退回修改"),
    ("jm-demo-voting", "投票中", "投票阶段：群众投票和刷票预警"),
    ("jm-demo-publicity", "公示中", "公示阶段：拟表彰名单公示和待核查的异议"),
    ("jm-demo-decided", "已审定", "已审定：表彰决定和荣誉证书"),
]
PROGRAMME = "sy-demo"

# (start, end) in days from today of each phase, for the stage each campaign shows.
LAYOUT = {
    "jm-demo-nominating": {
        "nomination": (-10, 20),
        "preliminary_review": (21, 30),
        "candidate_publicity": (31, 37),
        "voting": (38, 51),
        "shortlist_publicity": (52, 58),
        "decision": (59, 60),
        "commendation": (61, 62),
    },
    "jm-demo-voting": {
        "nomination": (-60, -31),
        "preliminary_review": (-30, -21),
        "candidate_publicity": (-20, -14),
        "voting": (-3, 10),
        "shortlist_publicity": (11, 17),
        "decision": (18, 19),
        "commendation": (20, 21),
    },
    "jm-demo-publicity": {
        "nomination": (-80, -51),
        "preliminary_review": (-50, -41),
        "candidate_publicity": (-40, -34),
        "voting": (-33, -20),
        "shortlist_publicity": (-2, 4),
        "decision": (5, 6),
        "commendation": (7, 8),
    },
    "jm-demo-decided": {
        "nomination": (-100, -71),
        "preliminary_review": (-70, -61),
        "candidate_publicity": (-60, -54),
        "voting": (-53, -40),
        "shortlist_publicity": (-15, -9),
        "decision": (-2, 3),
        "commendation": (-2, 20),
    },
}
# While the demo is being made: the nomination phase open, the vote ended yesterday, publicity and decision open today,
# so each step happens inside its phase (the final layout above is set afterwards).
ALL_OPEN = {
    "nomination": (-6, 1),
    "preliminary_review": (-6, -1),
    "candidate_publicity": (-6, 6),
    "voting": (-6, -1),
    "shortlist_publicity": (-1, 40),
    "decision": (-1, 40),
    "commendation": (-1, 40),
}

WINDOWS = [
    ("市直办税服务厅", "李明", "荆门市象山大道 1 号", "便民高效，热情周到。"),
    ("市直门诊服务窗口", "王芳", "荆门市白庙路 2 号", "以病人为中心，微笑服务。"),
    ("市直公交客服中心", "张强", "荆门市月亮湖路 3 号", "安全准点，文明出行。"),
    ("东宝区办税服务厅", "赵敏", "东宝区泉口路 4 号", "一次告知，限时办结。"),
    ("市直不动产登记窗口", "孙丽", "荆门市长宁大道 5 号", "一窗受理，当日办结。"),
    ("市直医保经办窗口", "周杰", "荆门市象山大道 6 号", "便民利民，热情周到。"),
]
PEOPLE = [("陈静", "女", "1985-06", "市直办税服务厅 导税员"), ("刘洋", "男", "1990-03", "市直门诊服务窗口 挂号员")]


def day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _moved(data, layout):
    for phase in data["phases"]:
        if phase["kind"] in layout:
            start, end = layout[phase["kind"]]
            phase["start"], phase["end"] = day(start).isoformat(), day(end).isoformat()
        for mark in phase.get("milestones") or []:
            if mark.get("date"):
                mark["date"] = phase["start"]
    return data


def set_phases(campaign, admin, layout):
    from pingxuan.campaigns import config as cfgmod
    from pingxuan.campaigns.services import update_section

    phases = _moved({"phases": cfgmod.export_config(campaign)["phases"]}, layout)["phases"]
    update_section(user=admin, campaign=campaign, section="phases", value=phases)


_PHOTO = {}


def _jpeg(name, colour):
    """A photo within the jingmen photo rules (1200 × 900, 500 KB–2 MB): a tinted noise picture, made once."""
    if colour not in _PHOTO:
        from PIL import Image

        noise = Image.effect_noise((1200, 900), 60).convert("RGB")
        img = Image.blend(noise, Image.new("RGB", noise.size, colour), 0.45)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=92)
        _PHOTO[colour] = buf.getvalue()
    return SimpleUploadedFile(name, _PHOTO[colour], content_type="image/jpeg")


def window_data(name, head, address, motto, n):
    return {
        "unit_name": name,
        "unit_phone": f"0724-23722{n:02d}",
        "unit_address": address,
        "head_name": head,
        "head_mobile": f"139072400{n:02d}",
        "clerk_name": "陈静",
        "clerk_title": "办公室主任",
        "clerk_mobile": f"139072401{n:02d}",
        "service_motto": motto,
        "honours_and_deeds": "2018 年获荆门市“工人先锋号”；全年办件零差错、零投诉。",
        "material": f"{name}坚持{motto}" + "窗口推行预约服务、延时服务和帮办代办，群众满意度持续提升。" * 25,
    }


def person_data(name, gender, birth, post, n):
    return {
        "name": name,
        "gender": gender,
        "birth": birth,
        "political_status": "中共党员",
        "workplace_post": post,
        "education": "大学本科",
        "mobile": f"139072402{n:02d}",
        "resume": f"{name}，从事窗口服务工作十余年，熟悉业务，服务热情。" * 4,
        "material": f"{name}在窗口岗位上" + "耐心细致地为群众办事，多次受到群众书面表扬。" * 30,
    }


def _complete_window(clerk, category, unit, data):
    from pingxuan.nominations import services, uploads

    n = services.create_nomination(user=clerk, category=category, unit=unit, data=data)
    for i in range(3):
        uploads.add_attachment(
            user=clerk, nomination=n, field_key="activity_photos", upload=_jpeg(f"活动照片{i + 1}.jpg", "#3a6ea5")
        )
    uploads.add_attachment(user=clerk, nomination=n, field_key="unit_photo", upload=_jpeg("单位形象.jpg", "#a53a3a"))
    return n


def _candidate(clerk, organiser, category, unit, data):
    """A nomination the office received and passed at 初审, listed as a candidate (as the sweep of the pages does)."""
    from pingxuan.nominations.models import Status
    from pingxuan.nominations.services import change_status, create_nomination

    n = create_nomination(user=clerk, category=category, unit=unit, data=data)
    settle_eligibility(n, clerk, organiser)
    for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
        change_status(n, status, user=organiser, action=f"nomination.{status}", reason="")
    return n


def settle_eligibility(n, clerk, organiser):
    """The eligibility checklist settled as a real round settles it: the unit attests what it must, the office
    records its verification of what the product cannot check (待核实)."""
    from pingxuan.nominations import eligibility

    for item in eligibility.checklist(n):
        if item["state"] in ("pass", "attested"):
            continue
        if item["check"] == "attested":
            eligibility.attest(user=clerk, nomination=n, rule_key=item["key"], statement="经本单位核实，符合该条件。")
        else:
            kind = "verified" if item["state"] == "unknown" else "exemption"
            eligibility.rule_on(
                user=organiser, nomination=n, rule_key=item["key"], kind=kind, reason="经活动办公室调阅群众评议和投诉记录核实。"
            )


def _phone_token(phone):
    """A phone verified by SMS code, as the public pages' code step gives it (stars.otp)."""
    from pingxuan.stars import otp

    return signing.dumps({"p": phone}, salt=otp.SALT)


class Demo:
    def __init__(self, admin, out=None):
        self.admin = admin
        self.out = out or (lambda line: None)

    def users(self):
        names = ["organiser", "leader", "clerk", "approver1", "approver2", "approver3"]
        return {u.username: u for u in User.objects.filter(username__in=names)}

    # -- campaigns -----------------------------------------------------------------------------------------------

    def campaign(self, code, suffix):
        from pingxuan.campaigns import moving
        from pingxuan.campaigns.presets import preset_path, read_yaml
        from pingxuan.campaigns.services import create_campaign
        from pingxuan.web.demo import add_demo

        data = read_yaml(preset_path(PRESET).read_text(encoding="utf-8"))
        year = timezone.localdate().year
        # The preset moved to this round (its form's 报送期限 too), as the wizard does; then the working layout.
        data = moving.move(
            data,
            start=day(LAYOUT[code]["nomination"][0]),
            year=year,
            name=f"{year}年度荆门市窗口行业“优质服务窗口、优质服务明星”评选（演示·{suffix}）",
            title=f"关于开展{year}年度荆门市窗口行业“优质服务窗口、优质服务明星”评选活动的通知",
            doc_number=f"荆工办〔{year}〕3号",
        )
        data["code"] = code
        data.pop("issued_on", None)
        campaign = create_campaign(user=self.admin, data=_moved(data, ALL_OPEN), preset=PRESET)
        add_demo(campaign, user=self.admin)
        return campaign

    def places(self):
        clerk = User.objects.get(username="clerk")
        base = clerk.memberships.get(is_active=True).organisation
        window = Organisation.objects.filter(parent=base, kind="window").first()
        return clerk, base, window

    def candidates(self, campaign, count=3):
        u = self.users()
        clerk, base, window = self.places()
        out = []
        wcat, icat = campaign.categories.get(code="window"), campaign.categories.get(code="individual")
        for i, (name, head, address, motto) in enumerate(WINDOWS[:count], start=1):
            out.append(_candidate(clerk, u["organiser"], wcat, window, window_data(name, head, address, motto, i)))
        for i, (name, gender, birth, post) in enumerate(PEOPLE, start=1):
            out.append(_candidate(clerk, u["organiser"], icat, base, person_data(name, gender, birth, post, i)))
        return out

    def nominating(self, campaign):
        from pingxuan.nominations import services

        u = self.users()
        clerk, base, window = self.places()
        wcat, icat = campaign.categories.get(code="window"), campaign.categories.get(code="individual")
        services.create_nomination(user=clerk, category=wcat, unit=window, data={"unit_name": WINDOWS[0][0]})
        services.create_nomination(user=clerk, category=icat, unit=base, data=person_data(*PEOPLE[0], 1))
        waiting = _complete_window(clerk, wcat, window, window_data(*WINDOWS[1], 2))
        services.submit_nomination(user=clerk, nomination=waiting)
        returned = _complete_window(clerk, wcat, window, window_data(*WINDOWS[2], 3))
        services.submit_nomination(user=clerk, nomination=returned)
        services.decide(
            user=u["approver1"],
            nomination=returned,
            decision="return",
            opinion="评选文字材料请补充近一年的群众评价和办件数据后重新提交。",
        )

    def voting(self, campaign):
        from pingxuan.jobs.services import run_job
        from pingxuan.judging import panels
        from pingxuan.voting.analysis import start_analysis
        from pingxuan.voting.demo import ordinary_and_farm

        u = self.users()
        noms = self.candidates(campaign, count=6)
        # Ordinary people over the candidates and a device farm for the first window, as the voting tests build
        # them: the analysis measures the farm against the ordinary traffic, so the demo needs both. The vote is
        # open today while they vote (a voter's verified phone lasts hours, not days).
        set_phases(campaign, self.admin, {**ALL_OPEN, "voting": (-6, 1)})
        when = timezone.now() - datetime.timedelta(minutes=10)
        windows = [n for n in noms if n.category.code == "window"]
        ordinary_and_farm(windows, farm_for=windows[0], farm_numbers=12, ordinary=60, when=when)
        judges = list(User.objects.filter(username__in=["judge1", "judge2", "judge3"]).order_by("username"))
        for category in campaign.categories.order_by("sort_order", "id"):
            panels.set_panel(user=u["organiser"], category=category, judges=judges)
            panels.assign(user=u["organiser"], category=category)
        job = start_analysis(user=u["organiser"], campaign=campaign)
        job.refresh_from_db()
        if job.status != "done":
            run_job.call(job.pk)
        return noms

    def shortlist(self, campaign, *, starts, ends):
        from pingxuan.publicity import publishing
        from pingxuan.results import services as results

        u = self.users()
        for category in campaign.categories.order_by("sort_order", "id"):
            draft = results.stage_list(user=u["organiser"], category=category, stage="shortlist")
            results.apply_list(user=u["organiser"], result_list=draft)
        return publishing.publish(
            user=u["organiser"], campaign=campaign, stage="shortlist", starts_on=day(starts), ends_on=day(ends)
        )

    def object_to(self, publication, phone, name, text):
        from pingxuan.publicity import objections

        entry = publication.entries.order_by("id").first()
        return objections.submit(publication=publication, entry=entry, name=name, token=_phone_token(phone), text=text)

    def publicity(self, campaign):
        self.candidates(campaign)
        pub = self.shortlist(campaign, starts=0, ends=6)
        self.object_to(pub, "13900002222", "李明", "反映该窗口宣传材料中的办件数量与实际不符，请核查。")

    def decided(self, campaign):
        from pingxuan.awards import services as awards
        from pingxuan.publicity import objections, publishing
        from pingxuan.results import services as results

        u = self.users()
        self.candidates(campaign)
        pub = self.shortlist(campaign, starts=0, ends=6)
        objection, _code = self.object_to(pub, "13900001111", "张志强", "反映该窗口工作日中午无人值守，请核查。")
        objections.decide(
            user=u["organiser"], objection=objection, outcome="dismissed", reason="经核查，午间实行轮班值守，反映不属实。"
        )
        publishing.finalise(user=u["organiser"], publication=pub, on=day(7))
        for category in campaign.categories.order_by("sort_order", "id"):
            draft = results.stage_list(user=u["organiser"], category=category, stage="final")
            results.apply_list(user=u["organiser"], result_list=draft)
        results.decide(user=u["leader"], campaign=campaign, minutes="经领导小组会议集体研究，同意公示名单，予以表彰。")
        awards.set_particulars(
            user=u["organiser"], campaign=campaign, doc_number=f"荆工办〔{campaign.year}〕12号", issued_on=day(0)
        )
        awards.issue_certificates(user=u["organiser"], campaign=campaign)

    # -- the standing programme ----------------------------------------------------------------------------------

    def programme(self):
        from pingxuan.campaigns.presets import preset_path, read_yaml
        from pingxuan.orgs.demo import give_demo_password
        from pingxuan.orgs.models import Role
        from pingxuan.orgs.services import create_org, create_user, grant_role
        from pingxuan.stars import commitments, compute, ratings
        from pingxuan.stars import services as stars
        from pingxuan.web.demo import add_demo, demo_contact

        data = read_yaml(preset_path("shiyan-2011").read_text(encoding="utf-8"))
        today = timezone.localdate()
        half = 1 if today.month <= 6 else 2
        prev = (today.year - 1, 2) if half == 1 else (today.year, 1)
        data["periods"] = [_period(*prev), _period(today.year, half)]
        data["name"] = f"十堰市窗口单位“一诺双评创十星”活动（演示·{today.year}年）"
        programme = stars.load_programme(user=self.admin, data=data, code=PROGRAMME, preset="shiyan-2011")
        add_demo(programme, user=self.admin)
        hospital = Organisation.objects.get(code="sy-hospital")
        minzheng = Organisation.objects.get(code="sy-minzheng")
        branch = _get_or_org(self.admin, create_org, hospital, "sy-hosp-p1", "十堰市人民医院门诊党支部", "base_unit")
        w1 = _get_or_org(self.admin, create_org, hospital, "sy-hosp-w1", "十堰市人民医院门诊挂号窗口", "window")
        w2 = _get_or_org(self.admin, create_org, minzheng, "sy-mz-w1", "十堰市民政局婚姻登记窗口", "window")
        staff = User.objects.filter(username="window").first()
        if staff is None:
            phone, email = demo_contact("window")
            staff = create_user(
                user=self.admin,
                username="window",
                password=None,
                display_name="窗口工作人员 张红",
                phone=phone,
                email=email,
                organisation=w1,
            )
            give_demo_password(staff)
        if not staff.memberships.filter(organisation=w1, role=Role.CLERK, is_active=True).exists():
            grant_role(user=self.admin, person=staff, organisation=w1, role=Role.CLERK)
        members = [
            stars.add_member(
                user=self.admin,
                programme=programme,
                window=w1,
                name="张红",
                post="挂号员",
                duties="门诊挂号、预约、咨询",
                party_org=branch,
            ),
            stars.add_member(
                user=self.admin, programme=programme, window=w1, name="李明", post="收费员", duties="门诊收费", party_org=branch
            ),
            stars.add_member(user=self.admin, programme=programme, window=w2, name="王芳", post="登记员", duties="婚姻登记"),
        ]
        period = data["periods"][0]
        mid = datetime.date.fromisoformat(period["start"]) + datetime.timedelta(days=60)
        kinds = [k["key"] for k in programme.config["commitments"]["kinds"]]
        for org, member, text in [
            (w1, None, "挂号等候不超过十分钟。"),
            (branch, None, "党员带头，首问负责。"),
            (w1, members[0], "微笑服务，耐心解答。"),
            (w1, members[1], "收费准确，唱收唱付。"),
            (w2, members[2], "婚姻登记一次办结。"),
        ]:
            c = commitments.publish(
                user=self.admin,
                programme=programme,
                organisation=org,
                member=member,
                kind=kinds[0],
                text=text,
                period=period["code"],
            )
            commitments.review(
                user=self.admin, commitment=c, period=period["code"], fulfilled=True, evidence="抽查台账，按承诺执行。"
            )
        chosen = ratings.options(programme)
        for i in range(40):
            window = w1 if i % 3 else w2
            option = chosen[0]["key"] if i % 5 else chosen[min(1, len(chosen) - 1)]["key"]
            at = timezone.make_aware(datetime.datetime.combine(mid + datetime.timedelta(days=i % 20), datetime.time(10)))
            ratings.submit(programme=programme, window=window, token=_phone_token(f"1580719{i:04d}"), option=option, now=at)
        for org, member, score in [(branch, None, 92), (w1, members[0], 95), (w1, members[1], 88), (w2, members[2], 90)]:
            stars.score_subject(
                user=self.admin, programme=programme, period=period["code"], organisation=org, member=member, score=score
            )
        run = compute.compute(user=self.admin, programme=programme, period=period["code"])
        compute.publish(user=self.admin, run=run)
        return programme


def _period(year, half):
    if half == 1:
        return {"code": f"{year}h1", "name": f"{year}年上半年", "start": f"{year}-01-01", "end": f"{year}-06-30"}
    return {"code": f"{year}h2", "name": f"{year}年下半年", "start": f"{year}-07-01", "end": f"{year}-12-31"}


def _get_or_org(admin, create_org, parent, code, name, kind):
    return Organisation.objects.filter(code=code).first() or create_org(
        user=admin, parent=parent, code=code, name=name, kind=kind
    )


def build(admin, out=None):
    """Make the demo once (a second run leaves what exists). Returns the campaigns and the programme."""
    from pingxuan.stars.models import Programme

    demo = Demo(admin, out)
    made = []
    for code, suffix, _about in STAGES:
        campaign = Campaign.objects.filter(code=code).first()
        if campaign is None:
            campaign = demo.campaign(code, suffix)
            getattr(demo, code.removeprefix("jm-demo-"))(campaign)
            set_phases(campaign, admin, LAYOUT[code])
            made.append(campaign)
    programme = Programme.objects.filter(code=PROGRAMME).first() or demo.programme()
    return made, programme


def citizen_urls():
    """[(what, path)]: the public pages a visitor opens without an account."""
    from django.urls import reverse

    from pingxuan.awards.models import Certificate
    from pingxuan.publicity.models import Publication
    from pingxuan.stars.models import Programme

    rows = []
    voting = Campaign.objects.filter(code="jm-demo-voting").first()
    if voting:
        category = voting.categories.order_by("sort_order", "id").first()
        rows.append(("群众投票", reverse("vote-page", args=[category.pk])))  # type: ignore[union-attr]  # the demo campaign has categories
    pub = Publication.objects.filter(campaign__code="jm-demo-publicity").order_by("-id").first()
    if pub:
        rows.append(("公示与异议", reverse("publicity-public", args=[pub.pk])))
    cert = Certificate.objects.filter(campaign__code="jm-demo-decided").order_by("id").first()
    if cert:
        rows.append(("证书查验", reverse("awards-verify", args=[cert.token])))
    programme = Programme.objects.filter(code=PROGRAMME).first()
    if programme:
        rows.append(("星级榜", reverse("stars-board", args=[programme.code])))
        window = Organisation.objects.filter(code="sy-hosp-w1").first()
        if window:
            rows.append(("窗口评议", reverse("stars-window", args=[programme.code, window.pk])))
    return rows
