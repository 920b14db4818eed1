"""Every GET page of the URL configuration with its URL arguments filled from the sweep's world.

`pages(world)` walks the resolver (API, Django admin and i18n routes excluded) and yields (page id, route name, path
candidates): a route with an enumerated argument (a configuration section, a category part) gives one page per value;
an argument with several possible objects (a draft or a candidate, the owner or a base unit) gives several candidate
paths, of which a role is shown the first it may see.
"""

from django.urls import URLResolver, get_resolver, reverse

from pingxuan.campaigns.config_views import PARTS, SECTIONS

EXCLUDED_PREFIXES = ("api/", "django-admin/", "i18n/")


def walk(patterns=None, prefix="", namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif p.name:
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name, p


def routes():
    """(route text, name, converter names) of the product's own routes."""
    out = []
    for route, name, p in walk():
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        out.append((route, name, list(p.pattern.converters)))
    return out


def values(world, name, arg):
    """The possible values of one URL argument of a route, first the likeliest."""
    campaign, programme = world["campaign"], world["programme"]
    cats = world["categories"]
    drafts, candidates = list(world["drafts"].values()), list(world["candidates"].values())
    if arg == "code":
        return [programme.code] if name.startswith("stars-") else [campaign.code]
    if arg == "section":
        return [key for key, _ in SECTIONS]
    if arg == "part":
        return [key for key, _ in PARTS]
    if arg == "cat":
        return [cats[0].pk] if name in ("vote-page", "vote-tally") else [cats[0].code]
    if arg == "category":
        return [cats[0].pk]
    if arg == "recommender":
        return [world["recommender"].pk]
    if arg == "token":
        return [c.token for c in world["certificates"]]
    if arg == "fmt":
        return ["pdf", "docx"]
    if arg == "unit":
        return [c.unit_id for c in candidates]
    if arg == "entry":
        return [e.pk for pub in world["publications"] for e in pub.entries.order_by("id")]
    if arg == "pk":
        if name.startswith("org-"):
            return [campaign.owner.pk, world["clerk_base"].pk, world["member"].window.pk]
        if name.startswith("nom-attachment"):
            return list(world["submitted"].attachments.order_by("id").values_list("pk", flat=True)[:1])
        if name.startswith(("nom-", "judging-score", "judging-conflict", "judging-review-one", "voting-candidate")):
            return [world["submitted"].pk, drafts[0].pk, candidates[0].pk]
        if name.startswith("judging-onsite"):
            return [world["sessions"][0].pk]
        if name.startswith("job-"):
            return [world["job"].pk]
        if name.startswith(("stars-window", "stars-rate")):
            return [world["member"].window.pk]
        if name.startswith("stars-member"):
            return [world["member"].pk]
        return _closing_pk(world, name)
    return []


def _closing_pk(world, name):
    """Objects of the campaign's closing stages and of the standing programme (world_closing.py)."""
    if name.startswith(("publicity-object", "publicity-public", "publicity-photo", "publicity-notice", "publicity-poster")):
        return [pub.pk for pub in world["publications"]]
    if name == "publicity-office-pub":
        return [pub.pk for pub in world["publications"]]
    if name == "objection-office":
        return [o.pk for o in world["objections"]]
    if name.startswith("awards-certificate"):
        return [c.pk for c in world["certificates"]]
    if name == "results-explain":
        return [n.pk for n in world["candidates"].values()]
    if name == "results-apply":
        return [x.pk for x in world["lists"]]
    if name == "voting-cluster":
        return [world["cluster"].pk]
    if name == "stars-notice":
        return [world["notice"].pk]
    if name == "stars-staff-commitment":
        return [world["commitment"].pk]
    if name == "stars-staff-complaint":
        return [world["complaint"].pk]
    if name == "account-person":
        from pingxuan.orgs.models import User

        return [User.objects.get(username="clerk").pk]
    return []


def pages(world):
    """[(page id, route name, [paths])]; routes whose arguments cannot be filled come back with no paths."""
    out = []
    for _route, name, args in routes():
        choices = {a: values(world, name, a) for a in args}
        if any(not v for v in choices.values()):
            out.append((name, name, []))
            continue
        spread = [a for a in args if a in ("section", "part")]
        fixed = {a: v for a, v in choices.items() if a not in spread}
        variants = [{}]
        for a in spread:
            variants = [{**v, a: x} for v in variants for x in choices[a]]
        for variant in variants:
            paths = []
            for combo in _combos(fixed):
                paths.append(reverse(name, kwargs={**combo, **variant}))
            page_id = name + "".join(f"/{variant[a]}" for a in spread)
            out.append((page_id, name, paths))
    return out


def _combos(choices):
    combos = [{}]
    for arg, options in choices.items():
        combos = [{**c, arg: o} for c in combos for o in options]
    return combos
