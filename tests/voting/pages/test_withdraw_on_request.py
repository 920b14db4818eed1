"""A candidate withdrawn at the recommending unit's request is a state with its own reason (已撤回), not a
disqualification: from the voting office page and the API, audited, out of the tally."""

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.models import User
from pingxuan.web.demo import ensure_admin
from pingxuan.web.demo_world import build


@pytest.mark.django_db
def test_withdraw_a_candidate_at_the_units_request(client):
    build(ensure_admin())
    organiser = User.objects.get(username="organiser")
    first, second = Nomination.objects.filter(campaign__code="jm-demo-voting").order_by("id")[:2]
    client.force_login(organiser)
    office = client.get("/voting/jm-demo-voting/").content.decode()
    assert 'value="withdraw">应单位申请撤回</button>' in office
    page = client.post(f"/voting/candidates/{first.pk}/", {"action": "withdraw", "reason": ""}, follow=True).content.decode()
    assert "应单位申请撤回须写明单位的申请理由。" in page
    page = client.post(
        f"/voting/candidates/{first.pk}/", {"action": "withdraw", "reason": "该窗口负责人调离，单位申请退出评选。"}, follow=True
    ).content.decode()
    assert "已按推荐单位的申请撤回，不再计票和排名。" in page
    first.refresh_from_db()
    assert (first.status, first.reason) == ("withdrawn", "应市直申请撤回：该窗口负责人调离，单位申请退出评选。")
    event = AuditEvent.objects.filter(action="nomination.withdraw_on_request").get()
    assert (event.before, event.after) == ({"status": "candidate"}, {"status": "withdrawn"})
    # The API does the same; a clerk may not.
    client.force_login(User.objects.get(username="clerk"))
    r = client.post(f"/api/nominations/{second.pk}/withdraw-on-request/", {"reason": "单位申请"}, content_type="application/json")
    assert r.status_code == 403
    client.force_login(organiser)
    r = client.post(f"/api/nominations/{second.pk}/withdraw-on-request/", {"reason": "单位申请"}, content_type="application/json")
    assert r.status_code == 200
    second.refresh_from_db()
    assert second.status == "withdrawn"
