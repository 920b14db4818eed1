"""A candidate's voting state is kept for a second in each app server's memory (and a few more in the shared cache):
a change made through the services is seen by the process that made it at once, and nothing of a previous state
leaks into the answer."""

import pytest
from rest_framework.test import APIClient

from pingxuan.campaigns.models import Campaign
from pingxuan.voting import services

pytestmark = pytest.mark.django_db


def vote(token, nomination):
    client = APIClient(REMOTE_ADDR="10.3.3.3")
    answer = client.post("/api/vote/", {"nomination": nomination.pk}, format="json", HTTP_X_VOTER_TOKEN=token)
    return answer.status_code, answer.json()


def test_a_rule_change_and_a_disqualification_apply_to_the_next_vote(world, verified):
    first, second, third = world["candidates"]["window"][:3]
    token = verified("13800001111")
    status, receipt = vote(token, first)
    assert (status, receipt["candidate"]) == (201, str(first))
    assert services.nomination_state(second.pk)["rules"]["enabled"] is True  # the state is now in this process

    campaign, organiser = Campaign.objects.get(pk=first.campaign_id), world["organiser"]
    services.set_public_rules(user=organiser, campaign=campaign, values={"enabled": False})
    assert vote(token, second) == (400, {"detail": "本活动未开通网络投票。", "code": "voting_closed"})

    services.set_public_rules(user=organiser, campaign=campaign, values={"enabled": True})
    assert vote(token, second)[0] == 201
    services.disqualify_candidate(user=organiser, nomination=third, reason="经核查存在组织刷票行为。")
    assert vote(token, third) == (404, {"detail": "未找到该候选对象，或其不在投票范围内。", "code": "not_found"})
