"""Sealed vote batches: verify_audit recomputes each vote row's digest and names a changed or inserted row."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import seal_pending
from pingxuan.voting import digest
from pingxuan.voting import services as s
from pingxuan.voting.models import Vote
from tests.world import verify_audit as verify

pytestmark = pytest.mark.django_db


def raw(sql, params):
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")  # as an intruder with full rights would
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = DEFAULT")


def test_vote_batches_are_sealed_and_a_changed_or_inserted_vote_is_named(world, verified):
    noms = world["candidates"]["window"]
    cast = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for i in range(3):
        token = verified(f"1380000000{i}")
        s.cast_vote(token=token, nomination_id=noms[i].pk, now=cast)
    digest.BATCH, old = 2, digest.BATCH
    try:
        digest.record_digest(world["campaign"], now=cast + datetime.timedelta(minutes=5))
    finally:
        digest.BATCH = old
    seal_pending()
    batches = list(AuditEvent.objects.filter(action="vote.digest").order_by("seq"))
    ids = list(Vote.objects.order_by("pk").values_list("pk", flat=True))
    assert [(b.after["first_vote"], b.after["last_vote"], b.after["count"]) for b in batches] == [
        (ids[0], ids[1], 2),
        (ids[2], ids[2], 1),
    ]
    assert [sorted(map(int, b.covers["voting_vote"])) for b in batches] == [ids[:2], ids[2:]]
    code, out, err = verify()
    assert (code, err) == (0, "")
    assert "数据与审计链记录的摘要一致。" in out

    # a vote moved to another candidate directly in the database
    raw("UPDATE voting_vote SET nomination_id = %s WHERE id = %s", [noms[4].pk, ids[1]])
    code, out, err = verify()
    first = batches[0]
    assert code == 1
    assert err.splitlines()[0] == (
        f"数据与审计链不符（1 处），第一处：数据表 voting_vote（投票）第 {ids[1]} 行与审计事件 #{first.pk}"
        f"（序号 {first.seq}，vote.digest）记录的摘要不符：该行内容已被修改"
    )
    raw("UPDATE voting_vote SET nomination_id = %s WHERE id = %s", [noms[1].pk, ids[1]])
    assert verify()[0] == 0

    # a vote removed
    raw("DELETE FROM voting_vote WHERE id = %s", [ids[2]])
    code, out, err = verify()
    assert (code, err.splitlines()[0]) == (
        1,
        f"数据与审计链不符（1 处），第一处：数据表 voting_vote（投票）第 {ids[2]} 行与审计事件 #{batches[1].pk}"
        f"（序号 {batches[1].seq}，vote.digest）记录的摘要不符：该行已不存在（被删除）",
    )
