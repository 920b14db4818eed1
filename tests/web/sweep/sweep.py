"""The sweep: every page, as every role sees it, in headless Chromium: axe-core finds no serious or critical violation,
and at a 375-pixel-wide viewport the page does not scroll sideways. Run by test_people.py and test_staff.py (two files,
so that the suite's two workers share the work).

The pages come from the URL configuration (see routes.py); each role is first asked through Django's test client which
pages it is shown (probe.py), then a signed-in browser visits those. Pages of areas still being built that fail are
listed in KNOWN with the reason; pages no role can be shown with the sweep's data are listed in UNREACHED.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from tests.screenshots import GUIDE_IMG as GUIDE_IMG_DOCS
from tests.screenshots import screenshot, shots_dir

from . import probe as p
from .routes import pages
from .world import build

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "src" / "pingxuan" / "web" / "static" / "vendor" / "axe-core" / "axe.min.js"
ROLES = [None, "organiser", "leader", "supervisor", "clerk", "approver1", "judge1", "delegate", "admin"]
PHONE = 375
GUIDE_IMG = shots_dir(docs=GUIDE_IMG_DOCS)

# Pages whose content depends on who looks: checked once per role shown them (the others once, by the first role).
PER_ROLE = {"dashboard", "nom-home", "nom-queue", "nom-detail", "judging-my"}

# Screenshots for the user guide (docs/guide/): (role, page id) → (file name, viewport width).
SHOTS = {
    (None, "vote-page"): ("citizen-vote.png", PHONE),
    (None, "vote-receipt"): ("citizen-receipt.png", PHONE),
    (None, "stars-board"): ("citizen-stars-board.png", PHONE),
    (None, "stars-window"): ("citizen-stars-window.png", PHONE),
    (None, "login"): ("login.png", 1280),
    (None, "publicity-public"): ("citizen-publicity.png", PHONE),
    (None, "publicity-object"): ("citizen-objection.png", PHONE),
    (None, "awards-verify"): ("citizen-verify.png", PHONE),
    (None, "awards-honours"): ("citizen-honours.png", PHONE),
    (None, "stars-rate"): ("citizen-stars-rate.png", PHONE),
    ("organiser", "publicity-office-pub"): ("organiser-publication.png", 1280),
    ("organiser", "objection-office"): ("organiser-objection.png", 1280),
    ("organiser", "voting-cluster"): ("organiser-cluster.png", 1280),
    ("organiser", "dashboard"): ("organiser-dashboard.png", 1280),
    ("organiser", "campaign-new"): ("organiser-campaign-new.png", 1280),
    ("organiser", "campaign-detail"): ("organiser-campaign.png", 1280),
    ("organiser", "campaign-config/quotas"): ("organiser-quotas.png", 1280),
    ("organiser", "campaign-category/fields"): ("organiser-form-fields.png", 1280),
    ("organiser", "nom-office"): ("organiser-office.png", 1280),
    ("organiser", "nom-deadline"): ("organiser-deadline.png", 1280),
    ("organiser", "judging-review"): ("organiser-review.png", 1280),
    ("organiser", "judging-panel"): ("organiser-panel.png", 1280),
    ("organiser", "judging-candidates"): ("organiser-candidates.png", 1280),
    ("organiser", "judging-onsite"): ("organiser-onsite.png", 1280),
    ("organiser", "judging-results"): ("organiser-results.png", 1280),
    ("organiser", "voting-office"): ("organiser-voting.png", 1280),
    ("organiser", "job-detail"): ("organiser-job.png", 1280),
    ("organiser", "results-index"): ("organiser-results-index.png", 1280),
    ("organiser", "publicity-office"): ("organiser-publicity.png", 1280),
    ("organiser", "awards-home"): ("organiser-awards.png", 1280),
    ("organiser", "stars-summaries"): ("organiser-stars-summaries.png", 1280),
    ("leader", "results-decision"): ("leader-decision.png", 1280),
    ("leader", "dashboard"): ("leader-dashboard.png", 1280),
    ("supervisor", "audit-list"): ("supervisor-audit.png", 1280),
    ("supervisor", "audit-verify"): ("supervisor-verify.png", 1280),
    ("clerk", "nom-unit"): ("clerk-unit.png", 1280),
    ("clerk", "nom-create"): ("clerk-create.png", 1280),
    ("clerk", "nom-edit"): ("clerk-edit.png", 1280),
    ("clerk", "nom-eligibility"): ("clerk-eligibility.png", 1280),
    ("approver1", "nom-queue"): ("approver-queue.png", 1280),
    ("approver1", "nom-detail"): ("approver-detail.png", 1280),
    ("judge1", "judging-my"): ("judge-my.png", 1280),
    ("judge1", "judging-score"): ("judge-score.png", 1280),
    ("judge1", "judging-onsite-judge"): ("judge-onsite-phone.png", PHONE),
    ("delegate", "dashboard"): ("delegate-dashboard.png", 1280),
    ("delegate", "vote-ballot"): ("delegate-ballot.png", PHONE),
    ("admin", "org-tree"): ("admin-org-tree.png", 1280),
    ("admin", "org-detail"): ("admin-org-detail.png", 1280),
    ("admin", "org-excel-import"): ("admin-org-import.png", 1280),
    ("admin", "otp_setup"): ("admin-otp.png", 1280),
}

# Pages of areas still being built that fail today: {page id: reason}. Reported, to be fixed in those areas.
KNOWN = {}

# Pages no role is shown as an HTML page with the sweep's data, beyond what the probe recognises by itself (a file
# download, a POST-only action, a page fragment).
UNREACHED = {
    "otp_verify": "只在两步验证登录过程中出现（需先输入密码）",
    "org-seal-image": "印章图片文件（本数据中无印章）",
    "job-download": "任务结果文件下载（刷票分析任务不产生文件）",
    "nom-unit-paper": "推荐单位纸质材料 DOCX/PDF 下载",
    "judging-candidate-doc": "候选名单 DOCX/PDF 下载",
    "nom-upload": "编辑页的即时上传（POST，返回页面片段）",
    "nom-evidence": "承诺书证明文件下载（本数据中无）",
    "nom-attest": "资格承诺（POST）",
    "judging-conflict": "评委声明回避（POST）",
    "judging-disqualify": "取消资格（POST）",
    "judging-reopen": "退回评分表（POST，本数据中无已提交的评分表）",
    "judging-onsite-poll": "评委手机页轮询的页面片段",
    "campaign-config-home": "转到第一个配置分区（campaign-config/basics）",
    "vote-photo": "投票页候选对象照片（本数据中的候选对象无照片）",
    "voting-ballot-sheets": "代表选票 PDF（本数据中未导入代表名单）",
    "publicity-photo": "公示对象照片（本数据中的公示对象无照片）",
    "publicity-poster": "营业厅公示海报 PDF（本活动的公示规则未要求张贴海报）",
    "objection-evidence": "异议证明材料文件下载（本数据中的异议未附材料）",
    "stars-evidence": "承诺践诺证明文件下载（本数据中无）",
    "stars-member-photo": "在岗人员照片（本数据中的在岗人员无照片）",
    "campaign-phase-now": "立即开启或结束阶段（POST，在活动页面上确认后提交）",
    "nom-ruling": "评选条件核对的豁免或核实（POST；本数据中没有未通过或待核实的条件）",
    "vote-tally": "计票公布页（投票结束后才公布；本数据中没有已公布的计票）",
    "voting-log": "外部平台投票记录的分析页（本数据中未上传投票记录）",
    "voting-log-file": "外部平台投票记录的结果文件（本数据中未上传投票记录）",
    "account-setup-link": "一次性设置密码链接（由 manage.py create_admin --link 打印）",
    "account-person-action": "账号管理中的重置密码、解锁、重置两步验证、作废令牌（POST）",
    "account-person-role-end": "账号管理中的撤销角色（POST）",
}


def sign_in(browser, url, username):
    from pingxuan.web.demo import DEMO_PASSWORD

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE))  # axe-core in every page the context opens
    page = context.new_page()
    if username:
        page.goto(f"{url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{url}/")
    return page


def phone_page(browser):
    """A second anonymous browser page, 375 pixels wide from the start: public pages are loaded afresh at phone width."""
    context = browser.new_context(locale="zh-CN", viewport={"width": PHONE, "height": 800}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def check(page, url, path, shot=None, phone=None):
    """Problems of one page: axe violations (serious, critical) and sideways scrolling at 375 px (on `phone`, a page of
    that width, loaded afresh; otherwise the same page resized). With `shot` (file name, width), a screenshot of the
    viewport for the user guide."""
    response = page.goto(url + path)
    problems = []
    if response.status != 200:
        return [f"HTTP {response.status}"]
    if shot and shot[1] != PHONE:
        screenshot(page, GUIDE_IMG / shot[0])
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            problems.append(f"axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {targets})")
    if phone is not None:
        page = phone
        page.goto(url + path)
    else:
        page.set_viewport_size({"width": PHONE, "height": 800})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +"
        " (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))]"
    )
    if shot and shot[1] == PHONE:
        screenshot(page, GUIDE_IMG / shot[0])
    if widths[0] > widths[1]:
        problems.append(f"scrolls sideways at {PHONE} px: scrollWidth {widths[0]} (e.g. {widths[2]})")
    if phone is None:
        page.set_viewport_size({"width": 1280, "height": 800})
    return problems


def follow_shot(page, url, code):
    """The objector's follow page with a result (asked with the follow code), for the user guide; its problems."""
    page.goto(url + "/objections/follow/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    screenshot(page, GUIDE_IMG / "citizen-follow.png", full_page=True)
    if page.evaluate("document.documentElement.scrollWidth") > PHONE:
        return ["follow result scrolls sideways at 375 px"]
    return []


def plan(found_by_role):
    """(role, page id, path) visits: every page once, by the first role shown it (anonymous first, so public pages are
    seen as a citizen sees them), and the pages whose content depends on the role once by each role shown them."""
    seen, visits = set(), []
    for role, found in found_by_role.items():
        for page_id, (kind, path) in found.items():
            if kind != p.PAGE:
                continue
            if page_id in seen and page_id not in PER_ROLE and (role, page_id) not in SHOTS:
                continue
            seen.add(page_id)
            visits.append((role, page_id, path))
    return visits


def run(browser, live_server, roles, *, probe_roles=None):
    """Build the world, probe `probe_roles` (default: `roles`), visit with `roles`; write var/browser_sweep-*.json.
    Returns (failures, kinds): {page id: [{role, path, problems}]}, {page id: {kinds seen by the probed roles}}."""
    from pingxuan.orgs.models import User
    from pingxuan.web.demo import ensure_admin

    ensure_admin()
    GUIDE_IMG.mkdir(parents=True, exist_ok=True)
    world = build(User.objects.get(username="admin"))
    all_pages = pages(world)
    started = time.monotonic()
    found_by_role, settled = {}, {}
    for role in probe_roles or roles:
        # A download, an action or a fragment is that for everyone: asked once.
        todo = [x for x in all_pages if x[0] not in settled]
        found = p.probe(User.objects.get(username=role) if role else None, todo)
        settled.update({k: v for k, v in found.items() if v[0] in (p.DOWNLOAD, p.POST_ONLY, p.FRAGMENT)})
        found_by_role[role] = found
    probed = time.monotonic() - started
    failures, shown = {}, {}
    visits = [v for v in plan(found_by_role) if v[0] in roles]
    for role in roles:
        page = sign_in(browser, live_server.url, role)
        phone = phone_page(browser) if role is None else None
        for who, page_id, path in visits:
            if who != role:
                continue
            name = role or "anonymous"
            shown.setdefault(page_id, []).append(name)
            problems = check(page, live_server.url, path, shot=SHOTS.get((role, page_id)), phone=phone)
            if problems:
                failures.setdefault(page_id, []).append({"role": name, "path": path, "problems": problems})
        if phone is not None:
            problems = follow_shot(phone, live_server.url, world["follow_code"])
            if problems:
                failures.setdefault("publicity-follow", []).append(
                    {"role": "anonymous", "path": "(查询结果)", "problems": problems}
                )
            phone.context.close()
        page.context.close()
    kinds = {k: {v[0]} for k, v in settled.items()}
    for found in found_by_role.values():
        for page_id, (kind, _path) in found.items():
            kinds.setdefault(page_id, set()).add(kind)
    report = {
        "elapsed": round(time.monotonic() - started, 1),
        "probe": round(probed, 1),
        "shown": shown,
        "failures": failures,
        "not shown": {k: sorted(v) for k, v in kinds.items() if k not in shown},
    }
    label = "-".join(r or "anonymous" for r in roles)
    folder = Path(os.environ.get("PINGXUAN_SCREENSHOTS_TMP") or tempfile.gettempdir(), "pingxuan-sweep")
    folder.mkdir(parents=True, exist_ok=True)
    report_file = folder / f"browser_sweep-{label}.json"  # a temporary folder, never the tree
    report_file.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return failures, kinds


def never_shown(kinds):
    """Pages no probed role is shown as an HTML page, other than downloads, actions and fragments."""
    return {k for k, v in kinds.items() if p.PAGE not in v and not v & {p.DOWNLOAD, p.POST_ONLY, p.FRAGMENT}}
