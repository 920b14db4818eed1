"""The browser sweep over the hostile world: every page each role is shown (found as the browser sweep finds them,
tests/web/sweep), opened in headless Chromium over a world whose free text and uploads are attacks. It fails if
any dialog opens (the payloads call alert), if the browser reports a Content-Security-Policy violation (a script the
policy blocked: inline code, an event-handler attribute) or an uncaught script error (a page whose own behaviour broke
under the policy: Alpine, htmx, ECharts), and it opens the polyglot photos the way a victim would."""

import pytest

from pingxuan.orgs.models import User
from pingxuan.web.demo import ensure_admin
from tests.security.hostile_world import build_hostile
from tests.web.sweep import probe as p
from tests.web.sweep.routes import pages
from tests.web.sweep.sweep import ROLES, plan, sign_in

pytestmark = pytest.mark.browser


def watch(page, problems, where):
    page.on("dialog", lambda d: (problems.append(f"{where()}: dialog {d.type} {d.message!r}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"{where()}: script error {e}"))

    def console(msg):
        text = msg.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append(f"{where()}: CSP {text[:200]}")

    page.on("console", console)


# The pages' own behaviour still works under the policy: (page id, a check in the page that must be true).
WORKS = {
    "results-category": "document.querySelectorAll('#chart-stacked canvas, #chart-hist canvas').length === 2",
    "org-tree": "!!window.Alpine && [...document.querySelectorAll('[x-data]')].every(e => e._x_dataStack)",
    "campaign-category/fields": "!!document.querySelector('[data-testid=live-total], .row-editor [x-model]')",
    "judging-score": "!!window.Alpine && document.querySelector('form[x-data]')._x_dataStack !== undefined",
}


@pytest.mark.django_db(transaction=True)
def test_no_page_of_any_role_runs_the_attackers_script(browser, live_server):
    ensure_admin()
    world = build_hostile(User.objects.get(username="admin"))
    all_pages = pages(world)
    found_by_role, settled = {}, {}
    for role in ROLES:
        todo = [x for x in all_pages if x[0] not in settled]
        found = p.probe(User.objects.get(username=role) if role else None, todo)
        settled.update({k: v for k, v in found.items() if v[0] in (p.DOWNLOAD, p.POST_ONLY, p.FRAGMENT)})
        found_by_role[role] = found
    visits = plan(found_by_role)
    problems, visited, current = [], [], {"at": ""}
    for role in ROLES:
        page = sign_in(browser, live_server.url, role)
        watch(page, problems, lambda: current["at"])
        for who, page_id, path in visits:
            if who != role:
                continue
            current["at"] = f"{role or 'anonymous'} {page_id} {path}"
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            page.evaluate("() => new Promise(done => setTimeout(done, 50))")  # let Alpine and the charts start
            visited.append((role, page_id, response.status))
            if page_id in WORKS and not page.evaluate(WORKS[page_id]):
                problems.append(f"{current['at']}: the page's own script did not run ({WORKS[page_id]})")
        if role == "admin":  # the clerk's polyglot photos, opened the way a victim would (inline images)
            for att in world["polyglots"]:
                if att.content_type == "JPEG":
                    current["at"] = f"admin photo {att.pk}"
                    page.goto(f"{live_server.url}/nominations/attachment/{att.pk}/")
        if role == "organiser":
            for ev in world["hostile_objection"].evidence.filter(content_type="JPEG"):
                current["at"] = f"organiser evidence {ev.pk}"
                page.goto(f"{live_server.url}/objections/evidence/{ev.pk}/")
        page.context.close()
    assert problems == []
    shown = {page_id for _role, page_id, _status in visited}
    assert len(visited) > 100
    assert shown >= {"results-category", "nom-detail", "objection-office", "vote-page", "org-tree", *WORKS}
    assert {status for _r, _p, status in visited} == {200}
