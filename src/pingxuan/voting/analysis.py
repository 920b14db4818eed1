"""The fraud analysis as a background job: load a campaign's counted votes, find clusters, store them with evidence."""

import datetime

import numpy as np
from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.jobs.services import handler, start_job

from . import fraudstats
from .models import Cluster, Vote, VoteInvalidation, Voter, mask_phone
from .services import _require_manage

ROW_LIMIT = 500


def start_analysis(*, user, campaign):
    _require_manage(user, campaign)
    return start_job(
        user=user, kind="voting.analyse", title=f"{campaign.name} 刷票分析", params={"campaign": campaign.pk}, campaign=campaign
    )


def votes_of(category):
    """A category's counted votes as the analysis's columns (local time), and their ids: one query, ordered by id.
    On PostgreSQL the rows come as one COPY stream split into NumPy columns (1,000,000 votes in a few seconds);
    elsewhere they are read from the cursor."""
    from django.db import connection

    vote, voter, inv = Vote._meta.db_table, Voter._meta.db_table, VoteInvalidation._meta.db_table
    where = (
        f"FROM {vote} v JOIN {voter} p ON p.id = v.voter_id LEFT JOIN {inv} i ON i.vote_id = v.id "
        f"WHERE v.category_id = {int(category.pk)} AND i.vote_id IS NULL ORDER BY v.id"
    )
    if connection.vendor == "postgresql":
        return _aggregated(connection, where.removesuffix(" ORDER BY v.id")) or _copied(connection, where)
    sql = f"SELECT v.id, v.nomination_id, p.phone, v.ip, v.device, v.user_agent, v.cast_at, v.verify_delay {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    if not rows:
        return None, np.zeros(0, np.int64)
    ids, cand, phone, ip, device, ua, at, delay = zip(*rows, strict=True)
    seconds = np.array([_epoch(a) for a in at], dtype=np.int64)
    votes = fraudstats.Votes(
        t=seconds + _offset(seconds[0]),
        phone=[str(p) for p in phone],
        ip=[str(x) if x else "" for x in ip],
        device=list(device),
        ua=list(ua),
        cand=np.array(cand, dtype=str),
        delay=np.array([np.nan if d is None else d for d in delay], dtype=float),
    )
    return votes, np.array(ids, dtype=np.int64)


def _offset(seconds):
    """The campaign's zone's offset from UTC at that time (Asia/Shanghai: no DST)."""
    first = datetime.datetime.fromtimestamp(int(seconds), tz=datetime.UTC)
    return int(timezone.localtime(first).utcoffset().total_seconds())  # type: ignore[union-attr]


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescaped(coded):
    """Text cells of a COPY stream with their backslash sequences undone (COPY TO writes only these)."""
    import re

    names = coded.names.tolist()
    if not any("\\" in n for n in names):
        return coded
    names = [re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), n) for n in names]
    return fraudstats.Coded(coded.codes, names)


def _aggregated(connection, where):
    """The columns in a few rows: numbers packed in binary by the server, the text cells as tab-separated lines
    (unescaped). None when a cell holds a tab or a line break (then the COPY stream, which escapes them). The user
    agent — long, and shared by thousands of votes — comes as the number of its place in the list of the distinct
    ones, read first: a fifth of the bytes."""
    import psycopg

    from . import votelog

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT v.user_agent {where}")
        agents = [row[0] for row in cursor.fetchall()]
    joined = where.replace(
        " v JOIN ", " v LEFT JOIN unnest(%s::text[]) WITH ORDINALITY AS u(agent, place) ON u.agent = v.user_agent JOIN ", 1
    )
    sql = (
        "SELECT count(*), string_agg(int8send(v.id), ''), string_agg(int8send(v.nomination_id), ''), "
        "string_agg(timestamptz_send(v.cast_at), ''), string_agg(float8send(COALESCE(v.verify_delay, 'NaN')), ''), "
        "string_agg(int8send(COALESCE(u.place, 0)), ''), "
        "convert_to(string_agg(concat_ws(E'\\t', p.phone, COALESCE(host(v.ip), ''), v.device), E'\\n'), "
        f"'UTF8') {joined} GROUP BY v.id / 65536 ORDER BY v.id / 65536"
    )
    with connection.cursor() as cursor, psycopg.Cursor(cursor.cursor.connection) as binary:
        binary.execute(sql, (agents,), binary=True)
        chunks = binary.fetchall()
    if not chunks:
        return None, np.zeros(0, np.int64)
    n = sum(c[0] for c in chunks)
    text = b"\n".join(bytes(c[6]) for c in chunks)
    columns, cells = votelog._split(text, b"\t", 3)
    del text
    if columns is None or len(cells) != n:
        return None

    def packed(i, dtype):
        return np.frombuffer(b"".join(bytes(c[i]) for c in chunks), dtype=dtype).astype(dtype[1:])

    ids, nominations = packed(1, ">i8"), packed(2, ">i8")
    seconds = packed(3, ">i8") // 1_000_000 + 946_684_800  # microseconds since 2000-01-01 UTC
    delay = packed(4, ">f8")
    place = packed(5, ">i8") - 1  # -1: an agent that came after the list was read (a vote cast in between)
    if (place < 0).any():
        return None
    order = np.argsort(ids, kind="stable")  # the aggregates saw the rows of a chunk in one order, maybe not by id
    if not (order == np.arange(n)).all():
        ids, nominations, seconds, delay, place = ids[order], nominations[order], seconds[order], delay[order], place[order]
        columns = [c[order] for c in columns]
    phone, ip, device = columns
    first, inverse = votelog._groups(nominations)
    by_first = np.argsort(first)
    rank = np.empty(len(first), np.int64)
    rank[by_first] = np.arange(len(first))
    votes = fraudstats.Votes(
        t=seconds + _offset(seconds[0]),
        phone=votelog.factorise(phone),
        ip=votelog.factorise(ip),
        device=votelog.factorise(device),
        ua=_listed(place, agents),
        cand=fraudstats.Coded(rank[inverse], nominations[first[by_first]].astype(str)),
        delay=delay,
    )
    return votes, ids


def _listed(place, values):
    """A column given as each row's place in a list of distinct values, coded in order of first appearance ("" = -1)."""
    from . import votelog

    first, inverse = votelog._groups(place)
    by_first = np.argsort(first)
    rank = np.empty(len(first), np.int64)
    rank[by_first] = np.arange(len(first))
    names = np.array([values[i] for i in place[first[by_first]].tolist()], dtype=str)
    codes = rank[inverse]
    empty = np.flatnonzero(names == "")
    if len(empty):
        e = int(empty[0])
        codes = np.where(codes == e, -1, codes - (codes > e))
        names = np.delete(names, e)
    return fraudstats.Coded(codes, names)


def _copied(connection, where):
    from . import votelog

    sql = (
        "COPY (SELECT v.id, v.nomination_id, p.phone, COALESCE(host(v.ip), ''), v.device, v.user_agent, "
        "floor(extract(epoch FROM v.cast_at))::bigint, COALESCE(v.verify_delay, 'NaN') "
        f"{where}) TO STDOUT"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql) as copy:
            data = b"".join(bytes(block) for block in copy)
    if not data:
        return None, np.zeros(0, np.int64)
    columns, _cells = votelog._split(data[:-1] if data.endswith(b"\n") else data, b"\t", 8)
    del data
    ids, cand, phone, ip, device, ua, at, delay = columns
    seconds = at.astype(np.int64)
    votes = fraudstats.Votes(
        t=seconds + _offset(seconds[0]),
        phone=_unescaped(votelog.factorise(phone)),
        ip=votelog.factorise(ip),
        device=_unescaped(votelog.factorise(device)),
        ua=_unescaped(votelog.factorise(ua)),
        cand=votelog.factorise(cand),
        delay=delay.astype(np.float64),
    )
    return votes, ids.astype(np.int64)


def _epoch(value):
    """Seconds since 1970 of a stored time (a datetime from PostgreSQL, text in UTC from SQLite's raw cursor)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.timestamp()


def _values(column):
    """A column as an array of its values (a coded column spelt out)."""
    return np.asarray(column, dtype=str)


def _chart(votes, rows):
    hours = (votes.t[rows] // 3600).astype(np.int64)
    uniq, counts = np.unique(hours, return_counts=True)
    labels = [str(np.datetime64(int(h) * 3600, "s")).replace("T", " ")[5:13] + ":00" for h in uniq]
    return {"type": "bar", "x": labels, "y": counts.tolist()}


def findings(category, names):
    """The analysis of a category as (kind, nomination id, vote ids, title, evidence) tuples."""
    votes, ids = votes_of(category)
    if votes is None:
        return []
    result = fraudstats.analyse(votes, labels={str(k): str(v) for k, v in names.items()})
    out = []
    for c in result.clusters:
        nomination = int(c.candidate)
        evidence = {"chart": _chart(votes, c.rows), "reason": c.evidence["reason"], "p": c.evidence["p"]}
        out.append((c.kind, nomination, sorted(ids[c.rows].tolist()), c.title, evidence))
    cand = _values(votes.cand) if result.anomalies else None
    for a in result.anomalies:
        nomination = int(a.candidate)
        inside = np.flatnonzero((cand == str(a.candidate)) & (votes.t >= a.start) & (votes.t < a.end))
        title = f"“{names.get(nomination, nomination)}”约 {a.excess:,.0f} 票异常流入"
        data = {"chart": _chart(votes, inside), "reason": a.evidence, "p": a.p, "excess_votes": round(a.excess)}
        out.append(("inflow", nomination, sorted(ids[inside].tolist()), title, data))
    return out


def store_findings(*, campaign, category, found, job_id=None, actor=None):
    """Store the analysis's findings as clusters; returns the new ones. A finding that mostly repeats a cluster of
    the same kind and candidate is not new: an open one grows by the finding's further votes (decided ones stay as
    decided). Votes already invalidated are not analysed, so an operation that goes on after its cluster was voided
    is found again as a new cluster."""
    new = []
    with transaction.atomic():
        existing = list(Cluster.objects.select_for_update().filter(category=category).order_by("id"))
        for kind, nomination, ids, title, evidence in found:
            idset = set(ids)
            same = next(
                (
                    c
                    for c in existing
                    if c.kind == kind
                    and c.nomination_id == nomination
                    and len(idset & set(c.vote_ids)) * 2 >= min(len(idset), len(c.vote_ids))
                ),
                None,
            )
            if same is not None:
                if same.state == Cluster.State.OPEN and not idset <= set(same.vote_ids):
                    before = same.size
                    same.vote_ids = sorted(idset | set(same.vote_ids))
                    same.size, same.title, same.evidence = len(same.vote_ids), title[:300], evidence
                    same.save(update_fields=["vote_ids", "size", "title", "evidence"])
                    record(
                        actor=actor,
                        action="vote.cluster.grown",
                        obj=same,
                        campaign=campaign,
                        before={"size": before},
                        after={"size": same.size},
                    )
                continue
            cluster = Cluster.objects.create(
                campaign=campaign,
                category=category,
                nomination_id=nomination,
                job_id=job_id,
                kind=kind,
                title=title[:300],
                evidence=evidence,
                vote_ids=ids,
                size=len(ids),
            )
            record(
                actor=actor,
                action="vote.cluster.found",
                obj=cluster,
                campaign=campaign,
                after={"kind": kind, "size": len(ids), "nomination": nomination},
            )
            existing.append(cluster)
            new.append(cluster)
    return new


def analyse_category(category, **store):
    from .services import candidates

    names = {n.pk: str(n) for n in candidates(category)}
    return store_findings(campaign=category.campaign, category=category, found=findings(category, names), **store)


@handler("voting.analyse")
def run_analysis(job, progress):
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    categories = list(campaign.categories.order_by("sort_order", "id"))
    progress(0, len(categories), "正在分析……")
    found = 0
    for i, category in enumerate(categories, start=1):
        found += len(analyse_category(category, job_id=job.pk, actor=job.user))
        progress(i, len(categories), f"已分析 {category.name}")
    return {"clusters": found}


def cluster_rows(cluster, limit=ROW_LIMIT):
    """The votes of a cluster as table rows (numbers masked), for the evidence page and the API."""
    votes = Vote.objects.filter(pk__in=cluster.vote_ids[:limit]).select_related("voter", "nomination").order_by("cast_at")
    return [
        {
            "id": v.pk,
            "receipt": v.receipt,
            "candidate": str(v.nomination),
            "voter": mask_phone(v.voter.phone),
            "ip": v.ip or "",
            "device": v.device,
            "cast_at": timezone.localtime(v.cast_at).strftime("%Y-%m-%d %H:%M:%S"),
            "invalidated": hasattr(v, "invalidation"),
        }
        for v in votes
    ]
