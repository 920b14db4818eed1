"""Helpers for the durability test and the ingest benchmark: a real gunicorn server on a free loopback port.

The server runs in its own process group so that it can be killed (SIGKILL) as a whole, workers included.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database_url, *, workers=2, threads=1, extra_env=None, log=None):
    """Start gunicorn on 127.0.0.1:<free port>; returns (process, base_url) once /api/vote/ping/ answers."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DB_CONN_MAX_AGE": "600", "PYTHONPATH": str(ROOT / "src")}
    env.update(extra_env or {})
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "pingxuan.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (kept open for the server's life)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            if requests.get(base + "/api/vote/ping/", timeout=1).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    kill(proc)
    raise RuntimeError("gunicorn did not answer within 30 s")


def kill(proc, sig=signal.SIGKILL):
    """Kill the server's whole process group (master and workers) that start_server made."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)
