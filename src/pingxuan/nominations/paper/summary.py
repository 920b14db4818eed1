"""推荐对象汇总表: the office's workbook of every received nomination, one sheet per category."""

import re

from django.utils import timezone

from pingxuan.campaigns.models import Quota
from pingxuan.core.errors import PermissionDenied
from pingxuan.documents import excel as x
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.fields import FILE_TYPES
from pingxuan.nominations.models import RECEIVED_OR_LATER, Status

from .layout import display_value

FIXED = ["序号", "推荐单位", "申报单位", "排序（编号）", "正式/递补", "状态", "推荐对象"]
TIMES = ["提交时间", "报送时间"]


def key_fields(category):
    """The short fields worth a column: everything but long texts and files."""
    return [f for f in category.form.get("fields", []) if f["type"] not in FILE_TYPES and f["type"] != "longtext"]


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def received_nominations(campaign, user):
    qs = nom_rules.visible_nominations(user, campaign).filter(status__in=RECEIVED_OR_LATER)
    disqualified = nom_rules.visible_nominations(user, campaign).filter(status=Status.DISQUALIFIED, received_at__isnull=False)
    return (
        (qs | disqualified)
        .select_related("category", "unit", "recommender")
        .order_by("category__sort_order", "recommender__path", "rank", "id")
    )


def summary_rows(category, nominations):
    """The rows of one category's sheet; 递补 is decided by each unit's quota, counting its ranked nominations."""
    quotas = {q.organisation_id: q.nominate_max for q in Quota.objects.filter(category=category)}
    fields = key_fields(category)
    seen = {}
    rows = []
    for n in nominations:
        place = seen[n.recommender_id] = seen.get(n.recommender_id, 0) + 1
        alternate = n.recommender_id in quotas and place > quotas[n.recommender_id]
        rows.append(
            [
                len(rows) + 1,
                n.recommender.name,
                n.unit.name,
                n.rank,
                "递补" if alternate else "正式",
                n.get_status_display(),
                n.title,
            ]
            + [display_value(f, n.data.get(f["key"])) for f in fields]
            + [_when(n.submitted_at), _when(n.received_at)]
        )
    return rows


def summary_xlsx(campaign, user):
    if not nom_rules.is_office(user, campaign):
        raise PermissionDenied("只有活动办公室可以导出推荐对象汇总表。")
    nominations = list(received_nominations(campaign, user))
    wb, first = x.new_workbook("汇总")
    wb.remove(first)
    for category in campaign.categories.all().order_by("sort_order", "id"):
        ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", "", category.name)[:31] or category.code)
        fields = key_fields(category)
        titles = FIXED + [f["label"] for f in fields] + TIMES
        x.write_title(ws, f"{campaign.name}推荐对象汇总表（{category.name}）", len(titles))
        widths = [6, 24, 28, 10, 10, 12, 28] + [16] * len(fields) + [18, 18]
        x.write_header(ws, titles, row=2, widths=widths)
        rows = summary_rows(category, [n for n in nominations if n.category_id == category.pk])
        for i, values in enumerate(rows, start=3):
            x.write_row(ws, i, values)
        ws.cell(row=len(rows) + 4, column=1, value=f"共 {len(rows)} 个；导出时间 {_when(timezone.now())}")
    return x.to_bytes(wb)
