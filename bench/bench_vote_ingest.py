"""Ingest benchmark: the public vote endpoint with every check on, against the same server's minimal JSON endpoint.

Creates a throwaway PostgreSQL database (dropped at the end), migrates it, builds a campaign with candidates and
verified voters, starts gunicorn on a loopback port with several workers and drives it with closed-loop clients for
a bounded time. Every vote is a distinct (voter, candidate) so each is accepted: the counter row, the per-candidate
count and the unique INSERT all run, committed before the 201. Prints throughput and p50/p95/p99 for both
endpoints and their ratio; ends with `name: value unit` lines.

    .venv/bin/python bench/bench_vote_ingest.py [--seconds 10] [--rounds 3] [--clients 48] [--workers 2] [--threads 24] [--redis URL]
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import loadgen  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def setup_database(name):
    import psycopg

    with psycopg.connect(PG.replace("postgres://", "postgresql://") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{PG}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_database(name):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG.replace("postgres://", "postgresql://") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


RULES = {
    # Every rule is on and compared on each vote; the limits are set so that the bench's votes pass them.
    "votes_per_day": 10,
    "per_candidate_per_day": 1,
    "hours": "00:00-23:59",
    "ip_per_day": 100000,  # all bench votes come from 127.0.0.1
    "device_per_day": 10,
    "captcha_after": 100000,
}


def build_world(voters):
    from django.contrib.auth import get_user_model

    from pingxuan.voting import demo, otp
    from pingxuan.voting.models import Voter

    admin = get_user_model().objects.create_superuser("bench-admin", "b@example.com", "Bench-pass-2026")
    world = demo.build(admin=admin, code="bench", candidates=10, public=RULES)
    Voter.objects.bulk_create([Voter(phone=f"138{i:08d}") for i in range(voters)])
    tokens = [otp.make_token(v) for v in Voter.objects.order_by("pk")]
    return [n.pk for n in world["candidates"]["window"]], tokens


def vote_requests(noms, tokens, count):
    """Distinct (voter, candidate) votes; consecutive votes are by different voters (one voter's votes would wait
    on each other's counter row, by design)."""
    out = []
    for k in range(min(count, len(noms) * len(tokens))):
        nom, voter = divmod(k, len(tokens))
        body = json.dumps({"nomination": noms[nom]}).encode()
        headers = {"Content-Type": "application/json", "X-Voter-Token": tokens[voter], "X-Device-Id": f"d{voter}"}
        out.append(loadgen.request("POST", "/api/vote/", body, headers))
    return out


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000 if values else 0.0


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=48)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=24)
    parser.add_argument("--voters", type=int, default=20000)
    parser.add_argument("--redis", default="", help="a Redis database for the server's cache (emptied first)")
    parser.add_argument("--rounds", type=int, default=3, help="ping then vote, this many times; best and median printed")
    args = parser.parse_args()
    name = f"pingxuan_bench_{os.getpid()}"
    setup_database(name)
    extra = {}
    if args.redis:
        flush_redis(args.redis)
        extra["REDIS_URL"] = args.redis
    try:
        noms, tokens = build_world(args.voters)
        per_round = int(4000 * args.seconds)
        votes = vote_requests(noms, tokens, per_round * args.rounds)
        ping = [loadgen.request("GET", "/api/vote/ping/")]
        from pingxuan.voting import loadtest

        proc, base = loadtest.start_server(
            os.environ["DATABASE_URL"], workers=args.workers, threads=args.threads, extra_env=extra
        )
        port = int(base.rsplit(":", 1)[1])
        rounds = []
        try:
            loadgen.run(port, 1, args.clients, ping, cycle=True)  # warm every worker and connection
            for r in range(args.rounds):
                pings = loadgen.run(port, args.seconds, args.clients, ping, cycle=True)
                mine = votes[r * per_round : (r + 1) * per_round]
                rounds.append((pings, loadgen.run(port, args.seconds, args.clients, mine), os.getloadavg()[0]))
        finally:
            loadtest.kill(proc)
        from pingxuan.voting.models import Vote

        stored = Vote.objects.count()
    finally:
        drop_database(name)
    cache = "Redis" if args.redis else "local memory per worker"
    print(
        f"gunicorn gthread workers={args.workers} threads={args.threads}, {args.clients} keep-alive connections, "
        f"{args.seconds:.0f} s each, PostgreSQL, cache: {cache}, loopback"
    )
    results, accepted_total = [], 0
    for (ping_lat, ping_codes, ping_time, ping_cpu), (vote_lat, vote_codes, vote_time, vote_cpu), load in rounds:
        accepted = vote_codes.get(201, 0)
        accepted_total += accepted
        ping_rps, vote_rps = ping_codes.get(200, 0) / ping_time, accepted / vote_time
        results.append((vote_rps, ping_rps, vote_lat, ping_lat))
        for label, rps, lat, codes, cpu, took in (
            ("ping", ping_rps, ping_lat, ping_codes, ping_cpu, ping_time),
            ("vote", vote_rps, vote_lat, vote_codes, vote_cpu, vote_time),
        ):
            print(
                f"{label}   {rps:8.0f} req/s  p50 {pct(lat, 50):6.1f} ms  p95 {pct(lat, 95):6.1f}  p99 {pct(lat, 99):6.1f}"
                f"  {codes}  load generator CPU {100 * cpu / took:.0f} % of one core"
            )
        print(f"ratio  {vote_rps / ping_rps if ping_rps else 0:.2f}   load average {load:.1f}")
    print(f"votes stored: {stored} (accepted answers: {accepted_total})")
    results.sort(key=lambda r: r[0])
    best, median = results[-1], results[len(results) // 2]
    vote_rps, ping_rps, vote_lat, ping_lat = best
    print(f"median_vote_accepted_per_second: {median[0]:.0f} votes/s")
    print(f"median_vote_to_ping_ratio: {median[0] / median[1] if median[1] else 0:.2f} ratio")
    print("best round:")
    print(f"vote_accepted_per_second: {vote_rps:.0f} votes/s")
    print(f"vote_p50: {pct(vote_lat, 50):.1f} ms")
    print(f"vote_p95: {pct(vote_lat, 95):.1f} ms")
    print(f"vote_p99: {pct(vote_lat, 99):.1f} ms")
    print(f"ping_per_second: {ping_rps:.0f} req/s")
    print(f"ping_p50: {pct(ping_lat, 50):.1f} ms")
    print(f"ping_p99: {pct(ping_lat, 99):.1f} ms")
    print(f"vote_to_ping_ratio: {vote_rps / ping_rps if ping_rps else 0:.2f} ratio")
    print(f"load_average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
