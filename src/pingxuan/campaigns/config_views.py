"""The configuration editor: one page per part of the campaign document.

Each page reads the current document (`export_config`), lets the organiser change one part, and saves
through `update_config` / `update_section` / `update_category`; validation errors come back as
ConfigErrors and are listed beside the form, with nothing saved.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.core.errors import PermissionDenied, ServiceError

from . import editing, presets, services
from .access import get_campaign
from .config import export_config
from .forms import BasicsForm, CategoryAddForm, CategoryForm, FormMetaForm, YamlForm, lines
from .models import PHASE_ORDER, CategoryKind, PhaseKind
from .schema import POLICIES, TIE_BREAKS
from .validation import ConfigErrors
from .views import _plain, error_messages, refused

SECTIONS = [
    ("basics", "基本信息"),
    ("phases", "阶段与日期"),
    ("categories", "奖项"),
    ("quotas", "名额分配"),
    ("scoring", "计分方案"),
    ("policies", "规则"),
    ("advanced", "高级（YAML）"),
]
PARTS = [
    ("basics", "基本设置"),
    ("fields", "申报表字段"),
    ("eligibility", "资格条件"),
    ("approval", "审核层级"),
    ("rubric", "评分细则"),
    ("tiers", "等次"),
]
PART_NAMES = dict(PARTS)


def configurable(request, code):
    return get_campaign(request.user, code, manage=True)


def editor(view):
    """Login required; 404 for an unseen campaign; the service's refusal as a 403 page."""

    @login_required
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return refused(request, exc.message)

    wrapped.__name__ = view.__name__
    return wrapped


def attempt(request, fn, success):
    """Run a save; returns the error messages (empty when saved)."""
    try:
        fn()
    except (ConfigErrors, ServiceError) as exc:
        if isinstance(exc, PermissionDenied):
            raise
        return error_messages(exc)
    messages.success(request, success)
    return []


def page(request, campaign, template, context, errors=(), section=None):
    context.update(campaign=campaign, sections=SECTIONS, section=section, errors=list(errors))
    return render(request, f"campaigns/config/{template}.html", context, status=400 if errors else 200)


@editor
def config_home(request, code):
    return redirect("campaign-config", code, "basics")


@editor
def basics(request, code):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    form = BasicsForm(request.POST or None, initial=BasicsForm.initial_from(cfg))
    errors = []
    if request.method == "POST" and form.is_valid():
        errors = attempt(
            request,
            lambda: services.update_config(user=request.user, campaign=campaign, data=form.apply(cfg)),
            "基本信息已保存。",
        )
        if not errors:
            return redirect("campaign-config", code, "basics")
    return page(request, campaign, "basics", {"form": form}, errors, "basics")


def _day(value):
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def moved_milestones(milestones, old_start, new_start):
    """When a phase's start moves (a new round set up from an earlier year's preset), its milestones move with it and
    keep their distance from the start; a date that does not read is left for the validation to name."""
    old, new = _day(old_start), _day(new_start)
    if old is None or new is None or old == new:
        return milestones
    moved = []
    for m in milestones:
        day = _day(m.get("date"))
        moved.append({**m, "date": (day + (new - old)).isoformat()} if day else m)
    return moved


@editor
def phases(request, code):
    campaign = configurable(request, code)
    current = {p["kind"]: p for p in export_config(campaign)["phases"]}
    rows = []
    for kind in PHASE_ORDER:
        p = current.get(kind, {})
        rows.append(
            {
                "kind": kind,
                "label": PhaseKind(kind).label,
                "enabled": kind in current,
                "name": p.get("name", ""),
                "start": editing.display(p.get("start")),
                "end": editing.display(p.get("end")),
                "note": p.get("note", ""),
            }
        )
    errors = []
    if request.method == "POST":
        value = []
        for row in rows:
            get = lambda key, kind=row["kind"]: request.POST.get(f"{kind}-{key}", "").strip()  # noqa: E731
            row.update(enabled=bool(get("enabled")), name=get("name"), start=get("start"), end=get("end"), note=get("note"))
            if row["enabled"]:
                item = {**current.get(row["kind"], {}), "kind": row["kind"], "start": row["start"], "end": row["end"]}
                if item.get("milestones"):
                    item["milestones"] = moved_milestones(
                        item["milestones"], current.get(row["kind"], {}).get("start"), row["start"]
                    )
                for key in ("name", "note"):
                    if row[key]:
                        item[key] = row[key]
                    else:
                        item.pop(key, None)
                value.append(item)
        errors = attempt(
            request,
            lambda: services.update_section(user=request.user, campaign=campaign, section="phases", value=value),
            "阶段日期已保存。",
        )
        if not errors:
            return redirect("campaign-config", code, "phases")
    return page(request, campaign, "phases", {"rows": rows}, errors, "phases")


# Categories ----------------------------------------------------------------------------------------


def _category(cfg, cat):
    for item in cfg["categories"]:
        if item["code"] == cat:
            return item
    raise Http404("未找到该奖项。")


@editor
def categories(request, code):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    form = CategoryAddForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = {
            "code": d["code"].strip(),
            "kind": d["kind"],
            "name": d["name"],
            "awards": d["awards"],
            "form": {
                "title": f"{d['name']}推荐表",
                "fields": [{"key": "name", "label": "名称", "type": "text", "required": True}],
            },
        }
        value = [*cfg["categories"], new]
        errors = attempt(
            request,
            lambda: services.update_section(user=request.user, campaign=campaign, section="categories", value=value),
            f"已添加奖项“{d['name']}”。",
        )
        if not errors:
            return redirect("campaign-category", code, new["code"], "fields")
    kinds = dict(CategoryKind.choices)
    items = [
        {**c, "kind_label": kinds.get(c["kind"], c["kind"]), "field_count": len(c["form"]["fields"])} for c in cfg["categories"]
    ]
    return page(request, campaign, "categories", {"items": items, "form": form}, errors, "categories")


@editor
@require_POST
def category_order(request, code, cat):
    """Move a category up or down, or remove it (refused by the service once nominations exist)."""
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    cats = cfg["categories"]
    item = _category(cfg, cat)
    i = cats.index(item)
    action = request.POST.get("action")
    if action == "remove":
        cats.remove(item)
        done = f"已删除奖项“{item['name']}”。"
    else:
        j = i - 1 if action == "up" else i + 1
        if 0 <= j < len(cats):
            cats[i], cats[j] = cats[j], cats[i]
        done = "奖项顺序已调整。"
    errors = attempt(
        request, lambda: services.update_section(user=request.user, campaign=campaign, section="categories", value=cats), done
    )
    for e in errors:
        messages.error(request, e)
    return redirect("campaign-config", code, "categories")


def _category_basics(request, campaign, cfg, item):
    sel = item.get("selection") or {}
    initial = {**item, **sel, "linked_honours": "\n".join(item.get("linked_honours") or [])}
    form = CategoryForm(request.POST or None, initial=initial)
    errors = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        values = {k: d[k] for k in ("name", "kind", "awards", "scope", "criteria", "trim", "blind", "resubmit_from")}
        values["awards"] = editing.coerce(editing.Int(), d["awards"])
        values["linked_honours"] = lines(d["linked_honours"])
        selection = {k: editing.coerce(editing.Int(), d[k]) for k in ("candidates", "shortlist")}
        values["selection"] = {k: v for k, v in selection.items() if v is not None}
        values["selection"]["by_unit_quota"] = d["by_unit_quota"]
        errors = attempt(
            request,
            lambda: services.update_category(user=request.user, campaign=campaign, code=item["code"], values=values),
            f"奖项“{d['name']}”已保存。",
        )
    return form, errors


@editor
def category(request, code, cat, part):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    item = _category(cfg, cat)
    if part not in PART_NAMES:
        raise Http404("未找到该页面。")
    context = {"item": item, "parts": PARTS, "part": part, "part_name": PART_NAMES[part]}
    if part == "basics":
        context["form"], errors = _category_basics(request, campaign, cfg, item)
        if request.method == "POST" and not errors and context["form"].is_valid():
            return redirect("campaign-category", code, cat, part)
        return page(request, campaign, "category", context, errors, "categories")
    cols = editing.editor_columns(part)
    blank = editing.blank_row(cols)
    if part == "fields":
        blank["type"] = "text"
    meta = FormMetaForm(request.POST or None, initial=item["form"]) if part == "fields" else None
    errors = []
    if request.method == "POST":
        raw, items = editing.items_from_post(part, request.POST)
        values = {part: items}
        if meta is not None and meta.is_valid():
            form = {**item["form"], "fields": items}
            for key, value in meta.cleaned_data.items():
                value = editing.coerce(editing.Int(), value) if key == "copies" else value.strip()
                if value in ("", None):
                    form.pop(key, None)
                else:
                    form[key] = value
            values = {"form": form}
        errors = attempt(
            request,
            lambda: services.update_category(user=request.user, campaign=campaign, code=cat, values=values),
            f"“{item['name']}”的{PART_NAMES[part]}已保存。",
        )
        if not errors:
            return redirect("campaign-category", code, cat, part)
        checkbox = {c["key"] for c in cols if c["input"] == "checkbox"}
        rows = [{**blank, **r, **{k: r.get(k) in editing.TRUE for k in checkbox}} for r in raw]
    else:
        current = item["form"]["fields"] if part == "fields" else item.get(part) or []
        rows = [{**blank, **r} for r in editing.display_rows(current)]
    context.update(cols=cols, rows=rows, blank=blank, meta=meta, sum_key={"rubric": "max", "tiers": ""}.get(part, ""))
    return page(request, campaign, "category", context, errors, "categories")


# Scoring, policies, YAML ---------------------------------------------------------------------------


@editor
def scoring(request, code):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    current = cfg.get("scoring") or {}
    cols = editing.editor_columns("components")
    blank = editing.blank_row(cols)
    rows = [{**blank, **r} for r in editing.display_rows(current.get("components") or [])]
    ties = list(current.get("tie_break") or [])
    note = current.get("note", "")
    places = "" if current.get("round_before_ranking") is None else str(current["round_before_ranking"])
    errors = []
    if request.method == "POST":
        raw, comps = editing.items_from_post("components", request.POST)
        ties = [t for t in request.POST.getlist("tie_break") if t]
        note = request.POST.get("note", "").strip()
        places = request.POST.get("round_before_ranking", "").strip()
        value = {"components": comps, "tie_break": ties}
        if note:
            value["note"] = note
        if places:
            value["round_before_ranking"] = places
        errors = attempt(
            request,
            lambda: services.update_section(user=request.user, campaign=campaign, section="scoring", value=value),
            "计分方案已保存。",
        )
        if not errors:
            return redirect("campaign-config", code, "scoring")
        rows = [{**blank, **r} for r in raw]
    tie_slots = [ties[i] if i < len(ties) else "" for i in range(len(TIE_BREAKS))]
    context = {
        "cols": cols,
        "rows": rows,
        "blank": blank,
        "sum_key": "weight",
        "tie_slots": tie_slots,
        "ties": TIE_BREAKS,
        "note": note,
        "places": places,
        "place_choices": [("", "不取舍：按精确值排名（默认）")] + [(str(n), f"保留{n}位小数后排名") for n in range(5)],
    }
    return page(request, campaign, "scoring", context, errors, "scoring")


def policy_fields(values):
    out = []
    for key, spec in POLICIES.fields.items():
        label = spec.label if spec.label != "值" else "截止日前几天提醒"
        kind = editing.spec_kind(spec)
        out.append({"key": key, "label": label, "input": kind, "value": values.get(key, spec.default_value())})
    return out


@editor
def policies(request, code):
    campaign = configurable(request, code)
    cfg = export_config(campaign)
    values = dict(cfg.get("policies") or {})
    errors = []
    if request.method == "POST":
        values = {}
        for key, spec in POLICIES.fields.items():
            value = editing.coerce(spec, request.POST.get(key, ""))
            if value is not None:
                values[key] = value
        errors = attempt(
            request,
            lambda: services.update_section(user=request.user, campaign=campaign, section="policies", value=values),
            "规则已保存。",
        )
        if not errors:
            return redirect("campaign-config", code, "policies")
    return page(request, campaign, "policies", {"fields": policy_fields(values)}, errors, "policies")


@editor
def advanced(request, code):
    campaign = configurable(request, code)
    text = presets.dump_yaml(_plain(export_config(campaign)))
    form = YamlForm(request.POST or None, initial={"text": text})
    errors = []
    if request.method == "POST" and form.is_valid():

        def save():
            data = presets.read_yaml(form.cleaned_data["text"])
            services.update_config(user=request.user, campaign=campaign, data=data)

        errors = attempt(request, save, "配置文档已保存。")
        if not errors:
            return redirect("campaign-config", code, "advanced")
    return page(request, campaign, "advanced", {"form": form}, errors, "advanced")


def section(request, code, section):
    """Dispatch /config/<section>/ to its page (/config/quotas/ has its own route to quota_views.quotas)."""
    views = {"basics": basics, "phases": phases, "categories": categories, "scoring": scoring, "policies": policies}
    views["advanced"] = advanced
    if section not in views:
        raise Http404("未找到该页面。")
    return views[section](request, code)
