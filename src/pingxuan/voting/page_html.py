"""The public voting page as HTML, assembled per request from pieces rendered once and kept in the cache.

The page is rendered once per (shared data, language, open or closed, live counts) with markers where the voter's
own parts go: the search box's text and the candidate cards, each card rendered once. A request then orders the
cards for its device, filters them by the search and joins the pieces: no template is rendered on a warm hit.
The page needs nothing of the visitor's session (its scripts talk to the token-authenticated API), so it is
rendered without one.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import public

QUERY_MARK = "\x00PX-QUERY\x00"
CARDS_MARK = "\x00PX-CARDS\x00"
EMPTY = '<li class="text-secondary">没有找到候选对象。</li>'


def _render(data, closed, votes):
    rules = data["rules"]
    page = {
        "campaign": data["campaign"],
        "category": data["category"],
        "closed": closed,
        "rules": rules,
        "rules_text": public.rules_text(rules),
    }
    context = {"page": page, "query": mark_safe(QUERY_MARK), "cards": mark_safe(CARDS_MARK)}
    head, rest = render_to_string("voting/vote_page.html", context).split(QUERY_MARK)
    middle, tail = rest.split(CARDS_MARK)
    cards = {}
    for item in data["items"]:
        card = {**item, "votes": votes.get(item["id"], 0)}
        context = {"c": card, "closed": closed, "live_counts": rules["live_counts"]}
        cards[item["id"]] = render_to_string("voting/_vote_card.html", context)
    return {"pieces": [head, middle, tail], "cards": cards}


def pieces(data, closed):
    """The rendered pieces for this build of the shared data, this language and this open/closed state."""
    counted = public.counts(data) if data["rules"]["live_counts"] else None
    parts = [data["gen"], get_language() or "", closed or "", counted["gen"] if counted else ""]
    key = "vote:html:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = _render(data, closed, counted["votes"] if counted else {})
        cache.set(key, found, public.COUNTS_TTL if counted else public.PAGE_TTL)
    return found


def page(data, *, seed, query=""):
    """The whole page for one visitor: their card order, their search."""
    query = (query or "").strip()
    found = pieces(data, public.closed(data))
    items = public.search(public.stable_order(data["items"], seed), query)
    cards = "".join(found["cards"][item["id"]] for item in items) or EMPTY
    head, middle, tail = found["pieces"]
    return head + escape(query) + middle + cards + tail
