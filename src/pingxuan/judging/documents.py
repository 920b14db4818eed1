"""The candidate announcement (候选名单公告) and the plaque list (挂牌名单, 谷城) as DOCX and PDF."""

from pingxuan.campaigns.services import today
from pingxuan.core.chinese import date_zh
from pingxuan.documents import docx as d
from pingxuan.documents.pdf import render_pdf

from .services import candidates

KINDS = {"announcement": "候选名单公告", "plaques": "挂牌名单"}


def _context(category, kind):
    campaign = category.campaign
    rows = candidates(category)
    signer = campaign.issuer or campaign.owner.name
    if kind == "announcement":
        title = f"关于{campaign.name}“{category.name}”候选对象的公告"
        lead = [
            f"根据{campaign.name}的安排，经初步考核评审，确定以下 {len(rows)} 个“{category.name}”候选对象，现予公布。",
            "如有异议，请在公告期内向活动办公室反映。",
        ]
        header = ["序号", "候选对象", "申报单位", "推荐单位"]
        body = [(str(i), n.title, n.unit.name, n.recommender.name) for i, n in enumerate(rows, 1)]
    else:
        title = f"{campaign.name}“{category.name}”候选对象挂牌名单"
        lead = [f"以下 {len(rows)} 个候选对象实行挂牌创建，牌匾文字为“{category.name}候选对象”。"]
        header = ["牌号", "候选对象", "挂牌单位"]
        body = [(f"{i:03d}", n.title, n.unit.name) for i, n in enumerate(rows, 1)]  # type: ignore[misc]
    return {"title": title, "lead": lead, "header": header, "rows": body, "signer": signer, "date": date_zh(today())}


def render(category, kind, fmt):
    """(bytes, filename, content type) of one document."""
    ctx = _context(category, kind)
    name = f"{category.campaign.code}-{category.code}-{KINDS[kind]}"
    if fmt == "pdf":
        return render_pdf("judging/print/candidates.html", ctx), f"{name}.pdf", "application/pdf"
    doc = d.new_document()
    d.add_title(doc, ctx["title"])
    for para in ctx["lead"]:
        d.add_text(doc, "　　" + para, space_after=4)
    table = d.new_table(doc, len(ctx["rows"]) + 1, len(ctx["header"]))
    for col, title in enumerate(ctx["header"]):
        d.cell_text(table.cell(0, col), title, align=d.CENTER, bold=True)
    for r, row in enumerate(ctx["rows"], 1):
        for col, value in enumerate(row):
            d.cell_text(table.cell(r, col), value, align=d.CENTER if col == 0 else d.LEFT)
    d.add_text(doc, ctx["signer"], align=d.RIGHT, space_before=18)
    d.add_text(doc, ctx["date"], align=d.RIGHT)
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return d.to_bytes(doc), f"{name}.docx", docx_type
