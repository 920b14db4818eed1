"""The ranking of a campaign as an Excel workbook: one sheet per category with every component's raw value, points,
weighted points, the total, the rank, the tie-break that decided, and what the selection or decision made of it."""

from pingxuan.documents import excel as xl
from pingxuan.nominations.models import Status

from .ranking import category_ranking


def ranking_workbook(campaign):
    wb = None
    for category in campaign.categories.order_by("sort_order", "id"):
        data = category_ranking(category)
        title = category.name[:31]
        if wb is None:
            wb, ws = xl.new_workbook(title)
        else:
            ws = wb.create_sheet(title)
        comps = data["components"]
        head = ["名次", "推荐对象", "单位", "推荐单位"]
        for c in comps:
            head += [f"{c['label']}原始值", f"{c['label']}分值", f"{c['label']}权重%", f"{c['label']}加权"]
        head += ["总分", "同分决定项", "状态", "入围", "入选", "等次", "偏离排名理由"]
        xl.write_header(ws, head, widths=[6, 30, 24, 18] + [12] * (4 * len(comps)) + [10, 14, 10, 6, 6, 14, 30])
        for i, r in enumerate(data["rows"], start=2):
            values = [r["rank"], r["title"], r["unit"], r["recommender"]]
            for c in comps:
                k = c["kind"]
                values += [r["raw"][k], r["points"][k], c["weight"], r["weighted"][k]]
            values += [
                r["total"],
                r["decided_by_label"],
                Status(r["status"]).label,
                "是" if r["shortlisted"] else "",
                "是" if r["selected"] else "",
                r["tier"],
                r["reason"],
            ]
            xl.write_row(ws, i, values)
    if wb is None:
        wb, _ws = xl.new_workbook("结果")
    return xl.to_bytes(wb)
