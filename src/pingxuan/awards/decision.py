"""The decision document (关于表彰……的决定): one structure, written as DOCX (python-docx) and as PDF (WeasyPrint).

Issuing bodies head the document, then the number, the title, the addressees, the preamble (purpose, procedure),
the winners per category and tier with the honours conferred with them (荆门: 工人先锋号 / 五一劳动奖章), the
closing and the signature with the date written the Chinese way (2019年8月30日).
"""

from pingxuan.audit.anchors import footer_text
from pingxuan.core.chinese import date_zh
from pingxuan.core.display import suffixed
from pingxuan.documents import docx as d
from pingxuan.documents.fonts import HEI
from pingxuan.documents.pdf import render_pdf

from . import services

NUMERALS = "一二三四五六七八九十"
COUNTER = {"window": "个", "brand": "个", "individual": "名"}
SUBJECT = {"window": "个单位", "brand": "个服务品牌", "individual": "名同志"}
DEFAULT_CLOSING = (
    "希望受到表彰的先进集体和个人珍惜荣誉，戒骄戒躁，再接再厉，在今后的工作中发挥示范带头作用。"
    "各单位要以先进为榜样，进一步规范服务行为，提高服务质量，为群众提供更加优质、高效、便捷的服务。"
)


def _label(n, kind):
    if kind == "individual":
        return f"{n}（{n.unit.name}）"
    return str(n)


def content(campaign):
    """Everything the document says, as plain data (also used by tests and the API)."""
    p = services.particulars(campaign)
    groups = services.final_winners(campaign)
    issuers = services.issuers(campaign)
    sections = []
    total = 0
    for i, g in enumerate(groups):
        category = g["category"]
        counter = COUNTER.get(category.kind, "个")
        tiers = {}
        for w in sorted(g["winners"], key=lambda w: w["position"]):
            tiers.setdefault(w.get("tier") or "", []).append(_label(w["nomination"], category.kind))
        order = [t["name"] for t in category.tiers or []]
        tier_list = [{"tier": t, "names": tiers[t]} for t in sorted(tiers, key=lambda t: order.index(t) if t in order else -1)]
        count = len(g["winners"])
        total += count
        linked = list(category.linked_honours or [])
        subject = SUBJECT.get(category.kind, "个")
        if any(t["tier"] for t in tier_list):
            grant = "授予以下" + "，".join(f"{len(t['names'])}{subject}“{t['tier'] or category.name}”称号" for t in tier_list)
        else:
            grant = f"授予以下{count}{subject}“{category.name}”称号"
        grant += f"，同时授予{'、'.join(linked)}。" if linked else "。"
        sections.append(
            {
                "heading": f"{NUMERALS[i] if i < len(NUMERALS) else i + 1}、{category.name}（{count}{counter}）",
                "category": category.name,
                "count": count,
                "grant": grant,
                "linked": linked,
                "tiers": tier_list,
            }
        )
    who = "、".join(issuers)
    procedure = "经单位推荐、资格审查、投票评审、社会公示和领导小组审定"
    notice = f"《{campaign.title}》（{campaign.doc_number}）" if campaign.title and campaign.doc_number else "评选活动通知"
    preamble = p["preamble"] or (
        f"根据{notice}的安排，{who}组织开展了{suffixed(campaign.name, '活动')}。"
        f"{procedure}，决定对{total}个（名）先进集体和个人予以表彰。具体名单如下："
    )
    return {
        "issuers": issuers,
        "doc_number": p["doc_number"],
        "title": p["title"],
        "recipients": campaign.recipients,
        "preamble": preamble,
        "sections": sections,
        "closing": p["closing"] or DEFAULT_CLOSING,
        "date": date_zh(p["issued_on"]),
        "total": total,
    }


def decision_docx(campaign):
    c = content(campaign)
    doc = d.new_document(margins=(3.7, 2.6, 3.5, 2.8), size="三号")
    for name in c["issuers"]:
        d.add_text(doc, name, align=d.CENTER, font=HEI, size="二号", bold=True)
    if c["doc_number"]:
        d.add_text(doc, c["doc_number"], align=d.CENTER, size="三号", space_before=12, space_after=12)
    d.add_title(doc, c["title"], size="二号", space_after=12)
    if c["recipients"]:
        d.add_text(doc, f"{c['recipients']}：", size="三号")
    d.add_text(doc, "　　" + c["preamble"], size="三号", align=d.JUSTIFY)
    for s in c["sections"]:
        d.add_text(doc, s["heading"], font=HEI, size="三号", space_before=6)
        d.add_text(doc, "　　" + s["grant"], size="三号", align=d.JUSTIFY)
        for t in s["tiers"]:
            if t["tier"]:
                d.add_text(doc, f"　　{t['tier']}（{len(t['names'])}）", font=HEI, size="三号")
            for name in t["names"]:
                d.add_text(doc, f"　　{name}", size="三号")
    d.add_text(doc, "　　" + c["closing"], size="三号", align=d.JUSTIFY, space_before=6)
    d.add_text(doc, "", size="三号")
    for name in c["issuers"]:
        d.add_text(doc, name, align=d.RIGHT, size="三号")
    d.add_text(doc, c["date"], align=d.RIGHT, size="三号")
    anchor = footer_text(campaign, kinds=["decision"])
    if anchor:
        d.add_text(doc, anchor, size="五号", space_before=12)
    return d.to_bytes(doc)


DECISION_CSS = """
@page { size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; @bottom-center { content: "— " counter(page) " —"; font-size: 12pt; } }
html { font-size: 16pt; line-height: 1.75; }
"""


def decision_pdf(campaign):
    anchor = footer_text(campaign, kinds=["decision"])
    return render_pdf("awards/decision_pdf.html", {"c": content(campaign), "anchor": anchor}, css=DECISION_CSS)
