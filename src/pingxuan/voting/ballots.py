"""代表投票 (SPEC §7.3): a closed electorate imported from Excel, printed ballot sheets with a personal code and QR,
one online ballot per code and category with up to N choices, and paper ballots typed by two clerks and reconciled.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import InvalidTransition, NotFound, PermissionDenied, PhaseClosed, ServiceError
from pingxuan.core.hooks import Hook
from pingxuan.core.siteurl import site_url
from pingxuan.documents import excel as xl

from . import rules as vote_rules
from .models import Ballot, BallotChoice, CountClosure, Delegate, PaperEntry
from .services import RECEIPT_ALPHABET, candidates

DELEGATE_COLUMNS = ["编号", "姓名", "代表团"]
BALLOT_COLUMNS = ["代表编号", "奖项代码", "所选候选编号"]

# Whether the campaign's leading group has decided (then no paper ballot may be entered): the results area answers,
# as fn(campaign) -> True | None.
DECIDED = Hook("the campaign has been decided")


def delegate_rules(campaign):
    return {"enabled": False, "max_choices": 1, **((campaign.voting or {}).get("delegate") or {})}


def _code():
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


def _require(user, campaign, check=vote_rules.can_manage_votes, what="管理代表投票"):
    if not vote_rules.can_view_votes(user, campaign):
        raise NotFound("未找到该评选活动。")
    if not check(user, campaign):
        raise PermissionDenied(f"只有活动办公室可以{what}。")


# The electorate ------------------------------------------------------------------------------------


def delegates_template(*, campaign=None):
    wb, ws = xl.new_workbook("代表名单")
    xl.write_header(ws, DELEGATE_COLUMNS, widths=[12, 12, 30])
    return xl.to_bytes(wb)


def import_delegates(*, user, fileobj, campaign=None, progress=None):
    """Add the delegates of a sheet (编号, 姓名, 代表团); a number already on the list keeps its code."""
    _require(user, campaign)
    rows = xl.sheet_rows(xl.open_workbook(fileobj))
    errors = xl.Errors()
    head = xl.find_header(rows, ["编号", "姓名"])
    if head is None:
        raise ServiceError("未找到表头：须有“编号”“姓名”两列（可加“代表团”）。", field="file")
    cols = xl.column_map(rows[head], set(DELEGATE_COLUMNS))
    entries, seen = [], set()
    for i, values in enumerate(rows[head + 1 :], start=head + 2):
        if xl.blank(values):
            continue
        number, name = xl.text(xl.cell(values, cols["编号"])), xl.text(xl.cell(values, cols["姓名"]))
        group = xl.text(xl.cell(values, cols.get("代表团")))
        if not number:
            errors.add(i, "编号", "不能为空。")
        elif number in seen:
            errors.add(i, "编号", f"“{number}”在本表中重复。")
        if not name:
            errors.add(i, "姓名", "不能为空。")
        seen.add(number)
        entries.append((number, name, group))
    errors.raise_if_any()
    with transaction.atomic():
        existing = set(Delegate.objects.filter(campaign=campaign).values_list("number", flat=True))
        new = [Delegate(campaign=campaign, number=n, name=m, group=g, code=_code()) for n, m, g in entries if n not in existing]
        Delegate.objects.bulk_create(new)
        record(
            actor=user,
            action="vote.delegates.import",
            object_type="voting.delegate",
            object_id=campaign.pk,
            object_repr=f"{campaign.name} 代表名单",
            campaign=campaign,
            after={"created": len(new), "existing": len(entries) - len(new)},
        )
    return {"created": len(new), "existing": len(entries) - len(new)}


def ballot_sheets_pdf(*, user, campaign):
    """One A4 sheet per delegate: the candidates of every category with boxes, the personal code and its QR."""
    import segno

    from pingxuan.documents.pdf import data_uri, render_pdf

    _require(user, campaign)
    rules = delegate_rules(campaign)
    cats = [(c, list(candidates(c).order_by("id"))) for c in campaign.categories.order_by("sort_order", "id")]
    sheets = []
    for d in Delegate.objects.filter(campaign=campaign).order_by("number"):
        url = f"{site_url()}/vote/ballot/?code={d.code}"
        qr = segno.make(url, error="m")
        import io

        buf = io.BytesIO()
        qr.save(buf, kind="png", scale=4)
        sheets.append({"delegate": d, "url": url, "qr": data_uri(buf.getvalue(), "PNG")})
    if not sheets:
        raise ServiceError("代表名单为空，请先导入代表名单。")
    return render_pdf(
        "voting/ballot_sheets.html",
        {"campaign": campaign, "sheets": sheets, "categories": cats, "max_choices": rules["max_choices"]},
    )


# Casting ---------------------------------------------------------------------------------------------


def _check_choices(campaign, category, choices, max_choices):
    ids = []
    for choice in choices:
        text = str(choice).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise ServiceError(f"候选编号“{text[:20]}”无效：应为候选对象的数字编号。", field="choices")
        ids.append(int(text))
    if len(set(ids)) != len(ids):
        raise ServiceError("同一候选对象只能选一次。", field="choices")
    if len(ids) > max_choices:
        raise ServiceError(f"每个奖项最多选 {max_choices} 个候选对象，本票选了 {len(ids)} 个。", field="choices")
    valid = set(candidates(category).values_list("pk", flat=True))
    wrong = [i for i in ids if i not in valid]
    if wrong:
        raise ServiceError(f"候选编号 {'、'.join(map(str, wrong))} 不是“{category.name}”的候选对象。", field="choices")
    return sorted(ids)


def _category(campaign, code):
    category = campaign.categories.filter(code=code).first()
    if category is None:
        raise ServiceError(f"本活动没有代码为“{code}”的奖项。", field="category")
    return category


def _store(delegate, category, ids, channel):
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(delegate=delegate, category=category, channel=channel)
            BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, nomination_id=i) for i in ids])
    except IntegrityError as exc:
        raise ServiceError(
            f"代表 {delegate.number} 在“{category.name}”已投过票，每张选票只能投一次。", code="already_voted"
        ) from exc
    return ballot


def _voting_phase_open(campaign, now=None):
    """Online delegate ballots are accepted only in the voting phase (投票阶段); the refusal names the phase."""
    from pingxuan.campaigns.services import check_phase

    on = timezone.localtime(now).date() if now else None
    check_phase(campaign, "voting", on=on, action="网上投代表票")


def closure_of(category):
    return CountClosure.objects.filter(category=category).select_related("closed_by").first()


def _paper_open(campaign, category):
    """Paper ballots are entered until the count of the category is closed, and never after the decision."""
    closure = closure_of(category)
    if closure is not None:
        raise PhaseClosed(
            f"“{category.name}”的代表投票已于 {date_zh(timezone.localtime(closure.closed_at))} 结束计票（计票结束阶段），"
            "不能再录入纸质选票。"
        )
    if DECIDED.first(campaign, default=False):
        raise PhaseClosed("本活动已进入审定阶段（领导小组已审定），不能再录入纸质选票。")


def cast_online(*, code, category_code, choices, now=None):
    """A delegate's online ballot: once per category, up to max_choices candidates (none is a valid blank vote), only
    in the voting phase and before the count of the category is closed."""
    delegate = Delegate.objects.select_related("campaign").filter(code=(code or "").strip().upper()).first()
    if delegate is None:
        raise NotFound("选票码不正确，请核对选票上的代码。")
    campaign = delegate.campaign
    rules = delegate_rules(campaign)
    if not rules["enabled"]:
        raise ServiceError("本活动未开通代表投票。", code="voting_closed")
    _voting_phase_open(campaign, now)
    category = _category(campaign, category_code)
    closure = closure_of(category)
    if closure is not None:
        raise PhaseClosed(f"“{category.name}”的代表投票已结束计票（计票结束阶段），不能再投票。")
    ids = _check_choices(campaign, category, choices, rules["max_choices"])
    ballot = _store(delegate, category, ids, Ballot.Channel.ONLINE)
    record(
        actor=f"代表 {delegate.number}",
        action="vote.delegate.ballot",
        obj=ballot,
        campaign=campaign,
        after={"delegate": delegate.number, "category": category.code, "choices": ids, "channel": "online"},
    )
    return ballot


# Paper: double entry --------------------------------------------------------------------------------


def enter_paper(*, user, campaign, delegate_number, category_code, choices):
    """One clerk's typing of one paper ballot. When two clerks' entries agree the ballot is counted."""
    _require(user, campaign, vote_rules.can_enter_ballots, "录入纸质选票")
    delegate = Delegate.objects.filter(campaign=campaign, number=str(delegate_number).strip()).first()
    if delegate is None:
        raise ServiceError(f"代表名单中没有编号为“{delegate_number}”的代表。", field="delegate")
    category = _category(campaign, category_code)
    ids = _check_choices(campaign, category, choices, delegate_rules(campaign)["max_choices"])
    with transaction.atomic():
        CountClosure.objects.select_for_update().filter(category=category).first()
        _paper_open(campaign, category)
        if Ballot.objects.filter(delegate=delegate, category=category, channel=Ballot.Channel.ONLINE).exists():
            raise ServiceError(f"代表 {delegate.number} 已在网上投票，纸质选票不再计入。", code="already_voted")
        try:
            with transaction.atomic():
                entry = PaperEntry.objects.create(delegate=delegate, category=category, clerk=user, choices=ids)
        except IntegrityError as exc:
            raise ServiceError(
                f"您已录入过代表 {delegate.number} 在“{category.name}”的选票，须由另一人复核录入。", code="already_entered"
            ) from exc
        record(
            actor=user,
            action="vote.paper.enter",
            obj=entry,
            campaign=campaign,
            after={"delegate": delegate.number, "category": category.code, "choices": ids},
        )
        state = _reconcile(user, delegate, category)
    return state


def _reconcile(user, delegate, category):
    entries = list(PaperEntry.objects.filter(delegate=delegate, category=category).order_by("entered_at", "id"))
    if len(entries) < 2:
        return "waiting"
    first, second = entries[0], entries[1]
    if first.choices != second.choices:
        return "mismatch"
    if not Ballot.objects.filter(delegate=delegate, category=category).exists():
        ballot = _store(delegate, category, first.choices, Ballot.Channel.PAPER)
        record(
            actor=user,
            action="vote.delegate.ballot",
            obj=ballot,
            campaign=delegate.campaign_id,
            after={"delegate": delegate.number, "category": category.code, "choices": first.choices, "channel": "paper"},
        )
    return "counted"


@transaction.atomic
def close_count(*, user, campaign, category_code, note=""):
    """计票结束: the office closes the count of delegate ballots of one category once the voting phase is over. After
    it paper ballots are refused; the closure is recorded (who, when) and audited, and never undone."""
    _require(user, campaign, what="结束计票")
    category = _category(campaign, category_code)
    phase = campaign.phases.filter(kind="voting").first()
    if phase is not None and phase.ends_on >= timezone.localdate():
        raise InvalidTransition(
            f"“{phase.name}”阶段到 {date_zh(phase.ends_on)} 才结束，投票阶段结束后才能结束“{category.name}”的计票。"
        )
    if CountClosure.objects.select_for_update().filter(category=category).exists():
        raise InvalidTransition(f"“{category.name}”的代表投票已结束计票，不能重复操作。")
    note = (note or "").strip()
    if len(note) > 2000:
        raise ServiceError("说明不能超过 2000 个字。", field="note")
    pending = [
        r for r in reconciliation(user=user, campaign=campaign) if r["category"] == category.name and r["state"] != "counted"
    ]
    closure = CountClosure.objects.create(category=category, closed_by=user, note=note)
    counted = Ballot.objects.filter(category=category).count()
    record(
        actor=user,
        action="vote.count.close",
        obj=closure,
        campaign=campaign,
        reason=note,
        after={
            "category": category.code,
            "ballots": counted,
            "uncounted_paper": [f"{r['delegate']}：{r['state_label']}" for r in pending],
        },
    )
    return closure


def closures(campaign):
    """{category_id: CountClosure} of the campaign."""
    return {c.category_id: c for c in CountClosure.objects.filter(category__campaign=campaign).select_related("closed_by")}


STATE_LABELS = {"waiting": "待第二人录入", "mismatch": "两次录入不一致", "counted": "一致，已计票", "online": "网上已投"}


def reconciliation(*, user, campaign):
    """Every paper ballot typed so far with both entries and their state; mismatches first."""
    _require(user, campaign, vote_rules.can_enter_ballots, "查看选票录入")
    grouped = {}
    for e in PaperEntry.objects.filter(delegate__campaign=campaign).select_related("delegate", "category", "clerk"):
        grouped.setdefault((e.delegate, e.category), []).append(e)
    rows = []
    for (delegate, category), entries in grouped.items():
        state = "waiting" if len(entries) < 2 else ("counted" if entries[0].choices == entries[1].choices else "mismatch")
        rows.append(
            {
                "delegate": delegate.number,
                "name": delegate.name,
                "category": category.name,
                "state": state,
                "state_label": STATE_LABELS[state],
                "entries": [{"clerk": e.clerk.display_name or e.clerk.username, "choices": e.choices} for e in entries],
            }
        )
    order = {"mismatch": 0, "waiting": 1, "counted": 2}
    return sorted(rows, key=lambda r: (order[r["state"]], r["delegate"], r["category"]))


# Spreadsheet kinds ------------------------------------------------------------------------------------


def ballots_template(*, campaign=None):
    wb, ws = xl.new_workbook("纸质选票录入")
    xl.write_header(ws, BALLOT_COLUMNS, widths=[14, 14, 40])
    ws.cell(row=2, column=1, value="D001")
    ws.cell(
        row=2,
        column=2,
        value=campaign.categories.order_by("sort_order").first().code if campaign and campaign.categories.exists() else "window",
    )
    ws.cell(row=2, column=3, value="12、15、18")
    xl.add_instructions(
        wb,
        [
            "每行一张纸质选票在一个奖项的选择；所选候选编号见选票，用顿号或逗号分隔，空白表示弃权。",
            "每张选票须由两人分别录入（各自导入或在页面录入），两次一致才计票。",
        ],
    )
    return xl.to_bytes(wb)


def import_ballots(*, user, fileobj, campaign=None, progress=None):
    rows = xl.sheet_rows(xl.open_workbook(fileobj))
    head = xl.find_header(rows, BALLOT_COLUMNS[:2])
    if head is None:
        raise ServiceError("未找到表头：须有“代表编号”“奖项代码”“所选候选编号”三列。", field="file")
    cols = xl.column_map(rows[head], set(BALLOT_COLUMNS))
    errors, states = xl.Errors(), {}
    with transaction.atomic():
        for i, values in enumerate(rows[head + 1 :], start=head + 2):
            if xl.blank(values):
                continue
            raw = xl.text(xl.cell(values, cols.get("所选候选编号"))).replace("，", "、").replace(",", "、")
            try:
                choices = [int(x) for x in raw.split("、") if x.strip()]
            except ValueError:
                errors.add(i, "所选候选编号", f"“{raw}”应为用顿号分隔的数字。")
                continue
            try:
                state = enter_paper(
                    user=user,
                    campaign=campaign,
                    delegate_number=xl.text(xl.cell(values, cols["代表编号"])),
                    category_code=xl.text(xl.cell(values, cols["奖项代码"])),
                    choices=choices,
                )
                states[state] = states.get(state, 0) + 1
            except PermissionDenied:
                raise
            except ServiceError as exc:
                errors.add(i, None, exc.message)
        errors.raise_if_any()
    return {"entered": sum(states.values()), **states}


def register_kinds():
    from pingxuan.documents.imports import register

    register("delegates", template=delegates_template, importer=import_delegates, label="代表名单", needs_campaign=True)
    register("ballots", template=ballots_template, importer=import_ballots, label="纸质选票", needs_campaign=True)
