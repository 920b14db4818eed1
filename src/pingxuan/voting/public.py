"""What the public voting page and the mini-program see: a category's candidates in an order that favours no one."""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from pingxuan.campaigns.models import Category, PhaseKind
from pingxuan.core.errors import NotFound
from pingxuan.nominations.fields import FILE_TYPES
from pingxuan.nominations.models import Attachment

from . import rules as vote_rules
from . import services

INTRO_CHARS = 80


def public_category(pk):
    """A category open to the public vote (enabled in its campaign), or 404."""
    category = Category.objects.select_related("campaign").filter(pk=pk).first()
    if category is None or not services.public_rules(category.campaign)["enabled"]:
        raise NotFound("未找到该投票页面。")
    return category


def _intro(category, data):
    for field in category.form.get("fields", []):
        if field["type"] == "longtext" and data.get(field["key"]):
            text = str(data[field["key"]]).strip()
            return text if len(text) <= INTRO_CHARS else text[:INTRO_CHARS] + "……"
    return ""


def _photo_fields(category):
    return [f["key"] for f in category.form.get("fields", []) if f["type"] in FILE_TYPES and f["type"] != "file"]


def stable_order(items, seed):
    """A shuffle that is the same for one voter (seed) on every visit and different between voters."""
    return sorted(items, key=lambda item: hashlib.sha256(f"{seed}:{item['id']}".encode()).hexdigest())


def candidate_list(category):
    """The candidates as plain data, cached a few seconds (the page is the busiest read of a campaign)."""
    key = f"vote:cands:{category.pk}"
    items = cache.get(key)
    if items is None:
        noms = list(services.candidates(category).order_by("id"))
        photos = {}
        fields = _photo_fields(category)
        for att in Attachment.objects.filter(nomination__in=noms, field__in=fields, is_active=True).order_by("sort_order", "id"):
            photos.setdefault(att.nomination_id, att.pk)
        items = [
            {
                "id": n.pk,
                "title": str(n),
                "unit": n.unit.name,
                "intro": _intro(category, n.data),
                "photo": photos.get(n.pk),
            }
            for n in noms
        ]
        cache.set(key, items, services.STATE_TTL)
    return items


def page(category, *, seed, query=""):
    """Everything the voting page shows: rules in words, open or closed, the candidates (searched, shuffled)."""
    campaign = category.campaign
    rules = services.public_rules(campaign)
    phase = campaign.phases.filter(kind=PhaseKind.VOTING).first()
    state = {"rules": rules, "phase": [phase.name, phase.starts_on, phase.ends_on] if phase else None}
    items = stable_order(candidate_list(category), seed)
    query = (query or "").strip()
    if query:
        items = [i for i in items if query in i["title"] or query in i["unit"] or query in i["intro"]]
    if rules["live_counts"]:
        counts = services.vote_counts(category)
        for item in items:
            item["votes"] = counts.get(item["id"], {}).get("public", 0)
    return {
        "campaign": campaign.name,
        "category": {"id": category.pk, "name": category.name},
        "closed": services.closed_refusal(state, timezone.localtime()),
        "rules": {
            "votes_per_day": rules["votes_per_day"],
            "per_candidate_per_day": rules["per_candidate_per_day"],
            "hours": rules["hours"],
            "live_counts": rules["live_counts"],
        },
        "rules_text": (
            f"每人每天可投 {rules['votes_per_day']} 票，同一对象每天最多 {rules['per_candidate_per_day']} 票；"
            f"投票时间每天 {rules['hours'].replace('-', ' 至 ')}。"
        ),
        "candidates": items,
        "query": query,
    }


def public_photo(pk):
    """A candidate's photo for the public page; anything else (drafts, files, removed photos) is 404."""
    att = Attachment.objects.select_related("nomination__category__campaign").filter(pk=pk, is_active=True).first()
    if (
        att is None
        or att.nomination.status not in vote_rules.CANDIDATE_STATUSES
        or att.field not in _photo_fields(att.nomination.category)
        or not services.public_rules(att.nomination.campaign)["enabled"]
    ):
        raise NotFound("未找到该照片。")
    return att
