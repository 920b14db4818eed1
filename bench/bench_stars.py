"""Star-level benchmark (SPEC §10, 十堰 scale): 5,800 windows, 20,000 people on duty, 1,000,000 ratings.

Creates a throwaway PostgreSQL database (dropped at the end), loads the shiyan-2011 preset, bulk-inserts the
windows, party branches, people, commitments with their 回头看, leader scores and ratings for 2011年上半年, then
times `stars.compute.compute` (the whole half-year from raw rows, stored as a run; one SQL statement on PostgreSQL)
five times, the reference Python calculation once, then publishes the run and times the public star board page and
the board API, cold (rendered from the database, cache entry dropped before each request) and warm (from the cache),
through Django's test client. With REDIS_URL set the cache is Redis, as in production. Ends with `name: value unit`
lines.

    .venv/bin/python bench/bench_stars.py [--windows 5800] [--members 20000] [--ratings 1000000]
    .venv/bin/python bench/bench_stars.py --profile [--keep | --reuse]   # time the parts, EXPLAIN the statement
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

from bench_vote_ingest import PG, drop_database, setup_database  # noqa: E402

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
            "UPDATE orgs_organisation o SET path = p.path || lpad(o.id::text, 8, '0') || '/' FROM orgs_organisation p "
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
            INSERT INTO stars_commitmentreview (commitment_id, period, fulfilled, evidence, evidence_file, evidence_name,
                                                reviewed_by_id, reviewed_at)
            SELECT id, '2011h1', id %% 5 <> 0, '证明', '', '', {admin.pk}, now() FROM stars_commitment WHERE programme_id = {pid}
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


def profile(admin, programme):
    """Time the parts of a computation one by one (the same functions `compute` calls)."""
    import cProfile
    import pstats

    from pingxuan.stars import compute
    from pingxuan.stars import services as s

    period = s.get_period(programme, "2011h1")
    for name, fn in [
        ("rating_sums", lambda: compute._rating_sums(programme, period)),
        ("review_rates", lambda: compute._review_rates(programme, period)),
        ("leader_means", lambda: compute._leader_means(programme, period)),
        ("calculate", lambda: compute.calculate(programme, "2011h1")),
        ("compute", lambda: compute.compute(user=admin, programme=programme, period="2011h1")),
        ("compute_again", lambda: compute.compute(user=admin, programme=programme, period="2011h1")),
    ]:
        t0 = time.perf_counter()
        fn()
        print(f"# {name}: {time.perf_counter() - t0:.3f} s", flush=True)
    from django.db import connection, transaction

    from pingxuan.stars import compute_sql
    from pingxuan.stars.models import StarRun

    with transaction.atomic():
        run = StarRun.objects.create(programme=programme, period="2011h1", computed_by=admin)
        sql = compute_sql.SQL.replace("{level}", compute_sql.level_case(programme.config["star_levels"]["thresholds"]))
        with connection.cursor() as cur:
            cur.execute("SET LOCAL jit = off")
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, compute_sql.params(run, programme, period))
            print("\n".join(r[0] for r in cur.fetchall()))
        transaction.set_rollback(True)
    prof = cProfile.Profile()
    prof.runcall(compute.compute, user=admin, programme=programme, period="2011h1")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def pct(samples, p):
    samples = sorted(samples)
    return samples[min(len(samples) - 1, int(p / 100 * len(samples)))]


def measure(args, admin, programme):
    """Compute the half-year five times; publish; time the board page and API cold (rendered) and warm (cached)."""
    from django.core.cache import cache
    from django.test import Client

    from pingxuan.stars import boardcache, compute
    from pingxuan.stars.models import StarLevel

    times = []
    for _ in range(args.computes):
        t0 = time.perf_counter()
        run = compute.compute(user=admin, programme=programme, period="2011h1")
        times.append(time.perf_counter() - t0)
        print(f"# compute {times[-1]:.2f} s", flush=True)
    rows = StarLevel.objects.filter(run=run).count()
    t0 = time.perf_counter()
    reference = compute.calculate(programme, "2011h1")
    python_seconds = time.perf_counter() - t0
    assert len(reference) == rows
    compute.publish(user=admin, run=run)
    client = Client()
    board = f"/stars/{programme.code}/board/?period=2011h1&kind=member"
    api = f"/api/programmes/{programme.code}/board/?period=2011h1&kind=member"
    results = {}
    for name, path, key in [
        ("board_page", board, boardcache.page_key(run.pk, "member", 1)),
        ("board_page_400", board + "&page=400", boardcache.page_key(run.pk, "member", 400)),
        ("board_api", api, boardcache.api_key(run.pk, "member", 1)),
    ]:
        cold = []
        for _ in range(5):
            cache.delete(key)
            cache.delete(boardcache.index_key(programme.code))
            t0 = time.perf_counter()
            response = client.get(path)
            cold.append(time.perf_counter() - t0)
            assert response.status_code == 200
        warm = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(path)
            warm.append(time.perf_counter() - t0)
            assert response.status_code == 200
        results[name] = (cold, warm)
    print(f"stars_compute_seconds_best: {min(times):.2f} s")
    print(f"stars_compute_seconds_median: {statistics.median(times):.2f} s")
    print(f"stars_compute_seconds_max: {max(times):.2f} s")
    print(f"stars_python_reference_seconds: {python_seconds:.2f} s")
    print(f"stars_rows: {rows} rows")
    print(f"stars_ratings: {args.ratings} ratings")
    for name, (cold, warm) in results.items():
        print(f"stars_{name}_warm_p50: {1000 * statistics.median(warm):.1f} ms")
        print(f"stars_{name}_warm_p95: {1000 * pct(warm, 95):.1f} ms")
        print(f"stars_{name}_cold_median: {1000 * statistics.median(cold):.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows", type=int, default=5800)
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--computes", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="time each phase of the computation and stop")
    parser.add_argument("--keep", action="store_true", help="keep the database (for --reuse)")
    parser.add_argument("--reuse", action="store_true", help="use the database a --keep run left")
    args = parser.parse_args()
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    if args.reuse:
        os.environ["DATABASE_URL"] = f"{PG}/{DB}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.settings")
        import django

        django.setup()
    else:
        setup_database(DB)
    try:
        from django.test.utils import setup_test_environment

        setup_test_environment()
        t0 = time.perf_counter()
        if args.reuse:
            from django.contrib.auth import get_user_model

            from pingxuan.stars.models import Programme, StarRun

            StarRun.objects.all().delete()
            admin, programme = get_user_model().objects.get(username="bench"), Programme.objects.get()
        else:
            admin, programme = build(args.windows, args.members, args.ratings)
        print(f"# built in {time.perf_counter() - t0:.1f} s", flush=True)
        if args.profile:
            profile(admin, programme)
            return
        measure(args, admin, programme)
    finally:
        if not args.keep:
            drop_database(DB)


if __name__ == "__main__":
    main()
