"""A place left by a disqualified entry: back-filled or left vacant, as the campaign's policy says.

`policies.backfill_alternates` true: on a shortlist the next-ranked nomination of the tally still in status 候选 joins
the list (入围 → 公示中); on a candidate list the recommending unit's next alternate (递补对象, status 初审通过, by the
unit's ranking) becomes a candidate. False (河北：出缺名额不再递补): the place stays vacant and is shown as vacant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F

from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status
from pingxuan.results.tally import tally

from .models import Stage

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.models import User

    from .models import Entry


def policy(campaign: Campaign) -> bool:
    from pingxuan.nominations.services import backfill_policy

    return backfill_policy(campaign)


def next_in_line(entry: Entry) -> Nomination | None:
    pub = entry.publication
    on_list = set(pub.entries.values_list("nomination_id", flat=True))
    if pub.stage == Stage.SHORTLIST:
        for row in tally(entry.category):
            if row["status"] == Status.CANDIDATE and row["nomination"] not in on_list:
                return Nomination.objects.select_for_update().get(pk=row["nomination"])
        return None
    return (
        Nomination.objects.select_for_update()
        .filter(category=entry.category, recommender=entry.nomination.recommender, status=Status.PASSED)
        .exclude(pk__in=on_list)
        .order_by(F("rank").asc(nulls_last=True), "id")
        .first()
    )


def fill(*, user: User, entry: Entry) -> tuple[Entry | None, str]:
    """Back-fill or mark vacant the place of a removed entry. Returns (new entry or None, what happened)."""
    from .publishing import _entry

    campaign = entry.publication.campaign
    if not policy(campaign):
        entry.vacant = True
        entry.save(update_fields=["vacant"])
        return None, "出缺名额不再递补"
    nomination = next_in_line(entry)
    if nomination is None:
        entry.vacant = True
        entry.save(update_fields=["vacant"])
        return None, "无可递补对象，名额空缺"
    extra = {"publication": entry.publication_id, "replaces": entry.nomination_id}
    if entry.publication.stage == Stage.SHORTLIST:
        change_status(nomination, Status.SHORTLISTED, user=user, action="nomination.backfill", extra=extra)
        change_status(nomination, Status.PUBLISHED, user=user, action="nomination.publish", extra=extra)
    else:
        change_status(nomination, Status.CANDIDATE, user=user, action="nomination.backfill", extra=extra)
    new = _entry(entry.publication, nomination, entry.position, backfilled=True, replaces=entry)
    return new, f"由“{new.title}”递补"
