"""Apply a validated configuration document to the database, and read it back (lossless round trip)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from pingxuan.core.errors import ServiceError
from pingxuan.orgs.models import Organisation

from .models import PHASE_ORDER, Campaign, Category, Phase, PhaseKind, Quota
from .schema import CAMPAIGN, parse_range
from .validation import validate

if TYPE_CHECKING:
    from typing import Any

    from pingxuan.orgs.models import User

    from .models import Campaign

CATEGORY_KEYS = [
    "kind",
    "name",
    "awards",
    "tiers",
    "linked_honours",
    "scope",
    "criteria",
    "form",
    "eligibility",
    "approval",
    "resubmit_from",
    "rubric",
    "trim",
    "blind",
    "selection",
]
CAMPAIGN_KEYS = [
    "name",
    "title",
    "doc_number",
    "year",
    "organisers",
    "issuer",
    "issued_on",
    "recipients",
    "purpose",
    "contact",
    "scoring",
    "policies",
    "voting",
    "publicity",
]


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a configuration document; returns it with defaults filled in, or raises ConfigErrors."""
    return validate(CAMPAIGN, data)


def ensure_organisations(
    nodes: list[dict[str, Any]], *, user: User, parent: Organisation | None = None, created: list[Organisation] | None = None
) -> list[Organisation]:
    """Create the organisations a preset names that do not exist yet (matched by code)."""
    from pingxuan.orgs.services import create_org

    created = created if created is not None else []
    for node in nodes:
        org = Organisation.objects.filter(code=node["code"]).first()
        if org is None:
            values = {k: node.get(k, "") for k in ("code", "name", "short_name", "kind", "sector", "region")}
            org = create_org(user=user, parent=parent, **values)
            created.append(org)
        ensure_organisations(node.get("children") or [], user=user, parent=org, created=created)
    return created


def apply_config(
    cfg: dict[str, Any], *, campaign: Campaign | None = None, owner: Organisation | None = None, preset: str = ""
) -> tuple[Campaign, dict[str, Any] | None, dict[str, Any]]:
    """Write a normalised configuration to the database. Returns (campaign, before, after) for auditing."""
    owner = owner or Organisation.objects.filter(code=cfg["owner"]).first()
    if owner is None:
        raise ServiceError(f"主办组织“{cfg['owner']}”不存在，请先建立组织。", field="owner")
    with transaction.atomic():
        before = export_config(campaign) if campaign else None
        if campaign is None:
            if Campaign.objects.filter(code=cfg["code"]).exists():
                raise ServiceError(f"活动代码“{cfg['code']}”已被使用。", field="code")
            campaign = Campaign(code=cfg["code"], owner=owner, preset=preset)
        for key in CAMPAIGN_KEYS:
            setattr(campaign, key, cfg.get(key, _blank(Campaign, key)))
        campaign.owner = owner
        campaign.extra = {
            "organisations": cfg.get("organisations", []),
            "quota_totals": cfg.get("quota_totals", []),
            "notes": cfg.get("notes", ""),
            "phase_milestones": {
                p["kind"]: [{"date": m["date"].isoformat(), "label": m["label"]} for m in p["milestones"]]
                for p in cfg["phases"]
                if p.get("milestones")
            },
        }
        campaign.save()
        _apply_phases(campaign, cfg["phases"])
        categories = _apply_categories(campaign, cfg["categories"])
        _apply_quotas(campaign, categories, cfg.get("quotas") or [])
    return campaign, before, export_config(campaign)


def _blank(model, key):
    field = model._meta.get_field(key)
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


def _apply_phases(campaign, phases):
    existing = {p.kind: p for p in campaign.phases.all()}
    wanted = {p["kind"] for p in phases}
    for kind, phase in existing.items():
        if kind not in wanted:
            if phase.extensions.exists():
                raise ServiceError(f"阶段“{phase.name}”已有延期记录，不能删除。", field="phases")
            phase.delete()
    for p in phases:
        phase = existing.get(p["kind"]) or Phase(campaign=campaign, kind=p["kind"])
        phase.name = p.get("name") or PhaseKind(p["kind"]).label
        phase.starts_on, phase.ends_on, phase.note = p["start"], p["end"], p.get("note", "")
        phase.save()


def _apply_categories(campaign, categories):
    existing = {c.code: c for c in campaign.categories.all()}
    wanted = {c["code"] for c in categories}
    for code, cat in existing.items():
        if code not in wanted:
            if _has_nominations(cat):
                raise ServiceError(f"奖项“{cat.name}”已有申报，不能删除。", field="categories")
            cat.delete()
    out = {}
    for order, c in enumerate(categories):
        cat = existing.get(c["code"]) or Category(campaign=campaign, code=c["code"])
        for key in CATEGORY_KEYS:
            setattr(cat, key, c.get(key, _blank(Category, key)))
        cat.sort_order = order
        cat.save()
        out[cat.code] = cat
    return out


def _has_nominations(category):
    related = getattr(category, "nominations", None)
    return bool(related is not None and related.exists())


def _apply_quotas(campaign, categories, quotas):
    units = {o.code: o for o in Organisation.objects.filter(code__in={q["unit"] for q in quotas})}
    missing = sorted({q["unit"] for q in quotas} - set(units))
    if missing:
        raise ServiceError(f"名额表中的推荐单位不存在：{'、'.join(missing)}。", field="quotas")
    existing = {
        (q.category.code, q.organisation.code): q
        for q in Quota.objects.filter(category__campaign=campaign).select_related("category", "organisation")
    }
    keep = set()
    for order, q in enumerate(quotas):
        key = (q["category"], q["unit"])
        keep.add(key)
        quota = existing.get(key) or Quota(category=categories[q["category"]], organisation=units[q["unit"]])
        quota.nominate_min, quota.nominate_max = parse_range(q["nominate"])
        quota.alternates = q.get("alternates", 0)
        quota.awards = q.get("awards")
        quota.sort_order = order
        quota.save()
    for key, quota in existing.items():
        if key not in keep:
            quota.delete()


def export_config(campaign: Campaign) -> dict[str, Any]:
    """The campaign's configuration as the same document a preset holds."""
    cfg: dict[str, Any] = {"kind": "campaign", "code": campaign.code}
    for key in ["name", "title", "doc_number", "year", "organisers", "issuer", "issued_on", "recipients", "purpose", "contact"]:
        value = getattr(campaign, key)
        if value not in ("", None, []):
            cfg[key] = value
    cfg["owner"] = campaign.owner.code
    extra = campaign.extra or {}
    if extra.get("organisations"):
        cfg["organisations"] = extra["organisations"]
    milestones = extra.get("phase_milestones") or {}
    cfg["phases"] = [
        {
            k: v
            for k, v in {
                "kind": p.kind,
                "name": p.name,
                "start": p.starts_on,
                "end": p.ends_on,
                "note": p.note,
                "milestones": milestones.get(p.kind, []),
            }.items()
            if v not in ("", [])
        }
        for p in sorted(campaign.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind))
    ]
    cfg["categories"] = []
    for cat in campaign.categories.all():
        item = {"code": cat.code}
        for key in CATEGORY_KEYS:
            item[key] = getattr(cat, key)
        cfg["categories"].append(item)
    cfg["quotas"] = []
    for q in (
        Quota.objects.filter(category__campaign=campaign).select_related("category", "organisation").order_by("sort_order", "id")
    ):
        row = {
            "unit": q.organisation.code,
            "category": q.category.code,
            "nominate": f"{q.nominate_min}-{q.nominate_max}"
            if q.nominate_min and q.nominate_min != q.nominate_max
            else q.nominate_max,
            "alternates": q.alternates,
        }
        if q.awards is not None:
            row["awards"] = q.awards
        cfg["quotas"].append(row)
    if extra.get("quota_totals"):
        cfg["quota_totals"] = extra["quota_totals"]
    for key in ["scoring", "policies", "voting", "publicity"]:
        cfg[key] = getattr(campaign, key)
    if extra.get("notes"):
        cfg["notes"] = extra["notes"]
    return normalise(cfg)
