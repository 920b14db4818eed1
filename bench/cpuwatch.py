"""CPU time used by the processes behind a benchmark phase, read from /proc (Linux): the app server's process group,
the PostgreSQL backends of one database, and Redis. Printed per request, it shows where each request's cost goes
and is steadier than throughput on a small shared machine."""

import os

HZ = os.sysconf("SC_CLK_TCK")


def _ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode(errors="replace")


def snapshot(server_pgid, database):
    """{"server": s, "postgres": s, "redis": s} CPU seconds so far (processes that ended are not counted)."""
    out = {"server": 0, "postgres": 0, "redis": 0}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if os.getpgid(pid) == server_pgid:
                out["server"] += _ticks(pid)
                continue
            cmd = _cmdline(pid)
            if cmd.startswith("postgres:") and f" {database} " in cmd:
                out["postgres"] += _ticks(pid)
            elif cmd.startswith("redis-server"):
                out["redis"] += _ticks(pid)
        except (OSError, ValueError):
            continue
    return {k: v / HZ for k, v in out.items()}


def per_request(before, after, requests):
    """{"server": ms, ...} CPU milliseconds per request between two snapshots."""
    return {k: 1000 * (after[k] - before[k]) / requests if requests else 0.0 for k in before}
