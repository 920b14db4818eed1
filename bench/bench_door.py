"""Door benchmark: labelled vote streams fed vote by vote through the real HTTP door, on a simulated clock.

Streams come from bench/fraudgen.py (several seeds and shapes: carrier NAT behind a 70 % favourite, a dense carrier
NAT with a legitimate evening burst, office Wi-Fi, flat popularity over 5,000 NAT addresses) with planted kinds and
real operations mixed in. Every vote goes through the whole door over HTTP (Django's test client, in this process,
every middleware): the voter opens the voting page once per device (the server-signed `pxd` cookie, kept as a
browser keeps it; a voter without a kept device sends none), asks for a code (`POST /api/vote/code/`), reads it from
the SMS backend, verifies it (`POST /api/vote/verify/`) and votes (`POST /api/vote/`), from the stream's address
(REMOTE_ADDR, what the app trusts without a proxy in front) with the stream's user agent, at the stream's moment:
the code is asked for 10–40 s (a script: 2–6 s) before the verification, the verification `delay` seconds before
the vote. Every rule of the campaign is on (per-IP and per-device daily limits, the captcha threshold), and the
one-time-code engine's caps per address and per number apply; 3 % of legitimate voters first type a wrong code.

The clock is simulated with time-machine (7 days of votes in minutes): the database, the signed tokens' ages and
the cache's expiries all follow it. The cache is the local-memory backend with no eviction (what Redis does in
production; Redis's own expiries would run on the wall clock, not the simulated one).

A step-up challenge (428, captcha) shown to a legitimate voter is friction, not a refusal: the voter solves it (the
bench draws the challenge with the function the captcha endpoint uses, which also gives its answer) and goes on. A
planted vote that meets a challenge is counted as stopped (no solving service assumed). A refusal for a campaign
rule (daily votes, per-candidate) is not an anti-abuse refusal and is listed apart.

    .venv/bin/python bench/bench_door.py                    # every stream, full size
    .venv/bin/python bench/bench_door.py --scale 0.3 --only fav70-nat8
"""

import argparse
import datetime
import logging
import os
import random
import shutil
import sys
import tempfile
import time
import types
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

import fraudgen  # noqa: E402

SENT = {}  # phone -> the last code the SMS backend was asked to send
LOCAL = 8 * 3600  # the stream's times are naive Asia/Shanghai seconds
RULES = {
    "votes_per_day": 3,
    "per_candidate_per_day": 1,
    "hours": "00:00-23:59",
    "ip_per_day": 50,  # past this, requests that look automated get the captcha
    "device_per_day": 5,
    "captcha_after": 20,
}
TYPOS = 0.03  # legitimate voters who first type a wrong code
SESSION = 1800  # a voter token younger than this is reused (the page is still open)


class MemorySms:
    """The SMS backend of this benchmark: keeps the last code sent to each number."""

    def send(self, phone, text, *, template="notice", params=None):
        SENT[phone] = (params or {}).get("code")


sys.modules["bench_door_sms"] = types.SimpleNamespace(MemorySms=MemorySms)  # what SMS_BACKEND names


@dataclass
class Case:
    name: str
    seed: int
    shape: fraudgen.Shape
    plants: tuple = ()
    operations: tuple = ()
    burst: int = 0  # legitimate voters drawn to the page by one evening post, within 30 minutes, on the NAT


CASES = [
    Case(
        "zipf-nat800",
        101,
        fraudgen.Shape("zipf-nat800"),
        plants=(("burst", 150, 10, 200, False), ("ip_farm", 300, 60, 10, True), ("device_farm", 100, 30, 6, False)),
        operations=("daily_burst",),
    ),
    Case(
        "fav70-nat40",
        102,
        fraudgen.Shape("fav70-nat40", popularity="fav70", nat_ips=40),
        plants=(("burst", 600, 30, 100, True), ("sequential", 200, 30, 7, False), ("virtual", 100, 60, 0, False)),
        operations=("paid_post",),
    ),
    Case(
        "fav70-nat8",
        103,
        fraudgen.Shape("fav70-nat8", popularity="fav70", nat_ips=8),
        plants=(("burst", 2000, 60, 50, False), ("device_farm", 400, 120, 150, False)),
        operations=("daily_burst", "sim_pool"),
        burst=600,
    ),
    Case(
        "office-x3",
        104,
        fraudgen.Shape("office-x3", offices=3, office_size=150, nat_ips=200),
        plants=(("ip_farm", 100, 10, 3, False), ("burst", 600, 30, 100, True)),
        operations=("paid_spread",),
        burst=300,
    ),
    Case(
        "flat-nat5000",
        105,
        fraudgen.Shape("flat-nat5000", popularity="flat", nat_ips=5000, candidates=40),
        plants=(("ip_farm", 600, 600, 20, True), ("virtual", 500, 1440, 0, True)),
        operations=("slow_drip",),
    ),
]


def make_stream(case, scale):
    shape = case.shape
    if scale != 1.0:
        shape = replace(
            shape, voters=int(shape.voters * scale), night=int(shape.night * scale), families=int(shape.families * scale)
        )
    g = fraudgen.Gen(case.seed, shape)
    g.legit()
    for plant in case.plants:
        g.plant(*plant)
    for kind in case.operations:
        g.operation(kind, fraudgen.OPERATIONS[kind])
    if case.burst:  # a post in a work group at 20:00 on day 3: people on their phones, on the carrier NAT
        rng = g.rng
        start = fraudgen.START + 3 * 86400 + 20 * 3600
        for _ in range(int(case.burst * max(scale, 0.25))):
            cand = rng.choice(g.cands[:5])
            g.s.add(
                start + rng.randrange(1800),
                g.phone(),
                rng.choice(g.nat_ips),
                g.device(),
                g.ua(),
                cand,
                g.human_delay(),
                "",
                "burst",
            )
    return g.s


# Django, a migrated template database and the campaign ------------------------------------------------------


def setup(tmp):
    for key in ("REDIS_URL", "DATABASE_REPLICA_URL"):
        os.environ.pop(key, None)
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp}/door.sqlite3",
            "SMS_BACKEND": "bench_door_sms.MemorySms",
            "DEBUG": "false",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "pingxuan.settings",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django
    from django.conf import settings

    settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 10**8}  # no eviction, as Redis in production
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # refusals (4xx) are counted, not logged
    call_command("migrate", verbosity=0)


def build_world():
    import time_machine
    from django.contrib.auth import get_user_model

    from pingxuan.voting import demo

    admin = get_user_model().objects.create_superuser("door-admin", "d@example.com", "Door-pass-2026")
    with time_machine.travel(datetime.datetime(2026, 6, 30, 9, tzinfo=datetime.UTC), tick=False):
        world = demo.build(admin=admin, code="door", candidates=40, public=RULES, today=datetime.date(2026, 6, 30))
    cat = world["categories"][0].pk
    noms = [n.pk for n in world["candidates"]["window"]]
    return cat, noms


def fresh_database(template, db):
    from django.core.cache import cache
    from django.db import connections

    from pingxuan.voting import services

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(template, db)
    cache.clear()
    services.forget_local_states()
    SENT.clear()


# Feeding a stream ---------------------------------------------------------------------------------------------


class Door:
    """One stream's voters talking to the door: cookies kept per device, tokens per number, outcomes per vote."""

    def __init__(self, cat, noms):
        from django.test import Client

        self.client = Client()
        self.cat, self.noms = cat, noms
        self.cookies = {}  # the stream's device -> the signed value the server issued for it
        self.tokens = {}  # phone -> (token, issued at)
        self.requests = 0

    def headers(self, ip, ua, device):
        h = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": ua}
        if device:
            if device not in self.cookies:
                self.client.cookies.clear()
                page = self.client.get(f"/vote/{self.cat}/", **h)
                self.requests += 1
                self.cookies[device] = page.cookies["pxd"].value
            h["HTTP_COOKIE"] = f"pxd={self.cookies[device]}"
        self.client.cookies.clear()
        return h

    def post(self, path, body, h):
        self.requests += 1
        response = self.client.post(path, body, content_type="application/json", **h)
        return response.status_code, (response.json() if response.status_code != 201 or path != "/api/vote/" else {})


def wrong(code):
    return f"{(int(code or 0) + 1) % 10**6:06d}"


def solve(body):
    from pingxuan.voting import captcha

    challenge = captcha.make_challenge()  # what GET /api/vote/captcha/ serves, with its answer
    return {**body, "captcha_token": challenge["token"], "captcha_answer": challenge["answer"]}


def run_case(case, scale, cat, noms, seed):
    import time_machine

    s = make_stream(case, scale)
    cols, label, hard = s.arrays()
    n = len(cols["t"])
    rng = random.Random(seed)
    events = []
    for i in range(n):
        t = float(cols["t"][i] - LOCAL)
        delay = float(cols["delay"][i])
        read = rng.uniform(2, 6) if label[i] else rng.uniform(10, 40)
        events += [(t - delay - read, 0, i), (t - delay, 1, i), (t, 2, i)]
    events.sort()
    cand_pk = {f"C{k + 1:02d}": pk for k, pk in enumerate(noms)}
    door = Door(cat, noms)
    outcome = {}  # vote -> accepted | refused | stopped | rule | other
    friction = set()  # legitimate votes that were shown a challenge
    reasons = Counter()
    reused = set()
    started = time.perf_counter()
    with time_machine.travel(events[0][0] - 60, tick=False) as clock:
        for at, step, i in events:
            if i in outcome:
                continue
            clock.move_to(at)
            phone, ip, ua, device = str(cols["phone"][i]), str(cols["ip"][i]), str(cols["ua"][i]), str(cols["device"][i])
            legit = label[i] == ""
            h = door.headers(ip, ua, device)
            if step == 0:
                held = door.tokens.get(phone)
                if held and at - held[1] < SESSION:
                    reused.add(i)
                    continue
                path, body = "/api/vote/code/", {"phone": phone}
            elif step == 1:
                if i in reused:
                    continue
                path, body = "/api/vote/verify/", {"phone": phone, "code": SENT.get(phone, "")}
                if legit and rng.random() < TYPOS:  # a digit typed wrong first: the answer says so, the person retypes
                    status, data = door.post(path, {**body, "code": wrong(body["code"])}, h)
                    if data.get("code") != "wrong_code":
                        outcome[i] = "refused" if status in (428, 429) else "other"
                        reasons[("legit", step, data.get("code"), data.get("detail"))] += 1
                        continue
            else:
                h["HTTP_X_VOTER_TOKEN"] = door.tokens.get(phone, ("", 0))[0]
                path, body = "/api/vote/", {"nomination": cand_pk[str(cols["cand"][i])]}
            status, data = door.post(path, body, h)
            if status == 428:
                if not legit:
                    outcome[i] = "stopped"
                    reasons[("planted", step, data.get("code"), data.get("detail"))] += 1
                    continue
                friction.add(i)
                status, data = door.post(path, solve(body), h)
            if status in (200, 201):
                if step == 1:
                    door.tokens[phone] = (data["token"], at)
                if step == 2:
                    outcome[i] = "accepted"
                continue
            code = data.get("code")
            if code in ("daily_limit", "candidate_limit"):
                outcome[i] = "rule"
            elif status in (428, 429):
                outcome[i] = "refused"
            else:
                outcome[i] = "other"
            reasons[("legit" if legit else "planted", step, code, data.get("detail"))] += 1
    seconds = time.perf_counter() - started
    return summarise(case, s, label, hard, outcome, friction, reasons, door.requests, seconds)


def summarise(case, s, label, hard, outcome, friction, reasons, requests, seconds):
    legit = [i for i in range(len(label)) if label[i] == ""]
    planted = [i for i in range(len(label)) if label[i] != ""]
    by = defaultdict(Counter)
    for i in planted:
        by[label[i]][outcome.get(i, "accepted")] += 1
    legit_out = Counter(outcome.get(i, "accepted") for i in legit)
    hard_out = defaultdict(Counter)
    for i in legit:
        hard_out[hard[i] or "-"][outcome.get(i, "accepted")] += 1
        if i in friction:
            hard_out[hard[i] or "-"]["captcha"] += 1
    r = {
        "name": case.name,
        "seed": case.seed,
        "votes": len(label),
        "legit": len(legit),
        "legit_refused": legit_out["refused"],
        "legit_captcha": len(friction),
        "legit_rule": legit_out["rule"],
        "legit_other": legit_out["other"],
        "planted": len(planted),
        "planted_refused": sum(by[k]["refused"] + by[k]["stopped"] for k in by),
        "by_kind": by,
        "hard": hard_out,
        "reasons": reasons,
        "requests": requests,
        "seconds": seconds,
    }
    return r


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def report(results):
    for r in results:
        print(
            f"\n{r['name']} (seed {r['seed']}): {r['votes']} votes, {r['requests']} HTTP requests in {r['seconds']:.0f} s; "
            f"legitimate {r['legit']}: refused {r['legit_refused']} ({pct(r['legit_refused'], r['legit']):.3f} %), "
            f"shown a captcha {r['legit_captcha']} ({pct(r['legit_captcha'], r['legit']):.3f} %), "
            f"campaign rules {r['legit_rule']}, other {r['legit_other']}"
        )
        for kind, c in sorted(r["hard"].items()):
            total = sum(v for k, v in c.items() if k != "captcha")
            print(f"  legit {kind:<8} {total:6d} votes  refused {c['refused']:4d}  captcha {c['captcha']:4d}  rules {c['rule']}")
        for kind, c in sorted(r["by_kind"].items()):
            total = sum(c.values())
            print(
                f"  planted {kind:<15} {total:5d} votes  refused {c['refused']:4d}  stopped at captcha {c['stopped']:4d}  "
                f"campaign rules {c['rule']:4d}  accepted {c['accepted']:4d}  ({pct(c['refused'] + c['stopped'], total):.1f} % kept out)"
            )
        for (who, step, code, detail), k in r["reasons"].most_common(8):
            print(f"  {who} {['code', 'verify', 'vote'][step]} {code}: {detail} × {k}")
    legit_refused = max(pct(r["legit_refused"], r["legit"]) for r in results)
    legit_captcha = max(pct(r["legit_captcha"], r["legit"]) for r in results)
    planted = sum(r["planted"] for r in results)
    planted_refused = pct(sum(r["planted_refused"] for r in results), planted)
    print(f"\ndoor_streams: {len(results)} count")
    print(f"door_votes_fed: {sum(r['votes'] for r in results)} count")
    print(f"door_legit_refused_max: {legit_refused:.3f} %")
    print(f"door_legit_captcha_max: {legit_captcha:.3f} %")
    print(f"door_planted_refused: {planted_refused:.1f} %")
    return legit_refused


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="share of the shapes' legitimate voters")
    ap.add_argument("--only", nargs="*", help="stream names")
    args = ap.parse_args()
    cases = [c for c in CASES if not args.only or c.name in args.only]
    tmp = tempfile.mkdtemp(prefix="door-bench-")
    try:
        setup(tmp)
        cat, noms = build_world()
        from django.db import connections

        connections.close_all()
        db, template = Path(tmp) / "door.sqlite3", Path(tmp) / "template.sqlite3"
        shutil.copy(db, template)
        results = []
        for k, case in enumerate(cases):
            fresh_database(template, db)
            results.append(run_case(case, args.scale, cat, noms, seed=k))
            print(f"{case.name}: {results[-1]['votes']} votes in {results[-1]['seconds']:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if report(results) > 0.1:
        sys.exit(1)


if __name__ == "__main__":
    main()
