"""The quota table editor (名额分配表): units × categories, with totals, and its Excel buttons."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from pingxuan.core.errors import ImportRejected, ServiceError
from pingxuan.documents.excel import wants_background
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, OrgKind

from . import services
from .config import export_config
from .config_views import attempt, configurable, editor, page
from .schema import parse_range

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _units(request, campaign, cfg):
    """Units in the grid: those with quotas, the recommending units under the owner, and any added now."""
    codes = [q["unit"] for q in cfg.get("quotas") or []]
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    units = [by_code[c] for c in dict.fromkeys(codes) if c in by_code]
    seen = {u.pk for u in units}
    owner_path = campaign.owner.path
    extra = Organisation.objects.filter(path__startswith=owner_path, kind=OrgKind.RECOMMENDING_UNIT).order_by("path")
    added = request.GET.getlist("add") + request.POST.getlist("unit")
    extra = list(extra) + list(  # type: ignore[assignment]
        Organisation.objects.filter(pk__in=[int(x) for x in added if x.isdigit()], path__startswith=owner_path)
    )
    for org in extra:
        if org.pk not in seen:
            units.append(org)
            seen.add(org.pk)
    return units


def _cell_text(q, key):
    value = q.get(key) if q else None
    return "" if value is None else str(value)


def _number(text):
    text = text.strip()
    return int(text) if text.isdigit() else text


def _upper(text):
    try:
        return parse_range(_number(text))[1] if text.strip() else 0
    except (AttributeError, ValueError):
        return 0


@editor
def quotas(request, code):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    cats = cfg["categories"]
    units = _units(request, campaign, cfg)
    current = {(q["unit"], q["category"]): q for q in cfg.get("quotas") or []}
    declared = {t["category"]: t for t in cfg.get("quota_totals") or []}
    post = request.POST if request.method == "POST" else None

    def value(name, fallback):
        return post.get(name, "").strip() if post is not None else fallback

    rows, quota_list = [], []
    for unit in units:
        cells = []
        for cat in cats:
            q = current.get((unit.code, cat["code"]))
            prefix = f"q-{unit.pk}-{cat['code']}"
            cell = {
                "prefix": prefix,
                "cat": cat["code"],
                "n": value(f"{prefix}-n", _cell_text(q, "nominate")),
                "a": value(f"{prefix}-a", _cell_text(q, "alternates") if q and q.get("alternates") else ""),
                "w": value(f"{prefix}-w", _cell_text(q, "awards")),
            }
            cells.append(cell)
            if cell["n"]:
                item = {"unit": unit.code, "category": cat["code"], "nominate": _number(cell["n"])}
                if cell["a"]:
                    item["alternates"] = _number(cell["a"])
                if cell["w"]:
                    item["awards"] = _number(cell["w"])
                quota_list.append(item)
        rows.append({"unit": unit, "cells": cells})
    totals, declared_list = [], []
    for cat in cats:
        d = declared.get(cat["code"], {})
        dn = value(f"t-{cat['code']}-n", _cell_text(d, "nominate"))
        dw = value(f"t-{cat['code']}-w", _cell_text(d, "awards"))
        mine = [c for r in rows for c in r["cells"] if c["cat"] == cat["code"]]
        totals.append(
            {
                "cat": cat,
                "n": sum(_upper(c["n"]) for c in mine),
                "a": sum(_upper(c["a"]) for c in mine),
                "w": sum(_upper(c["w"]) for c in mine),
                "dn": dn,
                "dw": dw,
            }
        )
        if dn or dw:
            entry = {"category": cat["code"]}
            if dn:
                entry["nominate"] = _number(dn)
            if dw:
                entry["awards"] = _number(dw)
            declared_list.append(entry)
    errors = []
    if post is not None:

        def save():
            cfg["quotas"] = quota_list
            cfg["quota_totals"] = declared_list
            if not declared_list:
                cfg.pop("quota_totals")
            services.update_config(user=request.user, campaign=campaign, data=cfg)

        errors = attempt(request, save, "名额分配表已保存。")
        if not errors:
            return redirect("campaign-config", code, "quotas")
    in_grid = {u.pk for u in units}
    addable = [
        o
        for o in org_rules.visible_orgs(request.user).filter(path__startswith=campaign.owner.path).order_by("path")
        if o.pk not in in_grid and o.pk != campaign.owner_id
    ]
    context = {"cats": cats, "rows": rows, "totals": totals, "addable": addable}
    return page(request, campaign, "quotas", context, errors, "quotas")


def _quota_excel():
    try:
        from . import quota_excel
    except ImportError:
        raise Http404("名额表 Excel 导入导出尚未启用。") from None
    return quota_excel


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@editor
def quotas_export(request, code):
    from .access import get_campaign

    campaign = get_campaign(request.user, code)
    return _xlsx(_quota_excel().export_quotas(user=request.user, campaign=campaign), f"{campaign.code}-quotas.xlsx")


@editor
def quotas_template(request, code):
    campaign = configurable(request, code)
    return _xlsx(_quota_excel().quotas_template(campaign), f"{campaign.code}-quotas-template.xlsx")


@editor
def quotas_import(request, code):
    campaign = configurable(request, code)
    excel = _quota_excel()
    errors, details = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要导入的 Excel 文件。"]
        else:
            try:
                if wants_background(upload):  # a big workbook: a background job with a progress bar
                    from pingxuan.documents.imports import start_import_job

                    job = start_import_job(user=request.user, key="quotas", upload=upload, campaign=campaign)
                    return redirect("job-detail", job.pk)
                excel.import_quotas(user=request.user, campaign=campaign, fileobj=upload)
                messages.success(request, f"已从“{upload.name}”导入名额分配表。")
                return redirect("campaign-config", code, "quotas")
            except ImportRejected as exc:
                errors, details = [exc.message], exc.details
            except ServiceError as exc:
                errors = [exc.message]
    return page(request, campaign, "quotas_import", {"details": details}, errors, "quotas")
