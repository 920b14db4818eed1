"""Fuzzing the REST API from its own OpenAPI document (schemathesis), in-process through the WSGI application.

The world is jingmen-2019 with the demo units and users, drafts and candidates, a panel and an on-site session (the
browser sweep's world, built through the services). Every operation of /api/schema/ gets a bounded, deterministic
number of generated requests, signed in as the organiser (a token from /api/auth/token/) and anonymously; no request
may answer with a server error, and every answer, errors included, must have a status code, a content type and a body
the document declares (the common 400/403/404 answers are declared by api/schema.py).
"""

import pytest
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, seed, settings
from rest_framework.test import APIClient
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from tests.web.sweep.world import build

EXAMPLES = {"organiser": 5, "anonymous": 3}
# The token endpoint counts failed sign-ins and locks the account: fuzzing it would lock the organiser out.
SKIP = {("POST", "/api/auth/token/"), ("POST", "/api/auth/logout/")}
# Answers that do not match the document yet (never a server error): {(method, path): reason}.
KNOWN_MISMATCH = {}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def token_for(username):
    from pingxuan.web.demo import DEMO_PASSWORD

    response = APIClient().post("/api/auth/token/", {"username": username, "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def run_operation(operation, headers, checks, examples):
    """Generated requests for one operation: {"server": first server error, "mismatch": first other failure} as text."""
    found = {}

    @seed(2026)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        if "server" in found:
            return
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # a failed check: keep the request and the answer for the report
            kinds = sorted({type(e).__name__ for e in getattr(exc, "exceptions", [exc])})
            detail = "; ".join(str(e)[:500] for e in getattr(exc, "exceptions", [exc]))
            text = (
                f"{response.status_code} {kinds} {case.method} {case.formatted_path} query={case.query} body={case.body!r:.200}\n"
                f"{detail}\n{response.text[:300]}"
            )
            found.setdefault("server" if response.status_code >= 500 else "mismatch", text)

    fuzz()
    return found


@pytest.mark.django_db(transaction=True)
def test_fuzz_api_as_organiser_and_anonymous(admin_user):
    world = build(admin_user)
    assert world["campaign"].code == "jingmen-2019"
    schema = openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    organiser = {"Authorization": f"Token {token_for('organiser')}"}
    problems = []
    for operation in operations:
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        for who, headers in (("organiser", organiser), ("anonymous", {})):
            found = run_operation(operation, headers, CHECKS, EXAMPLES[who])
            if "server" in found:
                problems.append(f"[{who}] {found['server']}")
            if "mismatch" in found and (operation.method.upper(), operation.path) not in KNOWN_MISMATCH:
                problems.append(f"[{who}] {found['mismatch']}")
    assert problems == [], "\n\n".join(problems)


@pytest.mark.django_db
def test_an_error_answer_in_yaml_is_yaml(client):
    """Found by the fuzzing: an error answer asked for as YAML (here: not signed in) was a server error."""
    from pingxuan.campaigns.presets import read_yaml

    response = client.put("/api/campaigns/any/config/?format=yaml", data="{}", content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (403, "application/yaml; charset=utf-8")
    assert read_yaml(response.content.decode()) == {"detail": "身份认证信息未提供。"}
