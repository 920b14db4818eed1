"""Star-level benchmark (SPEC §10, 十堰 scale): 5,800 windows, 20,000 people on duty, 1,000,000 ratings.

Creates a throwaway PostgreSQL database (dropped at the end), loads the shiyan-2011 preset, bulk-inserts the
windows, party branches, people, commitments with their 回头看, leader scores and ratings for 2011年上半年, then
times `stars.compute.compute` (the whole half-year from raw rows, stored as a run) and the public star board page
after the run is published. Ends with `name: value unit` lines.

    .venv/bin/python bench/bench_stars.py [--windows 5800] [--members 20000] [--ratings 1000000]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_vote_ingest import drop_database, setup_database  # noqa: E402

DB = "pingxuan_bench_stars"


def build(windows, members, ratings):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from pingxuan.campaigns.presets import preset_path, read_yaml
    from pingxuan.orgs.models import Organisation
    from pingxuan.orgs.services import create_org
    from pingxuan.stars.services import load_programme

    admin = get_user_model().objects.create_superuser("bench", "bench@example.com", "Bench-pass-2026")
    programme = load_programme(user=admin, data=read_yaml(preset_path("shiyan-2011").read_text(encoding="utf-8")))
    owner = programme.owner
    depts = [create_org(user=admin, parent=owner, code=f"b-d{i}", name=f"部门{i}", kind="department") for i in range(58)]
    rows = []
    for i in range(windows):
        d = depts[i % len(depts)]
        rows.append(Organisation(code=f"b-w{i}", name=f"服务窗口{i}", kind="window", parent=d, depth=d.depth + 1, path="-"))
    for i in range(windows // 10):
        d = depts[i % len(depts)]
        rows.append(Organisation(code=f"b-p{i}", name=f"党支部{i}", kind="base_unit", parent=d, depth=d.depth + 1, path="-"))
    Organisation.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE orgs_organisation o SET path = p.path || o.id || '/' FROM orgs_organisation p "
            "WHERE o.parent_id = p.id AND o.path = '-'"
        )
        pid = programme.pk
        cur.execute(
            f"""
            WITH w AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM orgs_organisation WHERE code LIKE 'b-w%%'),
                 p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM orgs_organisation WHERE code LIKE 'b-p%%')
            INSERT INTO stars_dutymember (programme_id, name, window_id, party_org_id, post, duties, photo,
                                          is_party_member, active, created_at)
            SELECT {pid}, '党员' || g, w.id, p.id, '窗口岗', '', '', true, true, now()
            FROM generate_series(0, %s - 1) g
            JOIN w ON w.n = g %% (SELECT count(*) FROM w)
            JOIN p ON p.n = g %% (SELECT count(*) FROM p)
            """,
            [members],
        )
        cur.execute(
            f"""
            INSERT INTO stars_commitment (programme_id, subject_kind, organisation_id, member_id, kind, text, period,
                                          is_active, created_by_id, created_at)
            SELECT {pid}, 'member', window_id, id, 'content', '微笑服务', '2011h1', true, {admin.pk}, now()
            FROM stars_dutymember WHERE programme_id = {pid}
            UNION ALL
            SELECT {pid}, 'window', id, NULL, 'standard', '一次告知', '2011h1', true, {admin.pk}, now()
            FROM orgs_organisation WHERE code LIKE 'b-w%%'
            """,
            [],
        )
        cur.execute(
            f"""
            INSERT INTO stars_commitmentreview (commitment_id, period, fulfilled, evidence, reviewed_by_id, reviewed_at)
            SELECT id, '2011h1', id %% 5 <> 0, '证明', {admin.pk}, now() FROM stars_commitment WHERE programme_id = {pid}
            """,
            [],
        )
        cur.execute(
            f"""
            INSERT INTO stars_leaderscore (programme_id, period, subject_kind, organisation_id, member_id, subject_key,
                                           score, comment, scored_by_id, scored_at)
            SELECT {pid}, '2011h1', 'member', window_id, id, 'member:' || id, 60 + id %% 40, '', {admin.pk}, now()
            FROM stars_dutymember WHERE programme_id = {pid}
            """,
            [],
        )
        cur.execute(
            f"""
            WITH w AS (SELECT array_agg(id ORDER BY id) AS ids FROM orgs_organisation WHERE code LIKE 'b-w%%')
            INSERT INTO stars_rating (programme_id, window_id, phone_hash, phone_masked, day, option, score, satisfied,
                                      comment, ip, flags, is_valid, invalid_reason, created_at)
            SELECT {pid}, w.ids[1 + g %% array_length(w.ids, 1)], md5(g::text), '138****0000',
                   DATE '2011-01-01' + (g %% 181),
                   (ARRAY['satisfied','satisfied','satisfied','basic','unsatisfied'])[1 + g %% 5],
                   (ARRAY[100,100,100,60,0])[1 + g %% 5], g %% 5 < 3, '', NULL, '[]'::jsonb, true, '', now()
            FROM generate_series(0, %s - 1) g, w
            """,
            [ratings],
        )
        cur.execute("ANALYZE")
    return admin, programme


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows", type=int, default=5800)
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    setup_database(DB)
    try:
        from django.test import Client
        from django.test.utils import setup_test_environment

        from pingxuan.stars import compute
        from pingxuan.stars.models import StarLevel

        setup_test_environment()
        t0 = time.perf_counter()
        admin, programme = build(args.windows, args.members, args.ratings)
        print(f"# built in {time.perf_counter() - t0:.1f} s", flush=True)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            run = compute.compute(user=admin, programme=programme, period="2011h1")
            times.append(time.perf_counter() - t0)
        rows = StarLevel.objects.filter(run=run).count()
        t0 = time.perf_counter()
        compute.calculate(programme, "2011h1")
        read_only = time.perf_counter() - t0
        compute.publish(user=admin, run=run)
        client = Client()
        url = f"/stars/{programme.code}/board/?period=2011h1&kind=member"
        latencies = {}
        for name, path in [
            ("board_page_first", url),
            ("board_page_last", url + "&page=400"),
            ("board_api", f"/api/programmes/{programme.code}/board/?period=2011h1&kind=member"),
        ]:
            assert client.get(path).status_code == 200
            samples = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                response = client.get(path)
                samples.append(time.perf_counter() - t0)
                assert response.status_code == 200
            latencies[name] = samples
        print(f"stars_compute_seconds_median: {statistics.median(times):.2f} s")
        print(f"stars_compute_seconds_max: {max(times):.2f} s")
        print(f"stars_calculate_only_seconds: {read_only:.2f} s")
        print(f"stars_rows: {rows} rows")
        print(f"stars_ratings: {args.ratings} ratings")
        for name, samples in latencies.items():
            samples.sort()
            print(f"stars_{name}_p50: {1000 * statistics.median(samples):.1f} ms")
            print(f"stars_{name}_p95: {1000 * samples[int(0.95 * (len(samples) - 1))]:.1f} ms")
    finally:
        drop_database(DB)


if __name__ == "__main__":
    main()
