"""The tally published at the close of voting: counts, Merkle root, inclusion proofs on receipts, the public
anonymised export and scripts/verify_tally.py recomputing both (and catching a changed vote row)."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.voting import services as s
from pingxuan.voting import tally_proof as tp
from pingxuan.voting.models import Vote

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "verify_tally.py"


def at(hour, days=0):
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


def run_script(tmp_path, export, published, *extra):
    (tmp_path / "export.csv").write_text(export, encoding="utf-8")
    (tmp_path / "published.json").write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "export.csv"), str(tmp_path / "published.json"), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.returncode, out.stdout


@pytest.fixture
def voted(world, verified):
    """Six votes from four voters in the window category; one of them invalidated by the organiser. The public vote
    is the whole score, so the results page ranks on the same counts."""
    from pingxuan.campaigns.services import update_section

    update_section(
        user=world["organiser"],
        campaign=world["campaign"],
        section="scoring",
        value={"components": [{"kind": "public_vote", "weight": 100, "method": "max"}], "tie_break": ["unit_rank"]},
    )
    noms = world["candidates"]["window"]
    receipts = []
    for i, picks in enumerate([[0, 1], [0], [0, 2], [1]]):
        token = verified(f"1391234567{i}")
        for p in picks:
            receipts.append(s.cast_vote(token=token, nomination_id=noms[p].pk, now=at(10))["receipt"])
    bad = Vote.objects.get(receipt=receipts[-1])
    s.invalidate_votes(user=world["organiser"], campaign=world["campaign"], vote_ids=[bad.pk], reason="同一设备批量投票")
    return receipts


def test_tally_is_published_at_close_and_the_script_verifies_it(world, voted, tmp_path):
    category = world["categories"][0]
    noms = world["candidates"]["window"]
    api = APIClient()
    api.force_authenticate(world["organiser"])
    base = f"/api/voting/campaigns/{world['campaign'].code}/categories/{category.code}/tally/publish/"
    end = world["campaign"].phases.get(kind="voting").ends_on
    refused = api.post(base, {}, format="json")
    assert (refused.status_code, refused.json()) == (
        409,
        {"detail": f"投票阶段于{end.year}年{end.month}月{end.day}日结束，结束后才能公布计票结果。", "code": "phase_closed"},
    )
    assert APIClient().get(f"/api/vote/categories/{category.pk}/tally/").json() == {
        "detail": "该奖项的计票结果尚未公布。",
        "code": "not_found",
    }

    # the scheduler publishes the day after the voting phase ends
    closed = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(1)))
    assert tp.publish_due(now=closed) == 1
    published = APIClient().get(f"/api/vote/categories/{category.pk}/tally/").json()
    counts = {str(n.pk): 0 for n in noms}
    counts.update({str(noms[0].pk): 3, str(noms[1].pk): 1, str(noms[2].pk): 1})
    assert {k: published[k] for k in ("version", "counts", "counted", "invalidated", "reason")} == {
        "version": 1,
        "counts": counts,
        "counted": 5,
        "invalidated": 1,
        "reason": "",
    }
    # the root is over the counted votes' leaves, sorted by receipt hash
    counted = sorted(
        (tp.receipt_hash(category.pk, v.receipt), v.nomination_id, v.day.isoformat())
        for v in Vote.objects.filter(category=category, invalidation__isnull=True)
    )
    assert published["root"] == tp.merkle_root([tp.leaf_hash(*c) for c in counted])
    # the same numbers are in the audit chain
    event = AuditEvent.objects.get(action="vote.tally_published")
    assert event.after == {
        "category": category.pk,
        "version": 1,
        "counts": counts,
        "counted": 5,
        "invalidated": 1,
        "root": published["root"],
    }
    # the office's tally (the results' input) agrees with the publication
    office = api.get(f"/api/voting/campaigns/{world['campaign'].code}/categories/{category.code}/tally/").json()
    assert {k: v["public"] for k, v in office["counts"].items()} == counts
    results = api.get(f"/api/campaigns/{world['campaign'].code}/results/{category.code}/").json()
    assert {str(r["nomination"]): r["raw"]["public_vote"] for r in results["rows"]} == counts

    export = APIClient().get(f"/api/vote/categories/{category.pk}/tally/export.csv")
    text = export.content.decode()
    lines = text.splitlines()
    assert lines[0] == "receipt_hash,category,candidate,day,status,reason_code"
    assert len(lines) == 7 and "1391234567" not in text
    assert sorted(line.split(",")[4:] for line in lines[1:]) == [["counted", ""]] * 5 + [["invalidated", "organiser"]]

    code, out = run_script(tmp_path, text, published, "--receipt", voted[0])
    assert code == 0, out
    assert out.splitlines()[-1] == "TALLY VERIFIED"
    assert f"  root: export {published['root']}, published {published['root']}  ok" in out

    # someone moves one vote to another candidate directly in the database: the export no longer matches
    moved = Vote.objects.get(receipt=voted[0])
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")  # as an intruder with full rights would
        cur.execute("UPDATE voting_vote SET nomination_id = %s WHERE id = %s", [noms[3].pk, moved.pk])
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = DEFAULT")
    tampered = APIClient().get(f"/api/vote/categories/{category.pk}/tally/export.csv").content.decode()
    code, out = run_script(tmp_path, tampered, published)
    assert code == 1
    assert f"  candidate {noms[0].pk} {noms[0]}: export 2, published 3  MISMATCH" in out
    assert f"  candidate {noms[3].pk} {noms[3]}: export 1, published 0  MISMATCH" in out
    assert "  root: export " in out and out.splitlines()[-1] == "TALLY DOES NOT MATCH THE PUBLISHED NUMBERS"
    # and the voter whose vote was moved sees it is not in the published set
    shown = APIClient().get(f"/api/vote/receipts/{voted[0]}/").json()
    assert (shown["candidate"], shown["proof"]["included"]) == (str(noms[3]), False)
    assert tp.fold_proof(shown["proof"]["leaf"], shown["proof"]["path"]) != published["root"]


def test_receipt_shows_inclusion_proof_or_why_invalidated(world, voted, client):
    category = world["categories"][0]
    end = world["campaign"].phases.get(kind="voting").ends_on
    before = APIClient().get(f"/api/vote/receipts/{voted[0]}/").json()
    assert (before["counted"], before["proof"]) == (True, None)
    tp.publish_due(now=timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(1))))
    root = tp.latest(category).root
    shown = APIClient().get(f"/api/vote/receipts/{voted[0]}/").json()
    proof = shown["proof"]
    assert (proof["version"], proof["root"], proof["included"], proof["receipt_hash"]) == (
        1,
        root,
        True,
        tp.receipt_hash(category.pk, voted[0]),
    )
    # folding the path from the leaf gives the published root (what a voter can check by hand)
    # (5 leaves: 1 to 3 steps, the last leaf of an odd level going up unchanged)
    assert tp.fold_proof(proof["leaf"], proof["path"]) == root and 1 <= len(proof["path"]) <= 3
    gone = APIClient().get(f"/api/vote/receipts/{voted[-1]}/").json()
    assert {k: gone[k] for k in ("counted", "status", "reason", "reason_code", "proof")} == {
        "counted": False,
        "status": "已作废",
        "reason": "同一设备批量投票",
        "reason_code": "organiser",
        "proof": None,
    }
    page = client.get("/vote/receipt/", {"code": voted[0]}).content.decode()
    assert "已计入公布的计票结果" in page and root in page
    page = client.get("/vote/receipt/", {"code": voted[-1]}).content.decode()
    assert "同一设备批量投票" in page and "organiser" in page
    public = client.get(f"/vote/{category.pk}/tally/").content.decode()
    assert root in public and "scripts/verify_tally.py" in public


def test_republishing_after_a_late_invalidation_needs_a_reason_and_keeps_the_first(world, voted):
    category = world["categories"][0]
    end = world["campaign"].phases.get(kind="voting").ends_on
    closed = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(1)))
    first = tp.publish(category=category, now=closed)
    assert tp.publish(category=category, user=world["organiser"], now=closed) == first  # unchanged: same publication
    late = Vote.objects.get(receipt=voted[0])
    s.invalidate_votes(user=world["organiser"], campaign=world["campaign"], vote_ids=[late.pk], reason="核实为冒用号码")
    with pytest.raises(Exception) as info:
        tp.publish(category=category, user=world["organiser"], now=closed)
    assert info.value.message == "计票结果已公布过；重新公布须写明理由（例如公布后又作废了部分投票）。"
    second = tp.publish(category=category, user=world["organiser"], reason="公布后核实作废 1 票", now=closed)
    first.refresh_from_db()
    assert (first.superseded, second.version, second.counted, second.invalidated, second.reason) == (
        True,
        2,
        4,
        2,
        "公布后核实作废 1 票",
    )


def test_a_late_invalidation_leaves_the_other_receipts_in_the_published_tree(world, voted, client):
    """Votes invalidated after the publication (before it is published again) must not make every other voter's
    receipt say that their vote is missing from the published tally: proofs are drawn against the published set."""
    category = world["categories"][0]
    end = world["campaign"].phases.get(kind="voting").ends_on
    closed = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(1)))
    first = tp.publish(category=category, now=closed)
    late = Vote.objects.get(receipt=voted[1])
    s.invalidate_votes(user=world["organiser"], campaign=world["campaign"], vote_ids=[late.pk], reason="核实为冒用号码")
    for receipt in (voted[0], voted[2], voted[3], voted[4]):
        proof = APIClient().get(f"/api/vote/receipts/{receipt}/").json()["proof"]
        assert (proof["version"], proof["root"], proof["included"]) == (1, first.root, True)
        assert tp.fold_proof(proof["leaf"], proof["path"]) == first.root
    gone = APIClient().get(f"/api/vote/receipts/{voted[1]}/").json()
    assert (gone["status"], gone["reason"], gone["proof"]) == ("已作废", "核实为冒用号码", None)
    page = client.get("/vote/receipt/", {"code": voted[2]}).content.decode()
    assert "这一票已计入公布的计票结果（第 1 版）。" in page
    # published again with the reason: version 2 leaves the late vote out, and the others are in it
    second = tp.publish(category=category, user=world["organiser"], reason="公布后核实作废 1 票", now=closed)
    assert (second.version, second.counted, second.invalidations_upto) == (2, 4, late.invalidation.invalidation_id)
    proof = APIClient().get(f"/api/vote/receipts/{voted[0]}/").json()["proof"]
    assert (proof["version"], proof["root"], proof["included"]) == (2, second.root, True)


def test_every_leaf_has_a_proof_and_the_script_computes_the_same_root():
    import hashlib
    import importlib.util

    spec = importlib.util.spec_from_file_location("verify_tally", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert tp.merkle_root([]) == script.merkle_root([]) == hashlib.sha256(b"").hexdigest()
    for n in range(1, 40):
        rows = sorted(
            (tp.receipt_hash(7, f"R{i:09d}"), str(i % 4), "2019-07-15") for i in range(n)
        )  # sorted by receipt hash, as published
        leaves = [tp.leaf_hash(*r) for r in rows]
        levels = tp.merkle_levels(leaves)
        root = levels[-1][0]
        assert root == script.merkle_root(leaves) == tp.merkle_root(leaves)
        assert all(tp.fold_proof(leaf, tp.inclusion_proof(levels, i)) == root for i, leaf in enumerate(leaves))
        # a leaf of another candidate does not fold to the root along any path
        forged = tp.leaf_hash(rows[0][0], "99", rows[0][2])
        assert all(tp.fold_proof(forged, tp.inclusion_proof(levels, i)) != root for i in range(n))


def test_office_publishes_through_the_api_after_the_voting_phase(admin_user, verified, make_user):
    from pingxuan.campaigns.config import export_config
    from pingxuan.campaigns.services import update_section
    from pingxuan.voting import demo

    world = demo.build(admin=admin_user, code="tpa", candidates=3)
    category = world["categories"][0]
    noms = world["candidates"]["window"]
    yesterday = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    token = verified("13912340000")
    receipt = s.cast_vote(token=token, nomination_id=noms[2].pk, now=yesterday)["receipt"]
    when = yesterday
    # the office ends the voting phase yesterday (a recorded configuration change)
    phases = export_config(world["campaign"])["phases"]
    for phase in phases:
        if phase["kind"] == "voting":
            phase["end"] = yesterday.date().isoformat()
    update_section(user=world["organiser"], campaign=world["campaign"], section="phases", value=phases)
    url = f"/api/voting/campaigns/{world['campaign'].code}/categories/{category.code}/tally/publish/"
    clerk = APIClient()
    clerk.force_authenticate(world["clerk"])
    assert clerk.post(url, {}, format="json").status_code == 404
    office = APIClient()
    office.force_authenticate(world["organiser"])
    r = office.post(url, {}, format="json")
    leaf = tp.leaf_hash(tp.receipt_hash(category.pk, receipt), noms[2].pk, when.date().isoformat())
    assert r.status_code == 201
    body = r.json()
    assert {k: body[k] for k in ("campaign", "category", "version", "counts", "counted", "invalidated", "root")} == {
        "campaign": "tpa",
        "category": category.pk,
        "version": 1,
        "counts": {str(noms[0].pk): 0, str(noms[1].pk): 0, str(noms[2].pk): 1},
        "counted": 1,
        "invalidated": 0,
        "root": leaf,  # one vote: the root is its leaf
    }
    assert body["candidates"] == [{"id": n.pk, "name": str(n)} for n in noms]
    assert APIClient().get(f"/api/vote/categories/{category.pk}/tally/").json() == body
    # the vote was sealed into a batch before its count was published
    batch = AuditEvent.objects.get(action="vote.digest", campaign_id=world["campaign"].pk)
    assert list(batch.covers["voting_vote"]) == [str(Vote.objects.get(receipt=receipt).pk)]
