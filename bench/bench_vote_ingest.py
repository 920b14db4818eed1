"""Ingest benchmark: the public vote endpoint with every check on, against the same server's minimal JSON endpoint.

Creates a throwaway PostgreSQL database (dropped at the end), migrates it, builds a campaign with candidates and
verified voters, starts gunicorn on a loopback port with several workers and drives it with closed-loop clients for
a bounded time. Every vote is a distinct (voter, candidate) so each is accepted: the counter row, the per-candidate
count and the unique INSERT all run, committed before the 201. Prints throughput and p50/p95/p99 for both
endpoints and their ratio; ends with `name: value unit` lines.

    .venv/bin/python bench/bench_vote_ingest.py [--seconds 10] [--rounds 3] [--slices 5] [--clients 48] [--workers 2] [--threads 24] [--redis URL]
"""

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import cpuwatch  # noqa: E402
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
    from pingxuan.voting.ingest import sign_device

    out = []
    for k in range(min(count, len(noms) * len(tokens))):
        nom, voter = divmod(k, len(tokens))
        body = json.dumps({"nomination": noms[nom]}).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Voter-Token": tokens[voter],
            "X-Device-Id": sign_device(f"d{voter}"),  # the device the server signed for this client
        }
        out.append(loadgen.request("POST", "/api/vote/", body, headers))
    return out


def merge(slices):
    """One round's (latencies, {status: count}, seconds, load generator CPU s, server CPU ms per request) from slices."""
    latencies, codes, took, cpu, per = [], {}, 0.0, 0.0, {}
    for lat, statuses, seconds, gen_cpu, ms in slices:
        latencies += lat
        for k, v in statuses.items():
            codes[k] = codes.get(k, 0) + v
        took, cpu = took + seconds, cpu + gen_cpu
        for k, v in ms.items():
            per[k] = per.get(k, 0.0) + v * sum(statuses.values())
    total = sum(codes.values()) or 1
    return latencies, codes, took, cpu, {k: v / total for k, v in per.items()}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000 if values else 0.0


def group_commit():
    """What the server's settings make of VOTE_GROUP_COMMIT (on unless set to a false value)."""
    return os.environ.get("VOTE_GROUP_COMMIT", "1").strip().lower() in {"1", "true", "yes", "on"}


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
    parser.add_argument("--rounds", type=int, default=3, help="rounds of ping and vote; best and median printed")
    parser.add_argument("--slices", type=int, default=5, help="alternating ping/vote slices in each round")
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

            def measured(requests, seconds, **kw):
                before = cpuwatch.snapshot(proc.pid, name)
                result = loadgen.run(port, seconds, args.clients, requests, **kw)
                cpu = cpuwatch.per_request(before, cpuwatch.snapshot(proc.pid, name), sum(result[1].values()))
                return (*result, cpu)

            # Each round alternates short slices of ping and vote, so that both endpoints meet the same state of a
            # shared machine (its speed drifts by tens of per cent over a minute) and the ratio compares like with like.
            step = args.seconds / args.slices
            for r in range(args.rounds):
                mine = iter(votes[r * per_round : (r + 1) * per_round])
                pings, cast = [], []
                for _ in range(args.slices):
                    pings.append(measured(ping, step, cycle=True))
                    cast.append(measured(list(itertools.islice(mine, int(4000 * step))), step))
                rounds.append((merge(pings), merge(cast), os.getloadavg()[0]))
        finally:
            loadtest.kill(proc)
        from pingxuan.voting.models import Vote

        stored = Vote.objects.count()
    finally:
        drop_database(name)
    cache = "Redis" if args.redis else "local memory per worker"
    print(
        f"gunicorn gthread workers={args.workers} threads={args.threads}, {args.clients} keep-alive connections, "
        f"{args.seconds:.0f} s each, PostgreSQL, cache: {cache}, loopback, "
        f"group commit {'on' if group_commit() else 'off (VOTE_GROUP_COMMIT=0)'}"
    )
    results, accepted_total = [], 0
    for (ping_lat, ping_codes, ping_time, ping_cpu, ping_ms), (
        vote_lat,
        vote_codes,
        vote_time,
        vote_cpu,
        vote_ms,
    ), load in rounds:
        accepted = vote_codes.get(201, 0)
        accepted_total += accepted
        ping_rps, vote_rps = ping_codes.get(200, 0) / ping_time, accepted / vote_time
        results.append((vote_rps, ping_rps, vote_lat, ping_lat))
        for label, rps, lat, codes, cpu, took, ms in (
            ("ping", ping_rps, ping_lat, ping_codes, ping_cpu, ping_time, ping_ms),
            ("vote", vote_rps, vote_lat, vote_codes, vote_cpu, vote_time, vote_ms),
        ):
            print(
                f"{label}   {rps:8.0f} req/s  p50 {pct(lat, 50):6.1f} ms  p95 {pct(lat, 95):6.1f}  p99 {pct(lat, 99):6.1f}"
                f"  {codes}  load generator CPU {100 * cpu / took:.0f} % of one core"
            )
            print(
                f"       CPU per request: server {ms['server']:.2f} ms, PostgreSQL {ms['postgres']:.2f} ms, "
                f"Redis {ms['redis']:.2f} ms, load generator {1000 * cpu / max(1, sum(codes.values())):.2f} ms"
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
