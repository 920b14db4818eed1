"""The public star board served from the cache (≤ 200 ms at scale).

Three entries: the programme's board index (its periods, the published run id of each, the default subject kind),
dropped when a run is published; each rendered page of a published run, and each answer of the board API, keyed by
the run id — a published run never changes, so a page stays valid for as long as the cache keeps it. A period
without a published run is not cached."""

from django.core.cache import cache
from django.db import transaction

from . import access
from . import services as s
from .models import StarRun

INDEX_TTL = 600
PAGE_TTL = 24 * 3600


def index_key(code):
    return f"stars:board:index:{code}"


def page_key(run_id, kind, page):
    return f"stars:board:page:{run_id}:{kind}:{page}"


def board_index(code):
    """{"periods": [...], "published": {period: run id}, "default_kind": str}; raises Http404 for an unknown code."""
    found = cache.get(index_key(code))
    if found is not None:
        return found
    programme = access.public_programme(code)
    periods = s.periods(programme)
    published = {}
    for p in periods:
        run = StarRun.published_of(programme, p["code"])
        if run is not None:
            published[p["code"]] = run.pk
    from .models import StarLevel

    applies = programme.config["star_levels"]["applies_to"]
    filled = {}
    for period, run_id in published.items():
        kinds = set(StarLevel.objects.filter(run_id=run_id).values_list("subject_kind", flat=True).distinct())
        # The board opens on a tab with rows: the configured order's last (members) when it has any, else the first
        # kind that has rows.
        filled[period] = next((k for k in [applies[-1], *applies] if k in kinds), next(iter(sorted(kinds)), applies[-1]))
    found = {
        "periods": periods,
        "published": published,
        "default_kind": applies[-1],
        "default_kinds": filled,
    }
    cache.set(index_key(code), found, INDEX_TTL)
    return found


def forget_index(code):
    """Called when a run is published: dropped now, and again once the transaction commits (a request in between
    may have cached the old index)."""
    cache.delete(index_key(code))
    transaction.on_commit(lambda: cache.delete(index_key(code)))


def api_key(run_id, kind, page):
    return f"stars:board:api:{run_id}:{kind}:{page}"


def cached_api(run_id, kind, page):
    return cache.get(api_key(run_id, kind, page))


def keep_api(run_id, kind, page, data):
    cache.set(api_key(run_id, kind, page), data, PAGE_TTL)


def cached_page(run_id, kind, page):
    return cache.get(page_key(run_id, kind, page))


def keep_page(run_id, kind, page, html):
    cache.set(page_key(run_id, kind, page), html, PAGE_TTL)
