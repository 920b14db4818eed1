"""Tally benchmark (SPEC §8): one category with 1,000,000 public votes, delegate ballots, 50 candidates and 20 judges.

Creates a throwaway PostgreSQL database (dropped at the end), builds the campaign through the service functions
(candidates, panel, assignments and the judges' submitted sheets), writes the vote rows directly with SQL
(generate_series), then times `results.tally.tally(category)` — every total computed from the raw rows — and
prints the median of several runs. Ends with `name: value unit` lines.

    .venv/bin/python bench/bench_tally.py [--votes 1000000] [--candidates 50] [--judges 20] [--runs 5]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_vote_ingest import drop_database, setup_database  # noqa: E402

DB = "bench_tally"
RUBRIC = [
    {"key": k, "name": n, "max": 20}
    for k, n in [("a", "服务态度好"), ("b", "服务纪律严"), ("c", "服务环境优"), ("d", "服务程序简"), ("e", "服务效率高")]
]
SCHEME = {
    "components": [
        {"kind": "public_vote", "weight": 40, "method": "max"},
        {"kind": "delegate_vote", "weight": 20, "method": "max"},
        {"kind": "expert", "weight": 40},
    ],
    "tie_break": ["expert", "delegate_vote", "unit_rank", "submitted_at"],
}


def build(votes, candidates, judges):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.judging import panels, scoring
    from pingxuan.orgs.services import create_org, create_user, grant_role
    from pingxuan.voting import demo

    admin = get_user_model().objects.create_superuser("bench", "bench@example.com", "Bench-pass-2026")
    world = demo.build(admin=admin, code="bt", candidates=candidates)
    campaign, category, organiser = world["campaign"], world["categories"][0], world["organiser"]
    Campaign.objects.filter(pk=campaign.pk).update(scoring=SCHEME)
    Category.objects.filter(pk=category.pk).update(rubric=RUBRIC)
    category.refresh_from_db()
    experts = create_org(user=admin, parent=world["root"], code="bt-experts", name="专家评审组", kind="office")
    panel = []
    for i in range(judges):
        u = create_user(
            user=admin, username=f"bt-judge{i}", password="Bench-pass-2026", display_name=f"评委{i}", organisation=experts
        )
        grant_role(user=admin, person=u, organisation=experts, role="judge", campaign=campaign)
        panel.append(u)
    panels.set_panel(user=organiser, category=category, judges=panel)
    panels.assign(user=organiser, category=category, mode="all")
    rng = random.Random(2026)
    noms = world["candidates"][category.code]
    for n in noms:
        for judge in panel:
            sheet = {c["key"]: rng.choice([12, 14, 16, 18, 20]) for c in RUBRIC}
            with transaction.atomic():
                scoring.store_sheet(actor=judge, judge=judge, nomination=n, scores=sheet, comment="", submit=True)
    ids = [n.pk for n in noms]
    voters = 200_000
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO voting_voter (phone, created_at, verified_at) "
            "SELECT '139' || lpad(g::text, 8, '0'), now(), now() FROM generate_series(0, %s - 1) g",
            [voters],
        )
        cur.execute("SELECT min(id) FROM voting_voter")
        first = cur.fetchone()[0]
        # A skewed spread: candidate k gets a share that falls with k; vote g goes to voter g mod 200,000 on day
        # g div 200,000, so (voter, candidate, day) stays unique.
        cur.execute(
            """
            INSERT INTO voting_vote (campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, ip, device,
                                     receipt)
            SELECT %s, %s, (%s::bigint[])[1 + floor(%s * power(random(), 1.6))::int], %s + g %% %s,
                   DATE '2026-01-01' + g / %s, 1, TIMESTAMPTZ '2026-01-01 08:00+08' + (g / %s) * INTERVAL '1 day',
                   NULL, '', 'B' || g
            FROM generate_series(0, %s - 1) g
            """,
            [campaign.pk, category.pk, ids, len(ids), first, voters, voters, voters, votes],
        )
        cur.execute(
            'INSERT INTO voting_delegate (campaign_id, number, name, "group", code, created_at) '
            "SELECT %s, lpad(g::text, 4, '0'), '代表' || g, '', 'D' || g, now() FROM generate_series(1, 300) g",
            [campaign.pk],
        )
        cur.execute(
            "INSERT INTO voting_ballot (delegate_id, category_id, channel, cast_at) "
            "SELECT id, %s, 'online', now() FROM voting_delegate WHERE campaign_id = %s",
            [category.pk, campaign.pk],
        )
        cur.execute(
            "INSERT INTO voting_ballotchoice (ballot_id, nomination_id) "
            "SELECT DISTINCT b.id, (%s::bigint[])[1 + (b.id * 7 + k * 13) %% %s] "
            "FROM voting_ballot b, generate_series(0, 9) k WHERE b.category_id = %s",
            [ids, len(ids), category.pk],
        )
        cur.execute("ANALYZE")
    return category


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--judges", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    setup_database(DB)
    try:
        from pingxuan.results.tally import tally
        from pingxuan.voting.models import Vote

        t0 = time.perf_counter()
        category = build(args.votes, args.candidates, args.judges)
        print(f"# built in {time.perf_counter() - t0:.1f} s", flush=True)
        assert Vote.objects.filter(category=category).count() == args.votes
        rows = tally(category)
        assert len(rows) == args.candidates
        assert sum(r["raw"]["public_vote"] for r in rows) == args.votes
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            tally(category)
            times.append(time.perf_counter() - t0)
            print(f"# run: {times[-1]:.3f} s", flush=True)
        top = rows[0]
        print(f"# first: {top['title']} total {top['total']} (votes {top['raw']['public_vote']}, expert {top['raw']['expert']})")
        print(f"tally_1m_votes_max: {max(times):.3f} s")
        print(f"tally_1m_votes: {statistics.median(times):.3f} s")
    finally:
        drop_database(DB)


if __name__ == "__main__":
    main()
