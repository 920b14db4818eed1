"""The later part of the sweep's world, through the service functions users trigger: the campaign's timeline moved so
that the publicity, voting and decision phases run today (the nomination phase stays open), votes with a device farm
that the fraud analysis finds as a cluster, the candidate list publicised with an objection dismissed and one pending,
the shortlist staged, applied, publicised and made final, the leading group's decision, the certificates issued; in
the standing programme a public rating, a commitment and an overdue complaint reported in a notice.
"""

import datetime
import json
import re

from django.conf import settings
from django.utils import timezone

from pingxuan.orgs.models import User

# (start, end) in days from today: the public vote ended yesterday, the publicity, decision and commendation run today.
LATER = {
    "preliminary_review": (-2, -1),
    "candidate_publicity": (-2, 6),
    "voting": (-2, -1),
    "shortlist_publicity": (-1, 40),
    "decision": (-1, 40),
    "commendation": (-1, 40),
}


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _sms_code(phone):
    lines = [json.loads(x) for x in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()]
    return re.search(r"\d{6}", [x for x in lines if x["to"] == phone][-1]["text"]).group(0)


def phone_token(phone, purpose):
    from pingxuan.stars import otp

    otp.send_code(phone, purpose=purpose)
    return otp.verify_code(phone, _sms_code(phone), purpose=purpose)


def open_later_phases(campaign, admin):
    from pingxuan.campaigns import config as cfgmod
    from pingxuan.campaigns.services import update_section

    phases = cfgmod.export_config(campaign)["phases"]
    for phase in phases:
        if phase["kind"] in LATER:
            phase["start"], phase["end"] = (_day(n).isoformat() for n in LATER[phase["kind"]])
    update_section(user=admin, campaign=campaign, section="phases", value=phases)


def votes(world):
    """Ordinary votes spread over the candidates, and a device farm (12 numbers on one device) for the first."""
    from pingxuan.voting import demo

    noms = list(world["candidates"].values())
    for day, farm in ((-2, 0), (-1, 12)):  # one candidate per category: the farm stands out by its pace (votes
        # within a second of their codes) against the day before, not by a candidate mix
        when = timezone.make_aware(datetime.datetime.combine(_day(day), datetime.time(12)))
        demo.ordinary_and_farm(noms, farm_for=noms[0], when=when, farm_numbers=farm, farm_delay=0)


def analyse(world, organiser):
    from pingxuan.jobs.services import run_job
    from pingxuan.voting import services as voting
    from pingxuan.voting.analysis import start_analysis
    from pingxuan.voting.models import Cluster

    job = start_analysis(user=organiser, campaign=world["campaign"])
    job.refresh_from_db()
    if job.status != "done":
        run_job.call(job.pk)
    cluster = Cluster.objects.filter(campaign=world["campaign"]).order_by("id").first()
    voting.invalidate_cluster(user=organiser, cluster=cluster, reason="同一设备多个号码集中投票，作无效票处理。")
    return job, cluster


def object_to(publication, phone, name, text):
    from pingxuan.publicity import objections

    entry = publication.entries.order_by("id").first()
    token = phone_token(phone, "objection")
    return objections.submit(publication=publication, entry=entry, name=name, token=token, text=text)


def publicity_and_decision(world, organiser, leader):
    from pingxuan.awards import services as awards
    from pingxuan.publicity import objections, publishing
    from pingxuan.results import services as results

    campaign = world["campaign"]
    candidate_pub = publishing.publish(user=organiser, campaign=campaign, stage="candidate", starts_on=_day(0), ends_on=_day(6))
    dismissed, follow = object_to(candidate_pub, "13900001111", "张志强", "反映该窗口工作日中午无人值守，群众等候较久，请核查。")
    objections.add_note(user=organiser, objection=dismissed, text="调阅值班记录和监控，午间轮班值守。")
    objections.decide(user=organiser, objection=dismissed, outcome="dismissed", reason="经核查，午间实行轮班值守，反映不属实。")
    lists = []
    for category in world["categories"]:
        draft = results.stage_list(user=organiser, category=category, stage="shortlist")
        lists.append(draft)
        results.apply_list(user=organiser, result_list=draft)
    shortlist_pub = publishing.publish(user=organiser, campaign=campaign, stage="shortlist", starts_on=_day(0), ends_on=_day(6))
    publishing.finalise(user=organiser, publication=shortlist_pub, on=_day(7))
    decision = results.decide(user=leader, campaign=campaign, minutes="领导小组会议审定，同意表彰名单。")
    awards.set_particulars(user=organiser, campaign=campaign, doc_number="荆文明办〔2019〕12号", issued_on=_day(0))
    certificates = awards.issue_certificates(user=organiser, campaign=campaign)
    pending, _code = object_to(candidate_pub, "13900002222", "李明", "反映该候选对象宣传材料中的办件数量与实际不符，请核查。")
    return {
        "publications": [candidate_pub, shortlist_pub],
        "objections": [pending, dismissed],
        "follow_code": follow,
        "lists": lists,
        "decision": decision,
        "certificates": certificates,
    }


def standing(world, admin):
    from pingxuan.stars import commitments, complaints, ratings
    from pingxuan.stars.services import current_period

    programme, member = world["programme"], world["member"]
    window = member.window
    period = current_period(programme)
    token = phone_token("13700003333", "rating")
    rating = ratings.submit(programme=programme, window=window, token=token, option=ratings.options(programme)[0]["key"])
    kind = next(iter(programme.config["commitments"]["kinds"]))["key"]
    commitment = commitments.publish(
        user=admin, programme=programme, organisation=window, kind=kind, text="挂号等候不超过十分钟。", period=period["code"]
    )
    complaint = complaints.register(
        user=admin,
        programme=programme,
        window=window,
        member=member,
        summary="群众反映挂号窗口态度生硬。",
        received_at=timezone.now() - datetime.timedelta(days=30),
    )
    notice = complaints.issue_notice(programme)
    return {"rating": rating, "commitment": commitment, "complaint": complaint, "notice": notice}


def build_closing(world, admin):
    organiser, leader = User.objects.get(username="organiser"), User.objects.get(username="leader")
    open_later_phases(world["campaign"], admin)
    votes(world)
    job, cluster = analyse(world, organiser)
    out = {"job": job, "cluster": cluster}
    out |= publicity_and_decision(world, organiser, leader)
    out |= standing(world, admin)
    return out
