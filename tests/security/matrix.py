"""Walks the URL configuration and asks every route as every role; used by test_route_matrix.py.

The world is built through the services: a campaign in its voting phase with candidates (voting.demo), and one
person per role over its tree. URL arguments come from that world (the campaign code, a category, the unit, a
candidate nomination); arguments the world has no object for get an id that does not exist.
"""

import copy
import re

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "clerk", "approver", "judge", "delegate", "organiser", "leader", "supervisor", "admin")
MISSING = 999999


def routes():
    """{route name: pattern text} of every named route (format-suffix twins folded into their route)."""
    found, unnamed = {}, []

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                text = prefix + str(p.pattern)
                if not p.name:
                    unnamed.append(text)
                    continue
                name = f"{namespace}:{p.name}" if namespace else p.name
                if "<format>" in text or "(?P<format>" in text:
                    found.setdefault(name, text)
                else:
                    found[name] = text

    walk(get_resolver().url_patterns)
    return found, unnamed


def argument_names(pattern):
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    return [a or b for a, b in names if (a or b) != "format"]


def build_world(admin):
    from pingxuan.orgs.services import create_org, create_user, grant_role
    from pingxuan.voting import demo

    world = demo.build(admin=admin, code="sec", candidates=2)
    root, unit, campaign = world["root"], world["unit"], world["campaign"]
    panel = create_org(user=admin, parent=root, code="sec-panel", name="专家评审组", kind="office")
    people = {"clerk": world["clerk"], "organiser": world["organiser"], "admin": admin}
    for role, org, for_campaign in [
        ("approver", unit, None),
        ("judge", panel, campaign),
        ("delegate", panel, campaign),
        ("leader", root, None),
        ("supervisor", root, None),
    ]:
        person = create_user(user=admin, username=f"sec-{role}", password="Pass-word-2026", display_name=role, organisation=org)
        grant_role(user=admin, person=person, organisation=org, role=role, campaign=for_campaign)
        people[role] = person
    category = world["categories"][0]
    nomination = world["candidates"][category.code][0]
    values = {
        "code": campaign.code,
        "cat": category.code,
        "category": category.pk,
        "recommender": unit.pk,
        "unit": unit.pk,
        "section": "voting",
        "part": "form",
        "kind": "voting",
        "fmt": "pdf",
        "field": "photo",
        "rule": "r1",
        "token": "no-such-token",
        "receipt": "NOSUCHRECEIPT",
        "app_label": "auth",
        "content_type_id": MISSING,
        "object_id": MISSING,
        "url": "nowhere",
        "entry": MISSING,
        "name": "result.csv",
    }
    objects = {"org": unit.pk, "nomination": nomination.pk, "category": category.pk}
    return people, values, objects


def url_for(name, pattern, rule, values, objects):
    kwargs = {}
    for arg in argument_names(pattern):
        if arg == "pk":
            kwargs[arg] = objects.get(rule.get("pk"), MISSING)
        elif arg == "cat" and "<int:cat>" in pattern:
            kwargs[arg] = objects["category"]
        else:
            kwargs[arg] = rule[arg] if arg in rule else values[arg]
    return reverse(name, kwargs=kwargs)


def answer(response):
    """The answer as the rules write it: a status code, or `login` for a redirect to the login page."""
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith("/accounts/login/") else "302"
    return str(response.status_code)


def ask(client, method, url):
    """One request whose database writes are rolled back, so every role meets the same world (a logout too: the
    session row comes back with the rollback and the cookie is put back)."""
    cookies = client.cookies
    client.cookies = copy.copy(cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {}, content_type="application/json")
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def clients(people):
    out = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        client = Client(raise_request_exception=False)
        client.force_login(people[role])
        out[role] = client
    return out
