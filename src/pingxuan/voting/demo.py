"""A small voting world built through the service functions: used by the tests, the benchmarks and demos.

An organisation tree, an organiser, a campaign whose voting phase covers today, and `n` candidates per category
(nominations created by a clerk, then moved received → passed → candidate through `change_status`).
"""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from pingxuan.campaigns.services import create_campaign
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.demo import give_demo_password
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_org, create_user, grant_role

FORM = {
    "title": "候选对象简介",
    "fields": [
        {"key": "unit_name", "label": "单位名称", "type": "text", "required": True, "max_length": 50},
        {"key": "intro", "label": "简介", "type": "longtext", "max": 300},
        {"key": "photo", "label": "照片", "type": "photo", "formats": ["jpeg", "png"], "max_kb": 2048},
    ],
}
WINDOWS = ["办税服务厅", "人民医院门诊", "公交客服中心", "供电营业厅", "不动产登记窗口", "社保经办窗口", "公积金窗口", "户籍窗口"]


def config(code, today, *, candidates, public=None, delegate=None, categories=("window",)):
    cats = [
        {"code": c, "kind": "window", "name": "群众满意窗口" if i == 0 else f"优质服务窗口{i + 1}", "awards": 3, "form": FORM}
        for i, c in enumerate(categories)
    ]
    return {
        "code": code,
        "name": "群众满意窗口评选",
        "year": today.year,
        "organisers": ["市总工会"],
        "owner": f"{code}-lg",
        "phases": [
            {"kind": "nomination", "start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()},
            {
                "kind": "voting",
                "name": "网络投票",
                "start": (today - datetime.timedelta(days=1)).isoformat(),
                "end": (today + datetime.timedelta(days=10)).isoformat(),
            },
        ],
        "categories": cats,
        "quotas": [{"unit": f"{code}-u", "category": c, "nominate": candidates + 2, "awards": 3} for c in categories],
        "voting": {
            "public": {"enabled": True, "votes_per_day": 3, "per_candidate_per_day": 1, **(public or {})},
            "delegate": {"enabled": True, "max_choices": 3, **(delegate or {})},
        },
    }


@transaction.atomic
def build(*, admin, code="vote-demo", candidates=6, public=None, delegate=None, categories=("window",), today=None):
    """Returns {"campaign", "categories", "candidates": {cat_code: [nominations]}, "organiser", "clerk", "root"}."""
    today = today or timezone.localdate()
    root = Organisation.objects.filter(code=f"{code}-lg").first() or create_org(
        user=admin, code=f"{code}-lg", name="评选活动领导小组", kind="leading_group", region="荆门市"
    )
    unit = create_org(user=admin, parent=root, code=f"{code}-u", name="市直单位", kind="recommending_unit", region="荆门市")
    organiser = give_demo_password(
        create_user(user=admin, username=f"{code}-organiser", password=None, display_name="组织者", organisation=root)
    )
    grant_role(user=admin, person=organiser, organisation=root, role="organiser")
    clerk = give_demo_password(
        create_user(user=admin, username=f"{code}-clerk", password=None, display_name="经办人", organisation=unit)
    )
    grant_role(user=admin, person=clerk, organisation=unit, role="clerk")
    campaign = create_campaign(
        user=organiser,
        data=config(code, today, candidates=candidates, public=public, delegate=delegate, categories=categories),
    )
    out = {"campaign": campaign, "organiser": organiser, "clerk": clerk, "root": root, "unit": unit, "candidates": {}}
    for category in campaign.categories.order_by("sort_order", "id"):
        noms = []
        for i in range(candidates):
            name = f"{WINDOWS[i % len(WINDOWS)]}{'' if i < len(WINDOWS) else i // len(WINDOWS) + 1}"
            nom = create_nomination(
                user=clerk, category=category, unit=unit, data={"unit_name": name, "intro": f"{name}坚持便民服务，群众满意度高。"}
            )
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(nom, status, user=organiser, action=f"nomination.{status}", reason="")
            noms.append(nom)
        out["candidates"][category.code] = noms
    out["categories"] = list(campaign.categories.order_by("sort_order", "id"))
    return out


def FARM_NUMBERS(n):
    """The farm's numbers: scattered over the 136 range (no two in one block of 10,000)."""
    return [f"136{(i * 48271 * 1009 + 12345) % 10**8:08d}" for i in range(n)]


def ordinary_and_farm(nominations, *, farm_for, farm_numbers=12, ordinary=60, when=None, farm_delay=20):
    """Votes through the vote service: `ordinary` people (each a number, a device, a network, a phone model and a
    person's pace — the code verified 20 seconds before the vote) spread over the candidates, and a device farm:
    `farm_numbers` numbers (scattered over the number space) voting from one device `farm_delay` seconds after
    their codes for `farm_for`. The analysis measures the farm against the ordinary traffic, so a world needs both
    for a cluster to stand out."""
    from . import services as voting
    from .models import Voter

    now = when or timezone.now()
    models = ["V2049A", "PDEM10", "M2012K11AC", "SM-G9910", "ALN-AL00", "iPhone"]
    for i in range(ordinary):
        voter = Voter.objects.get_or_create(phone=f"1{37 + i % 3}{(i * 7919) % 10**8:08d}"[:11])[0]
        token = _token_at(voter, time.time() - 20)
        nom = nominations[i % len(nominations)]
        ua = f"Mozilla/5.0 (Linux; Android 13; {models[i % len(models)]}) MicroMessenger/8.0.{i % 9}"
        voting.cast_vote(token=token, nomination_id=nom.pk, ip=f"58.{i % 200}.{i}.9", device=f"p{i}", user_agent=ua, now=now)
    for i in range(farm_numbers):
        voter = Voter.objects.get_or_create(phone=FARM_NUMBERS(farm_numbers)[i])[0]
        token = _token_at(voter, time.time() - farm_delay)
        voting.cast_vote(
            token=token, nomination_id=farm_for.pk, ip=f"10.0.0.{i}", device="farm-1", user_agent="okhttp/4.9", now=now
        )


def _token_at(voter, at):
    """The voter token `otp.make_token` gives, as if the code had been verified at `at` (epoch seconds)."""
    from django.core import signing

    from . import otp

    class At(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(at))

    token = At(salt=otp.TOKEN_SALT).sign_object({"v": voter.pk, "p": voter.phone}, compress=False)
    return token
