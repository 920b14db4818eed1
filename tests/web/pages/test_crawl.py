"""Every page a role may use (a GET route the role × route matrix answers 200 for it, tests/security/route_rules.py)
is reachable by following links from that role's dashboard: no page needs a typed URL."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.security import matrix
from tests.security.route_rules import RULES, parse

# Routes a person does not reach by a link from the product's pages, by nature: the API and its documents, Django's
# own admin, the sign-in pages, and the language switch (a form).
NOT_LINKED = {"login", "logout", "otp_verify", "otp_setup", "set_language", "api-docs", "api-redoc", "api-schema"}
NOT_LINKED |= {"account-setup-link"}  # opened from the link sent by SMS or e-mail to a new person
# Pages that answer every signed-in person but serve one role only (to others they say there is nothing for them).
ONLY_FOR = {"judging-my": {"judge"}}
# Linked only where the campaign uses the feature, which the matrix world's campaign does not: each is checked
# where it applies (the link sits next to the feature's switch in the template named).
CONDITIONAL = {
    "nom-eligibility": "nominations/detail.html, when the category has eligibility rules",
    "nom-prereview": "nominations/unit.html, when the campaign requires pre-review",
    "nom-office-prereview": "nominations/_office_tabs.html, when the campaign requires pre-review",
    "nom-office-prereview-comment": "the office's pre-review page, one form per request",
    "voting-clusters": "the fraud panel's refresh, loaded by the voting office page itself (hx-get)",
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def route_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def crawl(client, start="/", limit=400):
    """{route name} of every link reached from `start` (pages are opened; files are counted, not read)."""
    seen, queue, reached = set(), [start], set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        name = route_name(urlsplit(url).path)
        if name:
            reached.add(name)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(("/api/", "/static/", "/django-admin/", "/media/")):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            name = route_name(parts.path)
            if name:
                reached.add(name)
            if link not in seen and name not in {"logout"}:
                queue.append(link)
    return reached


def needed(role):
    index = matrix.ROLES.index(role)
    found, _ = matrix.routes()
    out = set()
    for name, text in RULES.items():
        rule = parse(text)
        if rule["method"] != "GET" or rule["expect"][index] != "200":
            continue
        if name in NOT_LINKED or name in CONDITIONAL or name.startswith("admin:") or found.get(name, "").startswith("api/"):
            continue
        if name in ONLY_FOR and role not in ONLY_FOR[name]:
            continue
        out.add(name)
    return out


@pytest.mark.parametrize("role", ["clerk", "approver", "judge", "delegate", "organiser", "leader", "supervisor", "admin"])
def test_every_page_a_role_may_use_is_linked_from_its_dashboard(admin_user, role):
    people, _values, _objects = matrix.build_world(admin_user)
    client = matrix.clients(people)[role]
    missing = sorted(needed(role) - crawl(client))
    assert missing == [], f"{role} cannot reach by links: " + ", ".join(missing)
