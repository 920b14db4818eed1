"""Fault drill: during a vote load, SIGKILL a gunicorn worker, restart PostgreSQL, stop and restart Redis.

The drill starts its own PostgreSQL cluster (initdb into a temporary folder, its own port) and its own redis-server
(its own port), so the machine's services are never touched, and removes both at the end. gunicorn runs with the
production settings and several workers; clients keep voting through every fault. Afterwards: every vote that got a
success answer (201 with a receipt) must be in the database, and the service must answer votes again after the
last fault without any manual step, and no answer may be a 500 (a fault is answered 503 in Chinese). Prints the
counts; exits 1 when a confirmed vote is missing, it did not recover, or an answer was a 500.

    .venv/bin/python bench/drill_faults.py            # about 45 s of load
    DRILL_CLIENTS=24 DRILL_PG_PORT=55432 DRILL_REDIS_PORT=56379 .venv/bin/python bench/drill_faults.py
"""

import glob
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import bench_load  # noqa: E402

PG_PORT = int(os.environ.get("DRILL_PG_PORT", "55432"))
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", "56379"))
CLIENTS = int(os.environ.get("DRILL_CLIENTS", "24"))
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]


def as_postgres(*cmd):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + list(cmd), check=True, capture_output=True, text=True)


class OwnPostgres:
    def __init__(self, folder):
        self.data, self.log = folder / "pgdata", folder / "pg.log"
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        as_postgres(f"{PG_BIN}/initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {PG_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n")
            conf.write("fsync = on\nsynchronous_commit = on\nmax_connections = 200\n")
        self.start()

    def ctl(self, *args):
        return as_postgres(f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", *args)

    def start(self):
        self.ctl("start")

    def restart(self):
        self.ctl("restart", "-m", "immediate")  # like a crash: committed work must come back from the WAL

    def stop(self):
        self.ctl("stop", "-m", "fast")


class OwnRedis:
    def __init__(self):
        self.proc = None
        self.start()

    def start(self):
        cmd = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Voters(threading.Thread):
    """One client: casts distinct (voter, candidate) votes in turn, records each answer with its time."""

    def __init__(self, port, jobs, log, stop):
        super().__init__(daemon=True)
        self.port, self.jobs, self.log, self.stop = port, jobs, log, stop

    def run(self):
        conn = None
        for nomination, token, device in self.jobs:
            if self.stop.is_set():
                break
            body = json.dumps({"nomination": nomination})
            headers = {"Content-Type": "application/json", "X-Voter-Token": token, "X-Device-Id": device}
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("POST", "/api/vote/", body, headers)
                response = conn.getresponse()
                data = response.read()
                receipt = json.loads(data).get("receipt") if response.status == 201 else None
                self.log.append((time.monotonic(), response.status, receipt))
            except (OSError, http.client.HTTPException, ValueError):
                self.log.append((time.monotonic(), "error", None))
                conn = None
                time.sleep(0.05)


def worker_pids(master):
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def main():
    folder = Path(tempfile.mkdtemp(prefix="pingxuan-drill-"))
    folder.chmod(0o755)
    pg = redis = proc = None
    try:
        pg = OwnPostgres(folder)
        redis = OwnRedis()
        server = f"postgres://postgres@127.0.0.1:{PG_PORT}"
        database_url = bench_load.create_database(server, "pingxuan_drill")
        redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
        bench_load.setup_django(database_url, redis_url)
        _cat, noms, tokens = bench_load.build_world(voters=3000)
        from pingxuan.voting import loadtest

        extra = {**bench_load.PRODUCTION_ENV, "REDIS_URL": redis_url}
        proc, base = loadtest.start_server(database_url, workers=3, threads=2, extra_env=extra, log=str(folder / "gunicorn.log"))
        port = int(base.rsplit(":", 1)[1])
        from pingxuan.voting.ingest import sign_device

        devices = [sign_device(f"d{i}") for i in range(len(tokens))]  # the devices the server signed for the clients
        jobs = [
            (noms[k // len(tokens)], tokens[k % len(tokens)], devices[k % len(tokens)]) for k in range(len(noms) * len(tokens))
        ]
        log, stop = [], threading.Event()
        clients = [Voters(port, jobs[i::CLIENTS], log, stop) for i in range(CLIENTS)]
        started = time.monotonic()
        for client in clients:
            client.start()
        faults = run_faults(proc, pg, redis)
        time.sleep(10)  # load goes on after the last fault: the service must come back by itself
        stop.set()
        for client in clients:
            client.join(timeout=60)
        loadtest.kill(proc)
        proc = None
        from django.db import connections

        connections.close_all()
        from pingxuan.voting.models import Vote

        confirmed = {receipt for _t, status, receipt in log if status == 201}
        stored = set(Vote.objects.values_list("receipt", flat=True))
        report(log, faults, started, confirmed, stored)
        server_errors = sum(1 for _t, status, _r in log if status == 500)
        ok = not (confirmed - stored) and recovered(log, faults) and not server_errors
    finally:
        if proc is not None:
            loadtest.kill(proc)
        if redis is not None:
            redis.stop()
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if ok else 1)


def run_faults(proc, pg, redis):
    """Returns [(name, start, end)] of the faults, on the monotonic clock."""
    faults = []
    time.sleep(8)
    start = time.monotonic()
    os.kill(worker_pids(proc.pid)[0], signal.SIGKILL)
    faults.append(("SIGKILL one gunicorn worker", start, time.monotonic()))
    time.sleep(8)
    start = time.monotonic()
    pg.restart()
    faults.append(("PostgreSQL restart (immediate mode, like a crash)", start, time.monotonic()))
    time.sleep(8)
    start = time.monotonic()
    redis.stop()
    time.sleep(3)
    redis.start()
    faults.append(("Redis stopped, 3 s, started again", start, time.monotonic()))
    return faults


def first_success_after(log, moment):
    times = [t for t, status, _r in log if status == 201 and t > moment]
    return min(times) - moment if times else None


def recovered(log, faults):
    last = faults[-1][2]
    return all(first_success_after(log, end) is not None for _n, _s, end in faults) and any(
        status == 201 for t, status, _r in log if t > last + 5
    )


def report(log, faults, started, confirmed, stored):
    counts = {}
    for _t, status, _r in log:
        counts[status] = counts.get(status, 0) + 1
    print(f"drill: {CLIENTS} clients voting for {log[-1][0] - started:.0f} s; answers {counts}")
    for name, start, end in faults:
        again = first_success_after(log, end)
        until = end + (again or 0)
        failed = sum(1 for t, status, _r in log if start <= t <= until and status != 201)
        print(
            f"  at {start - started:5.1f} s  {name}: lasted {end - start:.1f} s, "
            + (f"votes accepted again {again:.2f} s after it ended" if again is not None else "no vote accepted afterwards")
            + f", {failed} failed answers meanwhile"
        )
    missing = confirmed - stored
    print(f"votes answered 201: {len(confirmed)}, stored: {len(stored)}, confirmed but missing: {len(missing)}")
    print(f"drill_requests: {len(log)} count")
    print(f"drill_votes_confirmed: {len(confirmed)} count")
    print(f"drill_votes_stored: {len(stored)} count")
    print(f"drill_votes_missing: {len(missing)} count")
    print(f"drill_failed_answers: {sum(v for k, v in counts.items() if k != 201)} count")
    print(f"drill_recovered: {1 if recovered(log, faults) else 0} bool")
    print(f"drill_server_errors: {counts.get(500, 0)} count")


if __name__ == "__main__":
    main()
