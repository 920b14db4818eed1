"""What the audit chain vouches for beyond its own events: digests of data rows.

An event that changes a covered object carries, in `covers`, the digest of each row it vouches for as the row
stands when the event is written ({table: {pk: digest}}). Votes are digested in sealed batches by the scheduler
(voting/digest.py), never one by one on the vote's hot path. `verify_data` recomputes every row's digest from
today's rows against the latest event that covers it and names the first table, row and event that differ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from django.db.models import Model

DIGEST_LEN = 32  # hex characters (128 bits) per row


def _norm(value):
    if isinstance(value, dict):
        return {str(k): _norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return repr(value)
    return value


def digest(content):
    data = json.dumps(_norm(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:DIGEST_LEN]


# Which rows, which columns ---------------------------------------------------------------------------------

VOTE_FIELDS = ("campaign_id", "category_id", "nomination_id", "voter_id", "day", "slot", "cast_at", "receipt")
FIELDS = {
    "voting_vote": ("voting.Vote", VOTE_FIELDS),
    "judging_scoresheet": ("judging.ScoreSheet", ("nomination_id", "judge_id", "kind", "scores", "comment", "submitted")),
    "results_decision": ("results.Decision", ("campaign_id", "decided_by_id", "decided_at", "minutes")),
    "results_decisionentry": (
        "results.DecisionEntry",
        ("decision_id", "category_id", "nomination_id", "included", "position", "rank", "total", "tier", "departure", "reason"),
    ),
    "nominations_nominationversion": (
        "nominations.NominationVersion",
        ("nomination_id", "version", "data", "attachments", "event", "created_by_id"),
    ),
    "awards_certificate": (
        "awards.Certificate",
        (
            "campaign_id",
            "nomination_id",
            "category_id",
            "serial",
            "recipient",
            "unit_name",
            "honour",
            "tier",
            "issued_on",
            "status",
            "revoked_at",
            "revoked_reason",
        ),
    ),
}
TABLE_NAMES = {
    "voting_vote": "投票",
    "judging_scoresheet": "评分表",
    "results_decision": "审定决定",
    "results_decisionentry": "审定名单条目",
    "nominations_nominationversion": "申报版本",
    "awards_certificate": "荣誉证书",
}


def _model(table):
    return apps.get_model(FIELDS[table][0])


def row_digests(table, pks):
    """{pk (str): digest} of the rows that exist today (missing rows are absent)."""
    fields = FIELDS[table][1]
    out = {}
    pks = [int(pk) for pk in pks]
    for i in range(0, len(pks), 2000):
        for row in _model(table).objects.filter(pk__in=pks[i : i + 2000]).values("pk", *fields):
            pk = row.pop("pk")
            out[str(pk)] = digest(row)
    return out


def covers_for(obj: Model) -> dict[str, list[int]]:
    """The rows an event about `obj` vouches for: {table: [pk, ...]} (empty when the object is not covered)."""
    label = obj._meta.label_lower
    if label == "judging.scoresheet":
        return {"judging_scoresheet": [obj.pk]}
    if label == "results.decision":
        entries = list(apps.get_model("results.DecisionEntry").objects.filter(decision=obj).values_list("pk", flat=True))  # type: ignore[misc]  # a Decision (by its label)
        return {"results_decision": [obj.pk], "results_decisionentry": entries}
    if label == "awards.certificate":
        return {"awards_certificate": [obj.pk]}
    if label == "nominations.nomination":
        versions = list(
            apps.get_model("nominations.NominationVersion").objects.filter(nomination=obj).values_list("pk", flat=True)  # type: ignore[misc]  # a Nomination (by its label)
        )
        return {"nominations_nominationversion": versions} if versions else {}
    return {}


def snapshot(wanted: Mapping[str, Iterable[int]]) -> dict[str, dict[str, str]]:
    """{table: [pk...]} → {table: {pk: digest}} from the rows as they stand (inside the caller's transaction)."""
    out = {}
    for table, pks in wanted.items():
        if pks:
            out[table] = row_digests(table, pks)
    return out


# Verification ----------------------------------------------------------------------------------------------


class DataProblem:
    def __init__(self, table, pk, event, problem):
        self.table, self.pk, self.event, self.problem = table, pk, event, problem

    def as_dict(self):
        return {
            "table": self.table,
            "table_label": TABLE_NAMES.get(self.table, self.table),
            "row": int(self.pk),
            "event_id": self.event.pk,
            "seq": self.event.seq,
            "action": self.event.action,
            "problem": self.problem,
            "message": str(self),
        }

    def __str__(self):
        ev = self.event
        name = TABLE_NAMES.get(self.table, self.table)
        return (
            f"数据表 {self.table}（{name}）第 {self.pk} 行与审计事件 #{ev.pk}（序号 {ev.seq}，{ev.action}）"
            f"记录的摘要不符：{self.problem}"
        )


def verify_data():
    """Recompute every covered row. Returns the list of DataProblem in chain order (first = earliest event)."""
    from .models import AuditEvent

    latest = {}  # (table, pk) -> (event id, digest)
    events = {}
    vote_ranges = {}  # campaign id -> highest vote id a sealed batch covered
    qs = AuditEvent.objects.filter(seq__isnull=False, covers__isnull=False).order_by("seq")
    for ev in qs.only("pk", "seq", "action", "covers", "after", "campaign_id").iterator(chunk_size=500):
        events[ev.pk] = ev
        for table, rows in (ev.covers or {}).items():
            for pk, d in rows.items():
                latest[(table, pk)] = (ev.pk, d)
        if ev.action == "vote.digest" and isinstance(ev.after, dict):
            vote_ranges[ev.campaign_id] = max(vote_ranges.get(ev.campaign_id, 0), ev.after.get("last_vote", 0))
    by_table = {}
    for (table, pk), (ev_id, d) in latest.items():
        by_table.setdefault(table, {})[pk] = (ev_id, d)
    problems = []
    for table, rows in by_table.items():
        if table not in FIELDS:
            continue
        now = row_digests(table, list(rows))
        for pk, (ev_id, d) in rows.items():
            if pk not in now:
                problems.append(DataProblem(table, pk, events[ev_id], "该行已不存在（被删除）"))
            elif now[pk] != d:
                problems.append(DataProblem(table, pk, events[ev_id], "该行内容已被修改"))
    # Vote rows inside a sealed range that no batch covers were inserted afterwards.
    covered = {int(pk) for (table, pk) in latest if table == "voting_vote"}
    Vote = apps.get_model("voting.Vote")
    for campaign_id, last in vote_ranges.items():
        ids = Vote.objects.filter(campaign_id=campaign_id, pk__lte=last).order_by("pk").values_list("pk", flat=True)  # type: ignore[misc]
        extra = next((pk for pk in ids.iterator(chunk_size=5000) if pk not in covered), None)
        if extra is not None:
            ev = next(
                e
                for e in events.values()
                if e.action == "vote.digest" and e.campaign_id == campaign_id and e.after.get("last_vote", 0) >= extra  # type: ignore[union-attr]
            )
            problems.append(DataProblem("voting_vote", str(extra), ev, "该行不在已封存的投票批次中（事后插入）"))
    problems.sort(key=lambda p: (p.event.seq, int(p.pk)))
    return problems
