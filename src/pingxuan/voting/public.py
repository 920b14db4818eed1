"""What the public voting page and the mini-program see: a category's candidates in an order that favours no one.

The part every voter shares (the category, its rules and voting phase, the candidates' names, units, introductions
and photos) is built once and kept in the shared cache (`shared`), dropped whenever a candidate, photo, category,
campaign or phase changes (voting/signals.py) and rebuilt at the latest after PAGE_TTL seconds. Per request only the
voter's own order (a hash of the device and the candidate), the search and, when the campaign shows live counts,
the counts (cached COUNTS_TTL seconds) are applied: a warm answer reads no database row.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.utils import timezone

from pingxuan.campaigns.models import Category, PhaseKind
from pingxuan.core.errors import NotFound
from pingxuan.nominations.fields import FILE_TYPES
from pingxuan.nominations.models import Attachment

from . import rules as vote_rules
from . import services

INTRO_CHARS = 80
PAGE_TTL = 60
COUNTS_TTL = 5


def shared_key(category_id):
    return f"vote:pub:{category_id}"


def forget(category_ids):
    """Drop the shared part of these categories' pages (the next visitor rebuilds it)."""
    cache.delete_many([shared_key(pk) for pk in set(category_ids)])


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


def _items(category):
    noms = list(services.candidates(category).order_by("id"))
    photos = {}
    fields = _photo_fields(category)
    for att in Attachment.objects.filter(nomination__in=noms, field__in=fields, is_active=True).order_by("sort_order", "id"):
        photos.setdefault(att.nomination_id, att.pk)
    return [
        {"id": n.pk, "title": str(n), "unit": n.unit.name, "intro": _intro(category, n.data), "photo": photos.get(n.pk)}
        for n in noms
    ]


def _build(category_id):
    category = Category.objects.select_related("campaign").filter(pk=category_id).first()
    if category is None or not services.public_rules(category.campaign)["enabled"]:
        return {"missing": True}
    campaign = category.campaign
    phase = campaign.phases.filter(kind=PhaseKind.VOTING).first()
    return {
        "missing": False,
        "gen": secrets.token_hex(6),  # names this build: caches derived from it (the rendered page) follow it
        "campaign": campaign.name,
        "category": {"id": category.pk, "name": category.name},
        "rules": services.public_rules(campaign),
        "phase": [phase.name, phase.starts_on, phase.ends_on] if phase else None,
        "items": _items(category),
    }


def shared(category_id):
    """The shared part of a category's voting page (plain data), from the cache; 404 unless it is open to the public."""
    try:
        category_id = int(category_id)
    except (TypeError, ValueError) as exc:
        raise NotFound("未找到该投票页面。") from exc
    key = shared_key(category_id)
    data = cache.get(key)
    if data is None:
        data = _build(category_id)
        cache.set(key, data, PAGE_TTL)
    if data["missing"]:
        raise NotFound("未找到该投票页面。")
    return data


def counts(data):
    """{nomination_id: counted public votes} for a page that shows live counts, a few seconds old at most."""
    key = f"vote:cnt:{data['category']['id']}"
    found = cache.get(key)
    if found is None:
        found = {
            "gen": secrets.token_hex(6),
            "votes": {pk: c["public"] for pk, c in services.vote_counts(data["category"]["id"]).items()},
        }
        cache.set(key, found, COUNTS_TTL)
    return found


def search(items, query):
    query = (query or "").strip()
    if not query:
        return items
    return [i for i in items if query in i["title"] or query in i["unit"] or query in i["intro"]]


def closed(data):
    """Why voting is closed now (Chinese), or None (worked out per request: it changes with the clock)."""
    return services.closed_refusal(data, timezone.localtime())


def page(data, *, seed, query=""):
    """Everything the voting page shows: rules in words, open or closed, the candidates (searched, shuffled)."""
    rules = data["rules"]
    items = search(stable_order(data["items"], seed), query)
    if rules["live_counts"]:
        votes = counts(data)["votes"]
        items = [{**item, "votes": votes.get(item["id"], 0)} for item in items]
    return {
        "campaign": data["campaign"],
        "category": data["category"],
        "closed": closed(data),
        "rules": {
            "votes_per_day": rules["votes_per_day"],
            "per_candidate_per_day": rules["per_candidate_per_day"],
            "hours": rules["hours"],
            "live_counts": rules["live_counts"],
        },
        "rules_text": rules_text(rules),
        "candidates": items,
        "query": (query or "").strip(),
    }


def rules_text(rules):
    return (
        f"每人每天可投 {rules['votes_per_day']} 票，同一对象每天最多 {rules['per_candidate_per_day']} 票；"
        f"投票时间每天 {rules['hours'].replace('-', ' 至 ')}。"
    )


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
