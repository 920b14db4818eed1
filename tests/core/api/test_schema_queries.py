"""The OpenAPI document, and the number of queries of every list endpoint (1 item vs many: no N+1)."""

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

from pingxuan.campaigns.services import create_campaign, grant_extension
from pingxuan.jobs.services import start_job
from pingxuan.orgs.services import create_org, create_user
from tests.audit.api.test_audit_jobs import export_rows  # noqa: F401  (registers the test job kind)
from tests.world import api_campaign_data as campaign_data
from tests.world import day

ROUTES = {
    "/api/attestations/{id}/evidence/": ["get"],
    "/api/audit/events/": ["get"],
    "/api/audit/events/{id}/": ["get"],
    "/api/attachments/{id}/file/": ["get"],
    "/api/attachments/{id}/remove/": ["post"],
    "/api/audit/verify/": ["get"],
    "/api/audit/anchors/": ["get"],
    "/api/auth/logout/": ["post"],
    "/api/auth/token/": ["post"],
    "/api/auth/token/revoke/": ["post"],
    "/api/campaigns/": ["get", "post"],
    "/api/campaigns/{code}/": ["get"],
    "/api/campaigns/{code}/categories/": ["get"],
    "/api/campaigns/{code}/categories/{cat}/": ["get", "patch"],
    "/api/campaigns/{code}/categories/{cat}/form.{fmt}": ["get"],
    "/api/campaigns/{code}/config/": ["get", "put"],
    "/api/campaigns/{code}/config/{section}/": ["patch"],
    "/api/campaigns/{code}/deadline/": ["get"],
    "/api/campaigns/{code}/deadline/lapse/": ["post"],
    "/api/campaigns/{code}/deadline/remind/": ["post"],
    "/api/campaigns/{code}/duplicates/": ["get"],
    "/api/campaigns/{code}/nominations/": ["get", "post"],
    "/api/campaigns/{code}/nominations/counts/": ["get"],
    "/api/campaigns/{code}/nominations/import/": ["post"],
    "/api/campaigns/{code}/nominations/template/": ["get"],
    "/api/campaigns/{code}/phase-check/": ["get"],
    "/api/campaigns/{code}/phases/{kind}/now/": ["post"],
    "/api/campaigns/{code}/phases/": ["get"],
    "/api/campaigns/{code}/phases/{kind}/extensions/": ["post"],
    "/api/campaigns/{code}/prereviews/": ["get", "post"],
    "/api/campaigns/{code}/print/": ["post"],
    "/api/campaigns/{code}/quotas/": ["get"],
    "/api/campaigns/{code}/quotas/export/": ["get"],
    "/api/campaigns/{code}/quotas/import/": ["post"],
    "/api/campaigns/{code}/quotas/template/": ["get"],
    "/api/campaigns/{code}/ranking.{fmt}": ["get"],
    "/api/campaigns/{code}/ranking/": ["get", "put"],
    "/api/campaigns/{code}/report.{fmt}": ["get"],
    "/api/campaigns/{code}/summary.xlsx": ["get"],
    "/api/campaigns/{code}/units-status/": ["get"],
    "/api/jobs/": ["get"],
    "/api/jobs/{id}/": ["get"],
    "/api/jobs/{id}/download/": ["get"],
    "/api/me/": ["get"],
    "/api/me/password/": ["post"],
    "/api/memberships/": ["get", "post"],
    "/api/memberships/{id}/": ["get"],
    "/api/memberships/{id}/end/": ["post"],
    "/api/nominations/queue/": ["get"],
    "/api/nominations/{id}/": ["get", "patch"],
    "/api/nominations/{id}/attachments/": ["get", "post"],
    "/api/nominations/{id}/attest/": ["post"],
    "/api/nominations/{id}/checklist/": ["get"],
    "/api/nominations/{id}/decide/": ["post"],
    "/api/nominations/decide/bulk/": ["post"],
    "/api/nominations/{id}/disqualify/": ["post"],
    "/api/nominations/{id}/withdraw-on-request/": ["post"],
    "/api/nominations/{id}/flags/": ["get"],
    "/api/nominations/{id}/eligibility-ruling/": ["post"],
    "/api/nominations/{id}/fill-vacancy/": ["post"],
    "/api/nominations/{id}/history/": ["get"],
    "/api/nominations/{id}/paper.{fmt}": ["get"],
    "/api/nominations/{id}/submit/": ["post"],
    "/api/nominations/{id}/withdraw/": ["post"],
    "/api/orgs/": ["get", "post"],
    "/api/orgs/{id}/": ["get", "patch"],
    "/api/orgs/{id}/move/": ["post"],
    "/api/orgs/{id}/seal/": ["post"],
    "/api/orgs/export/": ["get"],
    "/api/orgs/import/": ["post"],
    "/api/orgs/template/": ["get"],
    "/api/presets/": ["get"],
    "/api/prereviews/{id}/comment/": ["post"],
    "/api/users/": ["get", "post"],
    "/api/users/{id}/": ["get"],
    "/api/users/{id}/account/": ["get"],
    "/api/users/{id}/reset-otp/": ["post"],
    "/api/users/{id}/reset-password/": ["post"],
    "/api/users/{id}/revoke-token/": ["post"],
    "/api/users/{id}/unlock/": ["post"],
    # judging (issue 4)
    "/api/campaigns/{code}/judging/{cat}/assign/": ["post"],
    "/api/campaigns/{code}/judging/{cat}/candidates/": ["get", "put"],
    "/api/campaigns/{code}/judging/{cat}/candidates/apply/": ["post"],
    "/api/campaigns/{code}/judging/{cat}/normalise/": ["get", "post"],
    "/api/campaigns/{code}/judging/{cat}/onsite/": ["post"],
    "/api/campaigns/{code}/judging/{cat}/panel/": ["get", "put"],
    "/api/campaigns/{code}/judging/{cat}/progress/": ["get"],
    "/api/campaigns/{code}/judging/{cat}/results/": ["get"],
    "/api/campaigns/{code}/judging/{cat}/review/": ["get"],
    "/api/campaigns/{code}/judging/{cat}/review/bulk/": ["post"],
    "/api/campaigns/{code}/judging/scores-import/": ["post"],
    "/api/campaigns/{code}/judging/scores-template.xlsx": ["get"],
    "/api/campaigns/{code}/judging/scores.xlsx": ["get"],
    # results (issue 6)
    "/api/campaigns/{code}/results/": ["get"],
    "/api/campaigns/{code}/results/export.xlsx": ["get"],
    "/api/campaigns/{code}/results/decision/": ["get", "post"],
    "/api/campaigns/{code}/results/amendments/": ["get", "post"],
    "/api/campaigns/{code}/results/amendments/preview/": ["post"],
    "/api/campaigns/{code}/rules/": ["get"],
    "/api/campaigns/{code}/results/{cat}/": ["get"],
    "/api/campaigns/{code}/results/{cat}/checklist/": ["get"],
    "/api/campaigns/{code}/results/{cat}/lists/": ["get", "post"],
    "/api/result-lists/{id}/": ["get"],
    "/api/result-lists/{id}/apply/": ["post"],
    "/api/nominations/{id}/score-explain/": ["get"],
    "/api/judging/assignments/": ["get"],
    "/api/judging/assignments/{id}/conflict/": ["post"],
    "/api/judging/assignments/{id}/sheet/": ["get", "put"],
    "/api/judging/onsite/{id}/": ["get"],
    "/api/judging/onsite/{id}/current/": ["post"],
    "/api/judging/onsite/{id}/release/": ["post"],
    "/api/judging/onsite/{id}/absent/": ["post"],
    "/api/judging/onsite/{id}/reopen/": ["post"],
    "/api/judging/onsite/{id}/score/": ["post"],
    "/api/judging/sheets/{id}/reopen/": ["post"],
    "/api/nominations/{id}/judging-disqualify/": ["post"],
    "/api/nominations/{id}/review/": ["post"],
    "/api/vote/": ["post"],
    "/api/vote/captcha/": ["get"],
    "/api/vote/categories/{cat}/": ["get"],
    "/api/vote/code/": ["post"],
    "/api/vote/delegate/": ["post"],
    "/api/vote/ping/": ["get"],
    "/api/vote/receipts/{receipt}/": ["get"],
    "/api/vote/categories/{cat}/tally/": ["get"],
    "/api/vote/categories/{cat}/tally/export.csv": ["get"],
    "/api/voting/campaigns/{code}/categories/{cat}/tally/publish/": ["post"],
    "/api/vote/verify/": ["post"],
    "/api/voting/campaigns/{code}/analyse/": ["post"],
    "/api/voting/campaigns/{code}/ballots.pdf": ["get"],
    "/api/voting/campaigns/{code}/ballots/import/": ["post"],
    "/api/voting/campaigns/{code}/categories/{cat}/tally/": ["get"],
    "/api/voting/campaigns/{code}/clusters/": ["get"],
    "/api/voting/campaigns/{code}/delegates/": ["get"],
    "/api/voting/campaigns/{code}/delegates/import/": ["post"],
    "/api/voting/campaigns/{code}/paper-entries/": ["post"],
    "/api/voting/campaigns/{code}/reconciliation/": ["get"],
    "/api/voting/campaigns/{code}/categories/{cat}/count-closure/": ["get", "post"],
    "/api/voting/campaigns/{code}/rules/": ["get", "patch"],
    "/api/voting/candidates/{id}/disqualify/": ["post"],
    "/api/voting/candidates/{id}/warn/": ["post"],
    "/api/voting/clusters/{id}/": ["get"],
    "/api/voting/campaigns/{code}/logs/": ["get", "post"],
    "/api/voting/logs/{id}/": ["get"],
    "/api/voting/logs/{id}/{name}": ["get"],
    "/api/voting/clusters/{id}/dismiss/": ["post"],
    "/api/voting/clusters/{id}/invalidate/": ["post"],
    "/api/commitments/{id}/recommit/": ["post"],
    "/api/commitments/{id}/review/": ["post"],
    "/api/complaints/{id}/respond/": ["post"],
    "/api/complaints/{id}/verify/": ["post"],
    "/api/programmes/": ["get", "post"],
    "/api/programmes/{code}/": ["get"],
    "/api/programmes/{code}/board/": ["get"],
    "/api/programmes/{code}/commitments/": ["get", "post"],
    "/api/programmes/{code}/commitments/counts/": ["get"],
    "/api/programmes/{code}/complaints/": ["get", "post"],
    "/api/programmes/{code}/leader-scores/": ["post"],
    "/api/programmes/{code}/members/": ["get", "post"],
    "/api/programmes/{code}/members/{id}/": ["patch"],
    "/api/programmes/{code}/notices/": ["get", "post"],
    "/api/programmes/{code}/notices/{id}/pdf/": ["get"],
    "/api/programmes/{code}/otp/": ["post"],
    "/api/programmes/{code}/otp/verify/": ["post"],
    "/api/programmes/{code}/periods/": ["get", "post"],
    "/api/programmes/{code}/propose/": ["post"],
    "/api/programmes/{code}/ratings/flagged/": ["get"],
    "/api/programmes/{code}/ratings/invalidate/": ["post"],
    "/api/programmes/{code}/runs/": ["get", "post"],
    "/api/programmes/{code}/summaries/": ["post"],
    "/api/programmes/{code}/summaries/missing/": ["get"],
    "/api/programmes/{code}/windows/": ["get"],
    "/api/programmes/{code}/windows/{id}/ratings/": ["post"],
    "/api/star-runs/{id}/publish/": ["post"],
    # publicity and objections (issue 6)
    "/api/campaigns/{code}/publications/": ["get", "post"],
    "/api/campaigns/{code}/publications/checklist/": ["get"],
    "/api/objection-evidence/{id}/": ["get"],
    "/api/objections/{id}/": ["get"],
    "/api/objections/{id}/decide/": ["post"],
    "/api/objections/{id}/notes/": ["post"],
    "/api/public/objections/follow/": ["post"],
    "/api/public/publications/{id}/": ["get"],
    "/api/public/publications/{id}/notice.pdf": ["get"],
    "/api/public/publications/{id}/posters/{unit}.pdf": ["get"],
    "/api/public/publications/{id}/objections/": ["post"],
    "/api/public/publications/{id}/otp/": ["post"],
    "/api/public/publications/{id}/otp/verify/": ["post"],
    "/api/publications/{id}/": ["get"],
    "/api/publications/{id}/finalise/": ["post"],
    "/api/publications/{id}/objections/": ["get"],
    # commendation (issue 6: awards)
    "/api/campaigns/{code}/awards/": ["get"],
    "/api/campaigns/{code}/awards/casebook/": ["post"],
    "/api/campaigns/{code}/awards/certificates/": ["get", "post"],
    "/api/campaigns/{code}/awards/certificates/generate/": ["post"],
    "/api/campaigns/{code}/awards/decision.{fmt}": ["get"],
    "/api/campaigns/{code}/awards/linked-honours.xlsx": ["get"],
    "/api/campaigns/{code}/awards/linked-honours/": ["get"],
    "/api/campaigns/{code}/awards/particulars/": ["get", "put"],
    "/api/campaigns/{code}/awards/plaques.xlsx": ["get"],
    "/api/campaigns/{code}/awards/plaques/": ["get"],
    "/api/certificates/{id}/": ["get"],
    "/api/certificates/{id}/pdf/": ["get"],
    "/api/certificates/{id}/revoke/": ["post"],
    "/api/honours/{code}/": ["get"],
    "/api/verify/{token}/": ["get"],
}


def test_schema_lists_every_route_without_warnings(db):
    GENERATOR_STATS.reset()
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    schema = yaml.safe_load(response.content.decode())
    assert schema["info"]["title"] == "评选 pingxuan API"
    assert {path: sorted(ops) for path, ops in schema["paths"].items()} == ROUTES
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    # every operation is summarised in Chinese and filed under a Chinese tag
    assert all(op.get("summary") and op.get("tags") for op in operations)
    assert {tag for op in operations for tag in op["tags"]} == {
        "认证",
        "组织",
        "人员与角色",
        "评选活动",
        "审计",
        "后台任务",
        "申报",
        "申报汇总与打印",
        "初审与专家评审",
        "专家评分",
        "网络投票（公众）",
        "投票管理",
        "常态化活动（十堰）",
        "常态化活动：群众评议（公开）",
        "公示与异议",
        "公示与异议（公开）",
        "命名表彰",
        "命名表彰（公开）",
        "评选结果",
    }
    token = schema["paths"]["/api/auth/token/"]["post"]
    assert sorted(token["responses"]) == ["200", "400", "403", "429"]
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_docs_page_is_served_locally(db):
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def size(client, url):
    """How long the answer's list is (the paged results, or the timeline, roles, quotas…)."""
    data = client.get(url).json()
    if isinstance(data, list):
        return len(data) + sum(len(item.get("extensions", [])) for item in data)
    if "results" in data:
        return data["count"]
    return len(data.get("roles", [])) + len(data.get("categories", []))


def grow(people, tree, n):
    """Add n of everything the lists show."""
    admin, organiser = people["admin"], people["organiser"]
    for i in range(n):
        org = create_org(user=admin, parent=tree["dongbao"], code=f"jm-db-x{i}", name=f"东宝区单位{i}", kind="base_unit")
        create_user(user=admin, username=f"extra{i}", password="Pass-word-2026", organisation=org, role="clerk")
        c = create_campaign(user=organiser, data=campaign_data(code=f"jm-extra-{i}", units=("jm-db", "jm-dd", org.code)))
        grant_extension(user=organiser, phase=c.phases.get(kind="nomination"), organisation=org, until=day(1), reason="测试")
        for user in (people["admin"], people["db_organiser"]):
            start_job(user=user, kind="api-test.export", title=f"任务{i}", params={"n": 1})


LISTS = [
    "/api/orgs/",
    "/api/users/",
    "/api/memberships/",
    "/api/campaigns/",
    "/api/campaigns/jm-test/",
    "/api/campaigns/jm-test/categories/",
    "/api/campaigns/jm-test/quotas/",
    "/api/campaigns/jm-test/phases/",
    "/api/audit/events/",
    "/api/jobs/",
    "/api/me/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_the_list(people, tree, campaign, client_for, url):
    readers = [client_for(people["admin"]), client_for(people["db_organiser"])]  # everything, and one subtree
    for user in (people["admin"], people["db_organiser"]):
        start_job(user=user, kind="api-test.export", title="任务", params={"n": 1})
    few = [count_queries(client, url) for client in readers]
    short = [size(client, url) for client in readers]
    grow(people, tree, 4)
    if url.startswith("/api/campaigns/jm-test/"):
        # make the campaign's own lists longer too
        from pingxuan.campaigns.config import export_config
        from pingxuan.campaigns.services import update_config

        data = export_config(campaign)
        data["quotas"] += [{"unit": f"jm-db-x{i}", "category": "window", "nominate": 1} for i in range(4)]
        data["categories"].append({**data["categories"][0], "code": "window2", "name": "第二个奖项"})
        update_config(user=people["organiser"], campaign=campaign, data=data)
        for i in range(4):
            grant_extension(
                user=people["organiser"],
                phase=campaign.phases.get(kind="nomination"),
                organisation=tree["dongbao"].subtree().get(code=f"jm-db-x{i}"),
                until=day(1),
                reason="测试",
            )
    many = [count_queries(client, url) for client in readers]
    if url != "/api/me/":
        longer = [size(client, url) for client in readers]
        assert all(b > a for a, b in zip(short, longer, strict=True)), (url, short, longer)
    assert many == few, f"{url}: {few} queries for a short list, {many} for a long one"
