"""The recommending unit's cover report (推荐情况的报告, 河北) and its ranking tables (排序表), as DOCX and PDF.

Ranking tables follow hebei annex 3: a title, 填报单位, and two columns — 序号 and the category's column (e.g.
“全省为民服务创先争优行业服务标兵（姓名、性别、民族、单位及职务）”), whose parenthesised items are filled from the
form fields with those labels. Alternates (递补) come after the quota, marked.
"""

import re

from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import today
from pingxuan.core.chinese import date_zh
from pingxuan.documents import docx as d
from pingxuan.documents.pdf import render_pdf
from pingxuan.nominations.services import ranking

from .layout import COUNT_WORDS, display_value

REPORT_TITLE = re.compile(r"《(关于[^《》]{2,80}?推荐情况的报告)》")
CHAPTER = "一二三四五六七八九十"


# Ranking tables ---------------------------------------------------------------------------------------


def ranking_title(category):
    spec = category.form.get("ranking") or {}
    return spec.get("title") or f"{category.name}推荐排序表"


def ranking_column(category):
    spec = category.form.get("ranking") or {}
    if spec.get("column"):
        return spec["column"]
    return f"{category.name}（名称、申报单位）"


def _column_items(category):
    m = re.search(r"（([^（）]+)）\s*$", ranking_column(category))
    return [t.strip() for t in re.split(r"[、，,]", m.group(1)) if t.strip()] if m else []


def _field_for(category, item):
    fields = [f for f in category.form.get("fields", []) if f["type"] not in ("photo", "photoset", "file", "longtext")]
    for f in fields:
        if f["label"] == item:
            return f
    for f in fields:
        if item in f["label"] or f["label"].split("（")[0] in item:
            return f
    return None


def describe(nomination):
    """The ranking-table entry of one nomination: its column's items filled from the form."""
    parts = []
    for item in _column_items(nomination.category) or ["名称"]:
        field = _field_for(nomination.category, item)
        value = display_value(field, nomination.data.get(field["key"])) if field else ""
        if not value and item in ("名称", "申报单位"):
            value = nomination.title if item == "名称" else nomination.unit.name
        if value and value not in parts:
            parts.append(value)
    return "，".join(parts) or nomination.title


def ranking_rows(category, recommender):
    """[(序号, entry)] with alternates marked, padded with blank rows up to quota + alternates."""
    rows = [
        (str(n.rank or i), describe(n) + ("（递补）" if alt else ""))
        for i, (n, alt) in enumerate(ranking(category, recommender), 1)
    ]
    quota = Quota.objects.filter(category=category, organisation=recommender).first()
    places = quota.limit if quota else 0
    rows += [("", "")] * max(0, places - len(rows))
    return rows


def _ranking_context(category, recommender):
    return {
        "title": ranking_title(category),
        "filler": f"填报单位：{recommender.name}",
        "column": ranking_column(category),
        "rows": ranking_rows(category, recommender),
    }


def draw_ranking(doc, category, recommender):
    ctx = _ranking_context(category, recommender)
    d.add_title(doc, ctx["title"], size="小二", space_after=4)
    d.add_text(doc, ctx["filler"], space_after=4)
    table = d.new_table(doc, len(ctx["rows"]) + 1, 2, widths=[2.0, 14.6])
    d.cell_text(table.cell(0, 0), "序号", align=d.CENTER, font=d.HEI)
    d.cell_text(table.cell(0, 1), ctx["column"], align=d.CENTER, font=d.HEI)
    for i, (number, entry) in enumerate(ctx["rows"], start=1):
        d.cell_text(table.cell(i, 0), number, align=d.CENTER)
        d.cell_text(table.cell(i, 1), entry)
        d.row_height(table.rows[i], 0.9)
    return table


def ranking_table_docx(category, recommender):
    doc = d.new_document()
    draw_ranking(doc, category, recommender)
    return d.to_bytes(doc)


def ranking_table_pdf(category, recommender):
    return render_pdf("nominations/print/ranking.html", {"tables": [_ranking_context(category, recommender)]})


# Cover report -----------------------------------------------------------------------------------------


def report_title(campaign):
    """The report's title as the notice names it (河北: 《关于……推荐情况的报告》), else built from the categories."""
    texts = [(campaign.extra or {}).get("notes", ""), campaign.purpose] + [p.note for p in campaign.phases.all()]
    for text in texts:
        m = REPORT_TITLE.search(text or "")
        if m:
            return m.group(1)
    names = [c.name for c in campaign.categories.all()]
    joined = names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
    return f"关于{joined}推荐情况的报告"


def _quota_text(quota):
    if quota is None:
        return ""
    text = f"分配推荐名额 {quota.nominate_label} 个"
    if quota.alternates:
        text += f"，另推荐递补对象 {quota.alternates} 个"
    return f"（{text}）"


def report_sections(campaign, recommender):
    sections = []
    for category in campaign.categories.all().order_by("sort_order", "id"):
        quota = Quota.objects.filter(category=category, organisation=recommender).first()
        entries = [(n, alt) for n, alt in ranking(category, recommender)]
        if quota is None and not entries:
            continue
        regular = sum(1 for _, alt in entries if not alt)
        alternates = len(entries) - regular
        summary = (
            f"共推荐 {regular} 个" + (f"，递补对象 {alternates} 个" if alternates else "") + "，按排序如下："
            if entries
            else "未推荐。"
        )
        sections.append(
            {
                "heading": f"{CHAPTER[len(sections)] if len(sections) < 10 else len(sections) + 1}、{category.name}{_quota_text(quota)}",
                "summary": summary,
                "items": [f"{n.rank or i}. {describe(n)}" + ("（递补）" if alt else "") for i, (n, alt) in enumerate(entries, 1)],
                "category": category,
                "count": len(entries),
            }
        )
    return sections


def _report_context(campaign, recommender, on=None):
    sections = report_sections(campaign, recommender)
    basis = (
        f"《{campaign.title}》" + (f"（{campaign.doc_number}）" if campaign.doc_number else "")
        if campaign.title
        else "评选活动通知"
    )
    attachments = []
    for s in sections:
        copies = s["category"].form.get("copies") or 1
        if s["count"]:
            attachments.append(f"{s['category'].form['title']}（{s['count']} 份，均一式{COUNT_WORDS.get(copies, copies)}份）")
        if s["category"].form.get("ranking"):
            attachments.append(ranking_title(s["category"]))
    return {
        "title": report_title(campaign),
        "addressee": f"{campaign.owner.name}：",
        "opening": f"根据{basis}要求，{recommender.name}按照推荐的标准、条件和程序，认真组织推荐工作。现将推荐情况报告如下：",
        "sections": sections,
        "attachments": [f"{i}. {a}" for i, a in enumerate(attachments, 1)],
        "closing": "特此报告。",
        "signature": recommender.name,
        "date": date_zh(on or today()),
    }


def cover_report_docx(campaign, recommender, on=None):
    ctx = _report_context(campaign, recommender, on)
    doc = d.new_document(size="三号")
    d.add_title(doc, ctx["title"], size="二号", space_after=18)
    d.add_text(doc, ctx["addressee"], size="三号")
    body = d.add_text(doc, ctx["opening"], size="三号")
    body.paragraph_format.first_line_indent = d.Pt(32)
    for section in ctx["sections"]:
        d.add_text(doc, section["heading"], font=d.HEI, size="三号", space_before=6)
        p = d.add_text(doc, section["summary"], size="三号")
        p.paragraph_format.first_line_indent = d.Pt(32)
        for item in section["items"]:
            p = d.add_text(doc, item, size="三号")
            p.paragraph_format.first_line_indent = d.Pt(32)
    p = d.add_text(doc, ctx["closing"], size="三号", space_before=6)
    p.paragraph_format.first_line_indent = d.Pt(32)
    if ctx["attachments"]:
        d.add_text(doc, "附件：" + ctx["attachments"][0], size="三号", space_before=12)
        for line in ctx["attachments"][1:]:
            p = d.add_text(doc, line, size="三号")
            p.paragraph_format.left_indent = d.Pt(48)
    d.add_text(doc, ctx["signature"], align=d.RIGHT, size="三号", space_before=36)
    d.add_text(doc, ctx["date"], align=d.RIGHT, size="三号")
    return d.to_bytes(doc)


def cover_report_pdf(campaign, recommender, on=None):
    return render_pdf("nominations/print/report.html", {"report": _report_context(campaign, recommender, on)})
