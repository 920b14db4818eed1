"""The vote's durable write: the per-day counter, the per-candidate rule and the INSERT, committed before success.

On PostgreSQL one prepared statement in autocommit (atomic by itself, committed before it returns); elsewhere
the same checks in a transaction through the ORM.
"""

from django.db import IntegrityError, connection, transaction
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
    INSERT INTO voting_vote (campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, ip, device, receipt)
    SELECT %(campaign_id)s, %(category_id)s, %(nomination_id)s, %(voter_id)s, %(day)s, s.n + 1, %(cast_at)s, %(ip)s,
           %(device)s, %(receipt)s
    FROM c, s
    RETURNING id
)
SELECT (SELECT n FROM s), (SELECT id FROM ins)
"""


def _run_cast(params):
    # A server-side bound, prepared statement on the request's own connection: parsed and planned once per
    # connection, not once per vote.
    import psycopg

    connection.ensure_connection()
    # Django's wrapper turns psycopg's errors into Django's and marks a lost connection unusable, so it is closed at
    # the end of the request and the next vote opens a fresh one (instead of failing on the dead one).
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(PG_CAST, params, prepare=True)
        return cursor.fetchone()


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
        raise _candidate_refusal(state, per_candidate) if same >= per_candidate else _daily_refusal(state, limit)


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
