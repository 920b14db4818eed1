"""Ingest benchmark: the public vote endpoint with every check on, against the same server's minimal JSON endpoint.

Creates a throwaway PostgreSQL database (dropped at the end), migrates it, builds a campaign with candidates and
verified voters, starts gunicorn on a loopback port with several workers and drives it with closed-loop clients for
a bounded time. Every vote is a distinct (voter, candidate) so each is accepted: the counter row, the per-candidate
count and the unique INSERT all run, committed before the 201. Prints throughput and p50/p95/p99 for both
endpoints and their ratio; ends with `name: value unit` lines.

    .venv/bin/python bench/bench_vote_ingest.py [--seconds 10] [--clients 32] [--workers 4]
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


def build_world(voters):
    from django.contrib.auth import get_user_model

    from pingxuan.voting import demo, otp
    from pingxuan.voting.models import Voter

    admin = get_user_model().objects.create_superuser("bench-admin", "b@example.com", "Bench-pass-2026")
    world = demo.build(
        admin=admin, code="bench", candidates=10, public={"votes_per_day": 10, "captcha_after": 10**5, "hours": "00:00-23:59"}
    )
    Voter.objects.bulk_create([Voter(phone=f"138{i:08d}") for i in range(voters)])
    tokens = [otp.make_token(v) for v in Voter.objects.order_by("pk")]
    return [n.pk for n in world["candidates"]["window"]], tokens


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000 if values else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--voters", type=int, default=20000)
    args = parser.parse_args()
    name = f"pingxuan_bench_{os.getpid()}"
    setup_database(name)
    try:
        noms, tokens = build_world(args.voters)
        from pingxuan.voting import loadtest

        proc, base = loadtest.start_server(os.environ["DATABASE_URL"], workers=args.workers, threads=args.threads)
        port = int(base.rsplit(":", 1)[1])
        try:
            loadgen.run(port, 1, args.clients, lambda i, n: ("GET", "/api/vote/ping/", None, {}))  # warm every worker
            ping_lat, ping_codes, ping_time = loadgen.run(
                port, args.seconds, args.clients, lambda i, n: ("GET", "/api/vote/ping/", None, {})
            )
            counter = {"next": 0}

            def vote_request(i, n):
                k = counter["next"]
                counter["next"] += 1
                nom, voter = divmod(k, len(tokens))
                body = json.dumps({"nomination": noms[nom % len(noms)]}).encode()
                headers = {"Content-Type": "application/json", "X-Voter-Token": tokens[voter], "X-Device-Id": f"d{voter}"}
                return "POST", "/api/vote/", body, headers

            vote_lat, vote_codes, vote_time = loadgen.run(port, args.seconds, args.clients, vote_request)
        finally:
            loadtest.kill(proc)
        from pingxuan.voting.models import Vote

        stored = Vote.objects.count()
    finally:
        drop_database(name)
    accepted = vote_codes.get(201, 0)
    ping_rps, vote_rps = ping_codes.get(200, 0) / ping_time, accepted / vote_time
    print(
        f"gunicorn workers={args.workers} threads={args.threads}, connections={args.clients}, {args.seconds:.0f} s each, PostgreSQL, loopback"
    )
    print(
        f"ping   {ping_rps:8.0f} req/s  p50 {pct(ping_lat, 50):6.1f} ms  p95 {pct(ping_lat, 95):6.1f}  p99 {pct(ping_lat, 99):6.1f}  {ping_codes}"
    )
    print(
        f"vote   {vote_rps:8.0f} req/s  p50 {pct(vote_lat, 50):6.1f} ms  p95 {pct(vote_lat, 95):6.1f}  p99 {pct(vote_lat, 99):6.1f}  {vote_codes}"
    )
    print(f"votes stored: {stored} (accepted answers: {accepted})")
    print(f"vote_accepted_per_second: {vote_rps:.0f} votes/s")
    print(f"vote_p50: {pct(vote_lat, 50):.1f} ms")
    print(f"vote_p95: {pct(vote_lat, 95):.1f} ms")
    print(f"vote_p99: {pct(vote_lat, 99):.1f} ms")
    print(f"ping_per_second: {ping_rps:.0f} req/s")
    print(f"ping_p50: {pct(ping_lat, 50):.1f} ms")
    print(f"ping_p99: {pct(ping_lat, 99):.1f} ms")
    print(f"vote_to_ping_ratio: {vote_rps / ping_rps if ping_rps else 0:.2f} ratio")


if __name__ == "__main__":
    main()
