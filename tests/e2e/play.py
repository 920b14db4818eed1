"""The steps of an end-to-end play of a campaign preset, each through the pages of the role who takes it.

Every role has its own browser context (`players(username)`); the database is read only to know what to check or which
row to click (ids, titles), never written. Screenshots of the main steps go to docs/screenshots/e2e/<preset>/.
"""

import datetime
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from pingxuan.campaigns.models import PHASE_ORDER
from pingxuan.nominations import approval
from pingxuan.nominations.models import Nomination
from tests.nominations.walk import DECISIONS, fill_form, nominating_unit
from tests.screenshots import screenshot, shots_dir

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"viewport": {"width": 375, "height": 740}, "locale": "zh-CN", "is_mobile": True, "has_touch": True}
RETURN_OPINION = "请补充近三年获奖情况，并核对联系电话。"


class Play:
    """One preset's play: the URL of the live server, the signed-in pages, where the screenshots go."""

    def __init__(self, *, preset, players, url, tmp_path):
        self.preset, self.players, self.url, self.tmp = preset, players, url, tmp_path
        self.shots = shots_dir("e2e", preset)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.code = None

    def page(self, username):
        return self.players(username)

    def go(self, username, path):
        page = self.players(username)
        page.goto(f"{self.url}{path}")
        return page

    def shot(self, page, name, full=True):
        screenshot(page, self.shots / f"{name}.png", full_page=full)

    # Organiser: the campaign from its preset, quotas, phase dates -------------------------------------------

    def create_campaign(self, name_label):
        page = self.go("organiser", "/campaigns/new/")
        page.locator("#id_preset").select_option(label=name_label)
        page.get_by_role("button", name="载入预设").click()
        # No new-round start given: the campaign keeps the preset's dates (the play moves each phase itself), and the
        # page says so.
        expect(page.locator(".alert-warning")).to_contain_text("已从预设创建评选活动")
        expect(page.locator(".alert-warning")).to_contain_text("沿用预设原来的名称、文号和日期")
        self.code = page.url.rstrip("/").rsplit("/", 1)[1]
        assert self.code == self.preset
        self.shot(page, "01-campaign")
        return self.code

    def allocate_quota(self, unit_label, category, part, value):
        """The organiser changes one cell of the quota table (推荐/递补/表彰) and saves."""
        page = self.go("organiser", f"/campaigns/{self.code}/config/quotas/")
        names = {"n": "推荐名额", "a": "递补名额", "w": "表彰名额"}
        page.get_by_label(f"{unit_label} {category} {names[part]}", exact=True).fill(str(value))
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".alert-success")).to_be_visible()
        self.shot(page, "02-quotas")
        return page

    def open_phase(self, current, *, ended=False, days=6):
        """Set the phase dates on the configuration page as an organiser would for a new round: the phases before
        `current` have ended, `current` runs from today for `days` days (or ended yesterday with `ended`), later ones
        follow. (Milestones move with their phase's start.)"""
        today = timezone.localdate()
        page = self.go("organiser", f"/campaigns/{self.code}/config/phases/")
        kinds = [k for k in PHASE_ORDER if page.locator(f"#{k}-enabled").is_checked()]
        at = kinds.index(current)
        for i, kind in enumerate(kinds):
            if i < at or (i == at and ended):
                start, end = today - datetime.timedelta(days=60 - 2 * i), today - datetime.timedelta(days=1)
            elif i == at:
                start, end = today, today + datetime.timedelta(days=days)
            else:
                start = today + datetime.timedelta(days=days + 1 + 3 * i)
                end = start + datetime.timedelta(days=2)
            page.locator(f"[name={kind}-start]").fill(start.isoformat())
            page.locator(f"[name={kind}-end]").fill(end.isoformat())
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".alert-success")).to_contain_text("阶段日期已保存。")
        return page

    # Clerk and approvers ------------------------------------------------------------------------------------

    def nominate(self, category, *, clerk="clerk", title=None):
        """The clerk creates a nomination of `category`, fills every field with real JPEG uploads, saves, submits."""
        page = self.page(clerk)
        from pingxuan.orgs.models import User

        base = User.objects.get(username=clerk).memberships.get(is_active=True).organisation
        unit, indent = nominating_unit(category, base)
        page.goto(f"{self.url}/nominations/c/{self.code}/")
        page.get_by_role("link", name="新建申报").click()
        page.get_by_label(category.name, exact=True).check()
        page.get_by_label("申报单位").select_option(label=indent + unit.name)
        page.get_by_role("button", name="新建并填写申报表").click()
        expect(page.get_by_role("heading", name=category.form["title"], exact=True)).to_be_visible()
        folder = self.tmp / category.code
        folder.mkdir(exist_ok=True)
        fill_form(page, category, folder)
        if title:  # the title field is the form's first text field
            field = next(f for f in category.form["fields"] if f["type"] == "text")
            page.locator(f"#id_f_{field['key']}").fill(title)
        page.get_by_role("button", name="保存草稿").click()
        expect(page.get_by_text("草稿已保存。")).to_be_visible()
        self.shot(page, f"03-nomination-{category.code}")
        page.get_by_role("button", name="提交审核").click()
        n = Nomination.objects.filter(category=category).latest("id")
        levels = approval.levels(category)
        expect(page.get_by_text(f"“{n.title}”已提交，等待“{levels[0]['title']}”。")).to_be_visible()
        return n

    def decide(self, username, n, step, decision, opinion):
        page = self.go(username, "/nominations/queue/")
        level = approval.levels(n.category)[step]
        title = Nomination.objects.get(pk=n.pk).title
        row = page.locator("li", has=page.get_by_role("link", name=title, exact=True))
        row.get_by_role("link", name=title, exact=True).click()
        expect(page.get_by_role("heading", name=level["title"], exact=True)).to_be_visible()
        page.get_by_label(DECISIONS[decision], exact=True).check()
        page.get_by_label("审核意见").fill(opinion)
        page.get_by_role("button", name="提交审核意见").click()
        expect(page.get_by_text(f"已对“{title}”作出审核结论：{DECISIONS[decision]}。")).to_be_visible()
        return page

    def resubmit(self, n, *, clerk="clerk"):
        """The clerk reads the return opinion, revises the title field and submits again."""
        page = self.go(clerk, f"/nominations/{n.pk}/")
        expect(page.get_by_text(RETURN_OPINION).first).to_be_visible()
        page.get_by_role("link", name="修改并重新提交").click()
        field = next(f for f in n.category.form["fields"] if f["type"] == "text")
        title = f"{Nomination.objects.get(pk=n.pk).title}（修改）"
        page.locator(f"#id_f_{field['key']}").fill(title)
        page.get_by_role("button", name="提交审核").click()
        expect(page.get_by_text(f"“{title}”已提交")).to_be_visible()

    def approve_all(self, n, approvers, *, returned=False, prereview_by=None, prereview_at=None):
        """Every level agrees in turn (`approvers[i]` decides level i); with `returned` the first level returns it once
        first and the clerk resubmits; with `prereview_by` that clerk sends it for 预审 before level `prereview_at`."""
        if returned:
            self.decide(approvers[0], n, 0, "return", RETURN_OPINION)
            self.resubmit(n)
        for i, username in enumerate(approvers):
            if prereview_by and i == prereview_at:
                self.prereview(n, prereview_by)
            page = self.decide(username, n, i, "agree", f"同意推荐。第 {i + 1} 级经审核，情况属实。")
        n.refresh_from_db()
        assert n.status == "received"
        return page

    def prereview(self, n, clerk):
        """预审 (河北): the recommending unit's clerk sends the nomination to the office, which replies; only then may
        that level report it formally."""
        title = Nomination.objects.get(pk=n.pk).title
        page = self.go(clerk, f"/nominations/c/{self.code}/prereview/")
        page.get_by_label(re.compile(re.escape(title))).check()
        page.get_by_role("button", name="报送预审").click()
        expect(page.locator(".alert-success")).to_contain_text("份申报报送活动办公室预审")
        page = self.go("organiser", f"/nominations/c/{self.code}/office/prereview/")
        form = page.locator("form", has=page.get_by_role("button", name="回复意见")).first
        form.get_by_label("预审意见").fill("同意按此名单正式上报。")
        form.get_by_role("button", name="回复意见").click()
        expect(page.locator(".alert-success")).to_be_visible()

    def verify_checks(self, n):
        """On the nomination's 评选条件核对 page the office records its verification of every check the product cannot
        verify (待核实), as it must before 初审 passes."""
        page = self.go("organiser", f"/nominations/{n.pk}/eligibility/")
        while page.locator("form.ruling-form").count():
            form = page.locator("form.ruling-form").first
            form.locator("textarea").fill("已人工核实，符合条件。")
            form.get_by_role("button").click()
            expect(page.locator(".alert-success")).to_contain_text("已记录")

    # Office: preliminary review and candidates; judges -----------------------------------------------------

    def review_and_select(self, category, nominations):
        """The office passes every received nomination of the category, then stages and applies the candidates."""
        base = f"/judging/c/{self.code}/{category.code}"
        page = self.go("organiser", f"{base}/review/")
        for n in nominations:
            self.verify_checks(n)
            page.goto(f"{self.url}{base}/review/")
            page.get_by_role("link", name=Nomination.objects.get(pk=n.pk).title, exact=True).first.click()
            page.get_by_label("通过", exact=True).check()
            page.get_by_role("button", name="记录初审结论").click()
            expect(page.get_by_text("已记录初审结论。")).to_be_visible()
        page.goto(f"{self.url}{base}/candidates/")
        for n in nominations:
            page.locator(f"#c{n.pk}").check()
        page.get_by_role("button", name="保存拟定名单（不公布）").click()
        expect(page.get_by_text("拟定名单已保存（尚未公布）。")).to_be_visible()
        page.get_by_role("button", name="确定候选名单").click()
        expect(page.get_by_text("候选名单已确定。")).to_be_visible()
        expect(page.get_by_text(f"已确定 {len(nominations)} 个候选对象。")).to_be_visible()
        self.shot(page, f"04-candidates-{category.code}")

    def form_panel(self, category, judges, *, assign=True):
        page = self.go("organiser", f"/judging/c/{self.code}/{category.code}/panel/")
        page.get_by_label("评审组名称").fill(f"{category.name}评审组")
        from pingxuan.orgs.models import User

        for username in judges:
            page.locator(f"#j{User.objects.get(username=username).pk}").check()
        page.get_by_role("button", name="保存评审组").click()
        if not assign:  # on-site scoring: the panel scores the presentations, no written tasks
            expect(page.locator(".alert-success")).to_contain_text("评审组已保存。")
            return page
        page.get_by_label("全体评委评审全部申报").check()
        page.get_by_role("button", name="分配").click()
        expect(page.get_by_text("已分配评审任务。")).to_be_visible()

    def score_all(self, judge, points):
        """The judge opens each unscored task from 我的评审任务 and submits `points` per criterion."""
        page = self.go(judge, "/judging/my/")
        while page.locator("a.list-group-item", has_text="未评分").count():
            page.locator("a.list-group-item", has_text="未评分").first.click()
            expect(page.locator("input[id^=s_]").first).to_be_visible()  # the score page, not the list still showing
            for box in page.locator("input[id^=s_]").all():
                box.fill(str(points))
            page.get_by_role("button", name="提交评分").click()
            expect(page.get_by_text("评分已提交。")).to_be_visible()
            page.goto(f"{self.url}/judging/my/")
        expect(page.locator("#progress")).to_contain_text("已完成")
        return page

    # Citizens ----------------------------------------------------------------------------------------------

    def on_phone(self, username):
        """A phone-sized browser context signed in through the login page (a judge at the 汇报展示会)."""
        key = f"phone-{username}"
        if key not in self.players.pages:
            context = self.players.browser.new_context(**PHONE)
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto(f"{self.url}/accounts/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill("Pingxuan-2026")
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(f"{self.url}/")
            self.players.pages[key] = page
        return self.players.pages[key]

    def citizen(self, browser, phone):
        """A phone-sized browser context for a citizen (no account)."""
        context = browser.new_context(**PHONE)
        context.set_default_timeout(15_000)
        page = context.new_page()
        self.players.pages[f"citizen-{phone}"] = page
        return page

    def citizen_page(self):
        return self.citizen(self.players.browser, "public")

    def vote(self, page, category, phone, titles):
        """Verify the phone with the SMS code, then vote for each title (a card's data-title)."""
        page.goto(f"{self.url}/vote/{category.pk}/")
        expect(page.get_by_role("heading", name=category.name)).to_be_visible()
        if page.get_by_role("textbox", name="手机号码").is_visible():
            page.get_by_role("textbox", name="手机号码").fill(phone)
            page.get_by_role("button", name="获取验证码").click()
            expect(page.locator("#verify-msg")).to_have_text("验证码已发送，请查看短信。")
            page.get_by_role("textbox", name="短信验证码").fill(sms_code(phone))
            page.get_by_role("button", name="验证", exact=True).click()
            expect(page.locator("#verified")).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
        for title in titles:
            page.locator(f".vote-btn[data-title='{title}']").click()
            expect(page.locator("#receipt")).to_contain_text(f"已为“{title}”投上一票")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        return page


def sms_code(phone, purpose=""):
    """The newest code the console SMS backend wrote for `phone` (what the citizen reads on the phone)."""
    import json

    from django.conf import settings

    lines = [json.loads(x) for x in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()]
    texts = [x["text"] for x in lines if x["to"] == phone and purpose in x["text"]]
    return re.search(r"验证码[是为] (\d{6})", texts[-1]).group(1)
