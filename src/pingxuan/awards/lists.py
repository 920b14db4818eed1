"""The plaque list (奖牌制作清单) and the list of linked honours (同时授予名单, 荆门: 工人先锋号 / 五一劳动奖章), as
data and as Excel workbooks. Both follow the recorded decision; a certificate's serial is shown once issued."""

from pingxuan.core.chinese import year_month_upper
from pingxuan.documents import excel

from . import services
from .models import Certificate, CertStatus


def _serials(campaign):
    return dict(Certificate.objects.filter(campaign=campaign, status=CertStatus.ISSUED).values_list("nomination_id", "serial"))


def plaques(campaign):
    issuers = services.issuers(campaign)
    month = year_month_upper(services.particulars(campaign)["issued_on"])
    serials = _serials(campaign)
    rows = []
    for g in services.final_winners(campaign):
        category = g["category"]
        for w in sorted(g["winners"], key=lambda w: w["position"]):
            n = w["nomination"]
            honour = services.honour_of(category, w.get("tier") or "")
            rows.append(
                {
                    "nomination": n.pk,
                    "category": category.name,
                    "tier": w.get("tier") or "",
                    "recipient": str(n),
                    "unit": n.unit.name,
                    "recommender": n.recommender.name,
                    "honour": honour,
                    "linked_honours": list(category.linked_honours or []),
                    "text": "\n".join([honour, *issuers, month]),
                    "serial": serials.get(n.pk, ""),
                }
            )
    return rows


def linked_honours(campaign):
    rows = []
    for g in services.final_winners(campaign):
        category = g["category"]
        for honour in category.linked_honours or []:
            for w in sorted(g["winners"], key=lambda w: w["position"]):
                n = w["nomination"]
                rows.append(
                    {"honour": honour, "recipient": str(n), "unit": n.unit.name, "category": category.name, "nomination": n.pk}
                )
    return rows


def plaques_xlsx(campaign):
    rows = plaques(campaign)
    titles = ["序号", "奖项", "等次", "获奖对象", "所在单位", "推荐单位", "荣誉称号", "同时授予", "牌匾文字", "证书编号"]
    wb, ws = excel.new_workbook("奖牌制作清单")
    excel.write_title(ws, f"{campaign.name}奖牌制作清单", len(titles))
    excel.write_header(ws, titles, row=2, widths=[6, 18, 14, 30, 30, 16, 20, 24, 36, 16])
    for i, r in enumerate(rows, start=1):
        values = [i, r["category"], r["tier"], r["recipient"], r["unit"], r["recommender"], r["honour"]]
        values += ["、".join(r["linked_honours"]), r["text"], r["serial"]]
        excel.write_row(ws, i + 2, values)
    return excel.to_bytes(wb)


def linked_honours_xlsx(campaign):
    rows = linked_honours(campaign)
    titles = ["序号", "同时授予", "获奖对象", "所在单位", "所获奖项"]
    wb, ws = excel.new_workbook("同时授予名单")
    excel.write_title(ws, f"{campaign.name}同时授予荣誉名单", len(titles))
    excel.write_header(ws, titles, row=2, widths=[6, 24, 30, 30, 18])
    for i, r in enumerate(rows, start=1):
        excel.write_row(ws, i + 2, [i, r["honour"], r["recipient"], r["unit"], r["category"]])
    return excel.to_bytes(wb)
