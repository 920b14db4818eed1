"""The vote's durable write: the per-day counter, the per-candidate rule and the INSERT, committed before success.

On PostgreSQL one prepared statement in autocommit (atomic by itself, committed before it returns) for one vote, or
its batch form for the votes a process groups (`insert_batch`, see recorder.py); elsewhere the same checks in a
transaction through the ORM.
"""

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F

from pingxuan.core.errors import ServiceError

from .models import Vote, VoterDay


def insert(row, limit, per_candidate, state):
    if connection.vendor == "postgresql":
        _insert_pg(row, limit, per_candidate, state)
    else:
        _insert_orm(row, limit, per_candidate, state)


def _daily_refusal(state, limit):
    return ServiceError(f"每人每天在“{state['category_name']}”最多投 {limit} 票，今天的票已投完，明天再来。", code="daily_limit")


def _candidate_refusal(state, per_candidate):
    return ServiceError(
        f"每人每天对同一候选对象最多投 {per_candidate} 票，今天已为“{state['title']}”投过票。", code="candidate_limit"
    )


# One round trip on PostgreSQL, one statement in autocommit (atomic by itself, committed before it returns): the
# per-candidate count, then the counter upsert only when the candidate rule allows (its WHERE is the per-day limit and
# its row lock serialises one voter's requests in a category), then the INSERT. A count taken before the lock wait
# can only be too low; then the unique (voter, candidate, day, slot) constraint fails the whole statement, counter
# included: nothing is ever over-counted.
PG_CAST = """
WITH s AS (
    SELECT count(*) AS n FROM voting_vote
    WHERE voter_id = %(voter_id)s AND nomination_id = %(nomination_id)s AND day = %(day)s
), c AS (
    INSERT INTO voting_voterday (voter_id, category_id, day, used)
    SELECT %(voter_id)s, %(category_id)s, %(day)s, 1 FROM s WHERE s.n < %(per_candidate)s
    ON CONFLICT (voter_id, category_id, day) DO UPDATE SET used = voting_voterday.used + 1
    WHERE voting_voterday.used < %(limit)s
    RETURNING used
), ins AS (
    INSERT INTO voting_vote (campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, ip, device,
                             user_agent, verify_delay, receipt)
    SELECT %(campaign_id)s, %(category_id)s, %(nomination_id)s, %(voter_id)s, %(day)s, s.n + 1, %(cast_at)s, %(ip)s,
           %(device)s, %(user_agent)s, %(verify_delay)s::double precision, %(receipt)s
    FROM c, s
    RETURNING id
)
SELECT (SELECT n FROM s), (SELECT id FROM ins)
"""


# The same statement for a batch of votes with distinct (voter, category, day) (see groupcommit.py): one row each in
# the answer, in the batch's order. Counter rows are upserted in key order, so two processes' batches that share
# voters wait on each other in one order; if their unique constraint or a lock cycle fails the statement anyway,
# nothing of the batch is kept and its votes run one by one.
PG_CAST_BATCH = """
WITH v AS (
    SELECT * FROM unnest(
        %(campaign_id)s::bigint[], %(category_id)s::bigint[], %(nomination_id)s::bigint[], %(voter_id)s::bigint[],
        %(day)s::date[], %(cast_at)s::timestamptz[], %(ip)s::inet[], %(device)s::varchar[], %(user_agent)s::varchar[],
        %(verify_delay)s::double precision[], %(receipt)s::varchar[], %(limit)s::int[], %(per_candidate)s::int[]
    ) WITH ORDINALITY AS v(campaign_id, category_id, nomination_id, voter_id, day, cast_at, ip, device, user_agent,
                           verify_delay, receipt, lim, per_candidate, k)
), s AS (
    SELECT v.*, (
        SELECT count(*) FROM voting_vote x
        WHERE x.voter_id = v.voter_id AND x.nomination_id = v.nomination_id AND x.day = v.day
    ) AS n
    FROM v
), c AS (
    INSERT INTO voting_voterday (voter_id, category_id, day, used)
    SELECT voter_id, category_id, day, 1 FROM s WHERE n < per_candidate ORDER BY voter_id, category_id, day
    ON CONFLICT (voter_id, category_id, day) DO UPDATE SET used = voting_voterday.used + 1
    WHERE voting_voterday.used < (
        SELECT v.lim FROM v
        WHERE v.voter_id = excluded.voter_id AND v.category_id = excluded.category_id AND v.day = excluded.day
    )
    RETURNING voter_id, category_id, day
), ins AS (
    INSERT INTO voting_vote (campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, ip, device,
                             user_agent, verify_delay, receipt)
    SELECT s.campaign_id, s.category_id, s.nomination_id, s.voter_id, s.day, s.n + 1, s.cast_at, s.ip, s.device,
           s.user_agent, s.verify_delay, s.receipt
    FROM s JOIN c USING (voter_id, category_id, day)
    RETURNING id, receipt
)
SELECT s.n, ins.id FROM s LEFT JOIN ins USING (receipt) ORDER BY s.k
"""

BATCH_COLUMNS = (
    "campaign_id",
    "category_id",
    "nomination_id",
    "voter_id",
    "day",
    "cast_at",
    "ip",
    "device",
    "user_agent",
    "verify_delay",
    "receipt",
)


def _run_cast(params, sql=PG_CAST, many=False):
    # A server-side bound, prepared statement on the request's own connection: parsed and planned once per
    # connection, not once per vote.
    import psycopg

    connection.ensure_connection()
    # Django's wrapper turns psycopg's errors into Django's and marks a lost connection unusable, so it is closed at
    # the end of the request and the next vote opens a fresh one (instead of failing on the dead one).
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if many else cursor.fetchone()


def insert_batch(votes):
    """Record a batch of votes with distinct (voter, category, day) in one statement on PostgreSQL; sets `error` on
    each vote refused. If the statement fails as a whole — the unique constraint caught a race with another process,
    or two processes' batches waited on each other — nothing of it was kept and the votes run one by one."""
    columns = {name: [vote.row[name] for vote in votes] for name in BATCH_COLUMNS}
    columns["limit"], columns["per_candidate"] = [v.limit for v in votes], [v.per_candidate for v in votes]
    try:
        answers = _run_cast(columns, PG_CAST_BATCH, many=True)
    except DatabaseError as exc:  # Django's, as _run_cast wraps them
        rolled_back = (getattr(exc.__cause__, "sqlstate", None) or "").startswith("40")  # deadlock, serialization
        if not (isinstance(exc, IntegrityError) or rolled_back):  # the database cannot be reached: every vote's error
            raise
        for vote in votes:
            try:
                insert(vote.row, vote.limit, vote.per_candidate, vote.state)
            except Exception as one:
                vote.error = one
        return
    for vote, (same, vote_id) in zip(votes, answers, strict=True):
        if vote_id is None:
            vote.error = _refusal(vote.state, vote.limit, vote.per_candidate, same)


def _refusal(state, limit, per_candidate, same):
    return _candidate_refusal(state, per_candidate) if same >= per_candidate else _daily_refusal(state, limit)


def _insert_pg(row, limit, per_candidate, state):
    import psycopg

    params = {**row, "limit": limit, "per_candidate": per_candidate}
    try:
        if connection.in_atomic_block:  # inside a caller's transaction: a savepoint keeps it usable after a refusal
            with transaction.atomic():
                same, vote_id = _run_cast(params)
        else:
            same, vote_id = _run_cast(params)
    except (IntegrityError, psycopg.IntegrityError) as exc:
        raise _candidate_refusal(state, per_candidate) from exc
    if vote_id is None:
        raise _refusal(state, limit, per_candidate, same)


def _insert_orm(row, limit, per_candidate, state):
    voter_id, category_id, day, nomination_id = row["voter_id"], row["category_id"], row["day"], row["nomination_id"]
    try:
        with transaction.atomic():
            counter = VoterDay.objects.filter(voter_id=voter_id, category_id=category_id, day=day, used__lt=limit)
            if not counter.update(used=F("used") + 1):
                VoterDay.objects.bulk_create(
                    [VoterDay(voter_id=voter_id, category_id=category_id, day=day, used=0)], ignore_conflicts=True
                )
                if not counter.update(used=F("used") + 1):
                    raise _daily_refusal(state, limit)
            same = Vote.objects.filter(voter_id=voter_id, nomination_id=nomination_id, day=day).count()
            if same >= per_candidate:
                raise _candidate_refusal(state, per_candidate)
            Vote.objects.create(slot=same + 1, **row)
    except IntegrityError as exc:  # the unique constraint is the last word if anything raced past the counter
        raise _candidate_refusal(state, per_candidate) from exc
