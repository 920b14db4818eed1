"""Load benchmark: the public voting page, the candidate list API and the vote endpoint under 200 concurrent clients.

Creates its own PostgreSQL database (dropped at the end) and uses its own Redis database for the cache and rate
limits, builds a campaign in its voting phase with candidates and verified voters through the services, starts
gunicorn on a loopback port with several workers (the production settings, DEBUG off) and drives each endpoint with
200 keep-alive clients for 60 s. Every vote is a distinct (voter, candidate), so every one must be accepted (201).
Prints throughput, p50/p95/p99, error count (any answer other than the expected one) and the ratio to the same
server's minimal endpoint (/api/vote/ping/); ends with `name: value unit` lines.

    .venv/bin/python bench/bench_load.py                 # 60 s per endpoint
    LOAD_SECONDS=5 .venv/bin/python bench/bench_load.py  # a short try-out
Environment: BENCH_PG (server, default postgres://postgres@127.0.0.1:5432), BENCH_REDIS (default
redis://127.0.0.1:6379/7), LOAD_CLIENTS (200), LOAD_WORKERS (gunicorn processes, 3), LOAD_THREADS (4).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import loadgen  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
PRODUCTION_ENV = {
    "PINGXUAN_PRODUCTION": "true",
    "DEBUG": "false",
    "SECRET_KEY": "load-benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "ERROR",
}


def admin_url(server):
    return server.replace("postgres://", "postgresql://") + "/postgres"


def create_database(server, name):
    import psycopg

    with psycopg.connect(admin_url(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_database(server, name):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_url(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(database_url, redis_url):
    os.environ.update(PRODUCTION_ENV)
    os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = database_url, redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()


def build_world(voters, candidates=20):
    """A campaign in its voting phase, `candidates` candidates and `voters` verified voters (their tokens)."""
    from django.contrib.auth import get_user_model

    from pingxuan.voting import demo, otp
    from pingxuan.voting.models import Voter

    admin = get_user_model().objects.create_superuser("load-admin", "l@example.com", "Load-pass-2026")
    public = {"votes_per_day": candidates, "captcha_after": 10**5, "hours": "00:00-23:59"}
    world = demo.build(admin=admin, code="load", candidates=candidates, public=public)
    Voter.objects.bulk_create([Voter(phone=f"137{i:08d}") for i in range(voters)])
    tokens = [otp.make_token(v) for v in Voter.objects.order_by("pk")]
    return world["categories"][0].pk, [n.pk for n in world["candidates"]["window"]], tokens


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000 if values else 0.0


def vote_requests(noms, tokens):
    """Requests that each cast a distinct (voter, candidate) vote: voter-major, so one voter's votes spread out."""
    from pingxuan.voting.ingest import sign_device

    out = []
    for k in range(len(noms) * len(tokens)):
        nom, voter = divmod(k, len(tokens))
        body = json.dumps({"nomination": noms[nom]}).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Voter-Token": tokens[voter],
            "X-Device-Id": sign_device(f"d{voter}"),  # the device the server signed for this client
        }
        out.append(loadgen.request("POST", "/api/vote/", body, headers))
    return out


def measure(port, seconds, clients, requests, ok, cycle=False):
    latencies, codes, elapsed, cpu = loadgen.run(port, seconds, clients, requests, cycle=cycle)
    good = codes.get(ok, 0)
    return {
        "rps": good / elapsed,
        "p50": pct(latencies, 50),
        "p95": pct(latencies, 95),
        "p99": pct(latencies, 99),
        "errors": sum(v for k, v in codes.items() if k != ok),
        "codes": codes,
        "good": good,
        "client_cpu": cpu / elapsed,
    }


def main():
    seconds = float(os.environ.get("LOAD_SECONDS", "60"))
    clients = int(os.environ.get("LOAD_CLIENTS", "200"))
    workers = int(os.environ.get("LOAD_WORKERS", "3"))
    threads = int(os.environ.get("LOAD_THREADS", "4"))
    name = f"pingxuan_load_{os.getpid()}"
    database_url = create_database(PG, name)
    try:
        setup_django(database_url, REDIS)
        cat, noms, tokens = build_world(voters=int(os.environ.get("LOAD_VOTERS", "8000")))
        from pingxuan.voting import loadtest

        extra = {**PRODUCTION_ENV, "REDIS_URL": REDIS}
        proc, base = loadtest.start_server(database_url, workers=workers, threads=threads, extra_env=extra)
        port = int(base.rsplit(":", 1)[1])
        results = {}
        try:
            paths = {"ping": "/api/vote/ping/", "page": f"/vote/{cat}/", "candidates": f"/api/vote/categories/{cat}/"}
            gets = {
                key: [loadgen.request("GET", path, headers={"X-Device-Id": f"c{i}"}) for i in range(clients)]
                for key, path in paths.items()
            }
            for requests in gets.values():  # warm every worker and the cache
                loadgen.run(port, 1, clients, requests, cycle=True)
            for key, requests in gets.items():
                results[key] = measure(port, seconds, clients, requests, 200, cycle=True)
            results["vote"] = measure(port, seconds, clients, vote_requests(noms, tokens), 201)
        finally:
            loadtest.kill(proc)
        from pingxuan.voting.models import Vote

        stored = Vote.objects.count()
    finally:
        drop_database(PG, name)
    report(results, stored, seconds, clients, workers, threads)


def report(results, stored, seconds, clients, workers, threads):
    print(
        f"gunicorn {workers} workers × {threads} threads, PostgreSQL + Redis, {clients} clients, {seconds:.0f} s each, loopback"
    )
    ping = results["ping"]["rps"] or 1
    labels = {"ping": "minimal endpoint", "page": "public voting page", "candidates": "candidate list API", "vote": "vote"}
    for key, r in results.items():
        print(
            f"{labels[key]:<20} {r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f}  p99 {r['p99']:6.1f}  "
            f"errors {r['errors']}  ratio {r['rps'] / ping:.2f}  load generator CPU {r['client_cpu']:.0%}  {r['codes']}"
        )
    print(f"votes stored: {stored} (accepted answers: {results['vote']['good']})")
    for key, r in results.items():
        print(f"load_{key}_per_second: {r['rps']:.0f} req/s")
        print(f"load_{key}_p50: {r['p50']:.1f} ms")
        print(f"load_{key}_p95: {r['p95']:.1f} ms")
        print(f"load_{key}_p99: {r['p99']:.1f} ms")
        print(f"load_{key}_errors: {r['errors']} count")
        if key != "ping":
            print(f"load_{key}_to_ping_ratio: {r['rps'] / ping:.2f} ratio")
    print(f"load_votes_missing: {results['vote']['good'] - stored} count")
    if any(r["errors"] for r in results.values()) or stored != results["vote"]["good"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
