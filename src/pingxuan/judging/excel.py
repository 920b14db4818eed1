"""Score sheets in Excel: the paper-sheet template, the import of paper sheets (all or nothing, errors by row
and column) and the export of the results of judging. Registered as the spreadsheet kind `scores`.

One worksheet per category with a rubric (named after the category); one row per judge and nomination:
申报编号 | 推荐对象 | 评委账号 | 评委姓名 | <criterion>（满分 N） … | 评语
"""

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.errors import ImportRejected, PermissionDenied, ServiceError
from pingxuan.documents import excel as x
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.models import User

from . import aggregation, rules, scoring
from .models import Assignment, ScoreSheet, SheetKind
from .present import code as anon_code
from .present import for_judge

FIXED = ["申报编号", "推荐对象", "评委账号", "评委姓名"]
COMMENT = "评语"


def criterion_title(c):
    return f"{c['name']}（满分{c['max']:g}）"


def _categories(campaign):
    return [c for c in campaign.categories.all() if c.rubric]


def scores_template(campaign):
    wb, ws = x.new_workbook("说明")
    wb.remove(ws)
    for category in _categories(campaign):
        ws = wb.create_sheet(category.name[:31])
        x.write_header(
            ws,
            FIXED + [criterion_title(c) for c in category.rubric] + [COMMENT],
            widths=[10, 30, 14, 14] + [14] * len(category.rubric) + [30],
        )
        rows = (
            Assignment.objects.filter(panel__category=category, is_active=True, nomination__status__in=rules.JUDGEABLE)
            .select_related("nomination__category", "judge")
            .order_by("nomination_id", "judge_id")
        )
        for i, a in enumerate(rows, start=2):
            x.write_row(
                ws, i, [a.nomination_id, for_judge(a.nomination, with_fields=False)["title"], a.judge.username, str(a.judge)]
            )
    x.add_instructions(
        wb,
        [
            "专家评分表（纸质评分录入）",
            "每个奖项一个工作表；每行一名评委对一个申报的评分。",
            "各评分项填 0 到满分之间的数，最多保留到 0.5 分；一行的各项须全部填写。",
            "只能录入已分配给该评委的申报；已提交的评分须先由活动办公室重新开放。",
            "任何一行有误，整个文件都不会导入。",
        ],
    )
    return x.to_bytes(wb)


def import_scores(*, user, campaign, fileobj, progress=None):
    """Paper score sheets: every row checked first; any error rejects the whole file (nothing half-imported)."""
    if not rules.can_manage(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室可以导入评分。")
    wb = x.open_workbook(fileobj)
    categories = {c.name[:31]: c for c in _categories(campaign)}
    errors = x.Errors()
    plan = []
    for ws in wb.worksheets:
        if ws.title == "填写说明":
            continue
        category = categories.get(ws.title)
        if category is None:
            errors.add(None, None, f"工作表“{ws.title}”不是本活动有评分细则的奖项，可选：{'、'.join(categories)}。")
            continue
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        titles = FIXED[:1] + FIXED[2:3] + [criterion_title(c) for c in category.rubric]
        head = x.find_header(rows, titles)
        if head is None:
            errors.add(None, None, f"工作表“{ws.title}”缺少表头：{'、'.join(titles)}。")
            continue
        cols = x.column_map(rows[head], set(FIXED + [COMMENT] + [criterion_title(c) for c in category.rubric]))
        pairs = set(
            Assignment.objects.filter(panel__category=category, is_active=True).values_list("judge__username", "nomination_id")
        )
        pool = {n.pk: n for n in Nomination.objects.filter(category=category, status__in=rules.JUDGEABLE)}
        locked = set(
            ScoreSheet.objects.filter(nomination__category=category, kind=SheetKind.EXPERT, submitted=True).values_list(
                "judge__username", "nomination_id"
            )
        )
        seen = set()
        for number, values in enumerate(rows[head + 1 :], start=head + 2):
            score_cells = [x.cell(values, cols.get(criterion_title(c))) for c in category.rubric]
            if x.blank(values) or x.blank(score_cells):
                continue  # a pre-filled row the judge has not scored on paper
            where = f"{ws.title}"
            pk, err = x.parse_int(x.cell(values, cols.get("申报编号")), minimum=1)
            if err:
                errors.add(number, "申报编号", f"{where}：{err}")
                continue
            username = x.text(x.cell(values, cols.get("评委账号")))
            if pk not in pool:
                errors.add(number, "申报编号", f"{where}：申报 {pk} 不在本奖项的评审范围内（或已取消资格）。")
                continue
            if (username, pk) not in pairs:
                errors.add(number, "评委账号", f"{where}：评委“{username}”未分配申报 {pk}。")
                continue
            if (username, pk) in locked:
                errors.add(number, "评委账号", f"{where}：评委“{username}”对申报 {pk} 的评分已提交，须先重新开放。")
                continue
            if (username, pk) in seen:
                errors.add(number, "评委账号", f"{where}：评委“{username}”对申报 {pk} 的评分重复出现。")
                continue
            seen.add((username, pk))
            raw, bad = {}, False
            for c in category.rubric:
                title = criterion_title(c)
                value = x.cell(values, cols.get(title))
                try:
                    raw[c["key"]] = scoring.parse_scores([c], {c["key"]: value}, final=True)[c["key"]]
                except ServiceError as exc:
                    errors.add(number, title, f"{where}：{exc.details[0]['message']}")
                    bad = True
            if not bad:
                plan.append((category, username, pool[pk], raw, x.text(x.cell(values, cols.get(COMMENT)))))
    errors.raise_if_any()
    if not plan:
        raise ImportRejected([{"row": None, "column": None, "message": "文件中没有评分行。"}])
    judges = {u.username: u for u in User.objects.filter(username__in={p[1] for p in plan})}
    with transaction.atomic():
        for _category, username, nomination, raw, comment in plan:
            scoring.store_sheet(
                actor=user,
                judge=judges[username],
                nomination=nomination,
                scores=raw,
                comment=comment,
                submit=True,
                source="paper",
            )
        record(
            actor=user,
            action="judging.score.import",
            object_type="judging.import",
            object_id=str(campaign.pk),
            object_repr=f"{campaign.name} 纸质评分导入",
            campaign=campaign,
            after={"sheets": len(plan)},
        )
    return {"created": len(plan), "sheets": len(plan)}


def results_rows(category):
    """Rows of the results table, best first (shared by the page, the API and the export)."""
    scores = scoring.expert_scores(category)
    noms = {n.pk: n for n in Nomination.objects.filter(pk__in=scores).select_related("unit", "recommender", "category")}
    rows = []
    for rank, (pk, _) in enumerate(aggregation.ranking({k: v["exact"] for k, v in scores.items()}), 1):
        rows.append({"rank": rank, "nomination": noms[pk], "code": anon_code(noms[pk]), **scores[pk]})
    return rows


def export_scores(*, user, campaign, params=None):
    """Results of judging per category. A blind category's export leaves out the units (it may reach judges)."""
    if not rules.can_view_results(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室可以导出评审结果。")
    wb, ws = x.new_workbook("说明")
    wb.remove(ws)
    for category in _categories(campaign):
        ws = wb.create_sheet(category.name[:31])
        crit = [criterion_title(c) for c in category.rubric]
        head = ["名次", "编号"] + ([] if category.blind else ["推荐对象", "申报单位", "推荐单位"])
        head += ["评委人数", "平均分", "中位数", "极差", "去掉最高最低分后平均", "专家得分", *crit]
        x.write_header(ws, head)
        for i, r in enumerate(results_rows(category), start=2):
            n = r["nomination"]
            ident = [] if category.blind else [n.title, n.unit.name, n.recommender.name]
            values = [
                r["rank"],
                r["code"],
                *ident,
                r["judges"],
                r["mean"],
                r["median"],
                r["spread"],
                r["trimmed"],
                r["score"],
            ] + [r["criteria"][c["key"]] for c in category.rubric]
            x.write_row(ws, i, values)
    if not wb.worksheets:
        wb.create_sheet("专家评分")
    return x.to_bytes(wb)


def register_kind():
    from pingxuan.documents import imports

    return imports.register(
        "scores",
        template=lambda *, campaign=None: scores_template(campaign),
        importer=lambda *, user, fileobj, campaign=None, progress=None: import_scores(
            user=user, campaign=campaign, fileobj=fileobj, progress=progress
        ),
        exporter=export_scores,
        label="专家评分",
        needs_campaign=True,
        filename="专家评分",
    )
