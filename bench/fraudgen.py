"""Labelled vote streams for the fraud benchmark and the tests: legitimate traffic of many shapes plus planted stuffing.

`stream(seed, shape, plants)` returns a `Stream`: columns (t, phone, ip, device, ua, cand, delay) and a label per vote
("" = legitimate, else the plant's name), the hard-case label of legitimate votes (nat70, office, night, family) and
the real operations' boosted candidates with their windows. Everything is drawn from `random.Random(seed)`, so a
seed gives the same stream on every machine.

Legitimate voters: numbers from a city's few hundred 10,000-number blocks (real numbers cluster by region), a
popularity law from flat to one candidate at 70 %, a day curve, mobile voters behind carrier NAT (40–5,000 IPs),
home broadband, offices on one Wi-Fi backing a colleague, night-shift voters, families sharing a tablet and a home
IP, a user-agent population, human code-to-vote delays, a server-issued device per phone (a few lose it).
"""

import random
from dataclasses import dataclass, field

import numpy as np

PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182", "183", "187"]
PREFIXES += ["188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199"]
VIRTUAL = ["170", "171", "162", "165", "167"]
HOUR_WEIGHTS = [0.4, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 3, 6, 5, 4, 4, 6, 5, 3, 3, 3, 3, 4, 6, 8, 8, 6, 2]
NIGHT_WEIGHTS = [6, 6, 5, 5, 5, 4, 2, 0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 0.5, 0.5, 1, 2, 4]
OFFICE_WEIGHTS = [0] * 8 + [3, 6, 5, 4, 2, 4, 5, 4, 3, 2] + [0] * 6
START = 1_782_864_000  # 2026-07-01 00:00 as naive local seconds
UAS = [
    f"Mozilla/5.0 (Linux; Android {v}; {m}) MicroMessenger/8.0.{b}"
    for v in (10, 11, 12, 13, 14)
    for m in ("V2049A", "PDEM10", "M2012K11AC", "SM-G9910", "ALN-AL00", "22081212C", "RMX3366", "LIO-AN00")
    for b in (40, 47, 49)
]
UAS += [
    f"Mozilla/5.0 (iPhone; CPU iPhone OS {v}_0 like Mac OS X) MicroMessenger/8.0.{b}"
    for v in (15, 16, 17, 18)
    for b in (40, 47, 49)
]

# Real-world browser strings of WeChat's in-app browser, one per entry of UAS (same number, same order, so a stream
# drawn with them has the same truth): most contain "KHTML, like Gecko" (a comma: the CSV cell is quoted), every
# 7th is an in-app HTTP client's without a comma, every 11th carries quotes (written "" in CSV).
REAL_UAS = []
for _i, (_v, _m, _b) in enumerate(
    (v, m, b)
    for v in (10, 11, 12, 13, 14)
    for m in ("V2049A", "PDEM10", "M2012K11AC", "SM-G9910", "ALN-AL00", "22081212C", "RMX3366", "LIO-AN00")
    for b in (40, 47, 49)
):
    _build = f"{'QPRST'[_v - 10]}P1A.{220624 + _i * 37}.0{_i % 90:02d}"
    if _i % 7 == 3:
        REAL_UAS.append(f"Dalvik/2.1.0 (Linux; U; Android {_v}; {_m} Build/{_build}) MicroMessenger/8.0.{_b}")
        continue
    _ua = (
        f"Mozilla/5.0 (Linux; Android {_v}; {_m} Build/{_build}; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Version/4.0 Chrome/{104 + _v + _b % 7}.0.{5000 + _i * 11}.{_i % 200} Mobile Safari/537.36 "
        f"XWEB/{1160000 + _i} MMWEBSDK/20231202 MMWEBID/{(_i * 7919) % 10000} "
        f"MicroMessenger/8.0.{_b}.{2500 + _i}(0x2800{_b:02X}35) WeChat/arm64 Weixin "
        f"NetType/{('WIFI', '5G', '4G')[_i % 3]} Language/zh_CN ABI/arm64"
    )
    REAL_UAS.append(_ua + (' MiniProgramEnv/"android"' if _i % 11 == 5 else ""))
for _i, (_v, _b) in enumerate((v, b) for v in (15, 16, 17, 18) for b in (40, 47, 49)):
    _ua = (
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {_v}_{_i % 7} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        f"Mobile/15E148 MicroMessenger/8.0.{_b}(0x18000{_b:X}2c) NetType/{('WIFI', '4G')[_i % 2]} Language/zh_CN"
    )
    REAL_UAS.append(_ua + (' "iOS"' if _i % 5 == 2 else ""))
assert len(REAL_UAS) == len(set(REAL_UAS)) == len(UAS)


@dataclass
class Shape:
    name: str = "base"
    candidates: int = 30
    voters: int = 4000
    days: int = 7
    popularity: str = "zipf"  # flat | zipf | fav70
    nat_ips: int = 800
    mobile_share: float = 0.6
    offices: int = 1
    office_size: int = 150
    night: int = 200
    families: int = 60


@dataclass
class Stream:
    seed: int
    shape: Shape
    t: list = field(default_factory=list)
    phone: list = field(default_factory=list)
    ip: list = field(default_factory=list)
    device: list = field(default_factory=list)
    ua: list = field(default_factory=list)
    cand: list = field(default_factory=list)
    delay: list = field(default_factory=list)
    label: list = field(default_factory=list)
    hard: list = field(default_factory=list)
    operations: dict = field(default_factory=dict)  # name -> (candidate, start, end, rank before)
    plants: list = field(default_factory=list)  # (kind, candidate, start, end) of each planted kind

    def add(self, t, phone, ip, device, ua, cand, delay, label="", hard=""):
        self.t.append(int(t))
        self.phone.append(phone)
        self.ip.append(ip)
        self.device.append(device)
        self.ua.append(ua)
        self.cand.append(cand)
        self.delay.append(delay)
        self.label.append(label)
        self.hard.append(hard)

    def arrays(self):
        """Columns in time order (as an export would list them) and the labels."""
        order = np.argsort(np.asarray(self.t), kind="stable")
        cols = {
            "t": np.asarray(self.t, dtype=np.int64)[order],
            "phone": np.asarray(self.phone, dtype=str)[order],
            "ip": np.asarray(self.ip, dtype=str)[order],
            "device": np.asarray(self.device, dtype=str)[order],
            "ua": np.asarray(self.ua, dtype=str)[order],
            "cand": np.asarray(self.cand, dtype=str)[order],
            "delay": np.asarray(self.delay, dtype=float)[order],
        }
        return cols, np.asarray(self.label, dtype=str)[order], np.asarray(self.hard, dtype=str)[order]


class Gen:
    def __init__(self, seed, shape):
        self.rng = random.Random(seed)
        self.s = Stream(seed, shape)
        self.shape = shape
        self.used = set()
        self.blocks = [self.rng.choice(PREFIXES) + f"{self.rng.randrange(10**4):04d}" for _ in range(300)]
        self.cands = [f"C{i + 1:02d}" for i in range(shape.candidates)]
        self.weights = self._popularity()
        self.nat = [
            self.ip_in(f"10{self.rng.randrange(10)}.{self.rng.randrange(256)}.{self.rng.randrange(256)}")
            for _ in range(max(1, shape.nat_ips // 40))
        ]
        self.nat_ips = [f"{self.rng.choice(self.nat)}.{self.rng.randrange(1, 255)}" for _ in range(shape.nat_ips)]
        self.dev = 0
        self.uas = UAS  # or REAL_UAS: the same draws, real-world strings

    def ip_in(self, prefix):
        return prefix

    def _popularity(self):
        n, rng = self.shape.candidates, self.rng
        if self.shape.popularity == "flat":
            w = [1.0 + 0.2 * rng.random() for _ in range(n)]
        elif self.shape.popularity == "fav70":
            w = [0.3 / (n - 1) * (1 + rng.random()) for _ in range(n)]
            w[0] = 0.7 * sum(w) / 0.3
        else:
            w = [1 / (i + 1) ** 0.9 for i in range(n)]
            rng.shuffle(w)
        return w

    def phone(self, virtual=False, block=None):
        while True:
            if virtual:
                p = self.rng.choice(VIRTUAL) + f"{self.rng.randrange(10**8):08d}"
            else:
                p = (block or self.rng.choice(self.blocks)) + f"{self.rng.randrange(10**4):04d}"
            if p not in self.used:
                self.used.add(p)
                return p

    def device(self):
        self.dev += 1
        return f"d{self.s.seed}-{self.dev:07d}-{self.rng.randrange(10**6):06d}"

    def home_ip(self):
        return f"{self.rng.randrange(58, 125)}.{self.rng.randrange(256)}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"

    def ua(self):
        return self.uas[min(len(self.uas) - 1, int(self.rng.paretovariate(1.2)) - 1 + self.rng.randrange(3))]

    def human_delay(self):
        return self.rng.lognormvariate(2.5, 0.7)  # median ~12 s: read the SMS, type it, pick a candidate

    def when(self, day, weights):
        hour = self.rng.choices(range(24), weights)[0]
        return START + day * 86400 + hour * 3600 + self.rng.randrange(3600)

    def legit_voter(self, hard="", cand=None, ip=None, device=None, weights=HOUR_WEIGHTS, phone=None, days=None):
        shape, rng = self.shape, self.rng
        phone = phone or self.phone(virtual=rng.random() < 0.02)
        device = device or ("" if rng.random() < 0.02 else self.device())
        ua = self.ua()
        mobile = ip is None and rng.random() < shape.mobile_share
        home = ip or self.home_ip()
        fav = cand or rng.choices(self.cands, self.weights)[0]
        n_days = days or min(shape.days, 1 + int(rng.expovariate(1 / 1.5)))
        for day in sorted(rng.sample(range(shape.days), n_days)):
            pick = fav if rng.random() < 0.85 else rng.choices(self.cands, self.weights)[0]
            where = rng.choice(self.nat_ips) if mobile else home
            self.s.add(self.when(day, weights), phone, where, device, ua, pick, self.human_delay(), "", hard)

    def legit(self):
        shape, rng = self.shape, self.rng
        hard = "nat70" if shape.popularity == "fav70" else ""
        for _ in range(shape.voters):
            self.legit_voter(hard)
        for _ in range(shape.offices):
            ip, colleague = self.home_ip(), rng.choice(self.cands[3:])
            for _ in range(shape.office_size):
                backs = colleague if rng.random() < 0.8 else None
                self.legit_voter("office", backs, ip=ip, weights=OFFICE_WEIGHTS)
        nurse = rng.choice(self.cands[2:])
        for _ in range(shape.night):
            self.legit_voter("night", nurse if rng.random() < 0.7 else None, weights=NIGHT_WEIGHTS)
        for _ in range(shape.families):
            ip, device, relative = self.home_ip(), self.device(), rng.choice(self.cands)
            block = rng.choice(self.blocks)
            for _ in range(rng.randint(2, 5)):  # family plans: numbers from one block
                self.legit_voter("family", relative, ip=ip, device=device, phone=self.phone(block=block))

    # ----- planted kinds: a range of sizes, durations and spreads each ----------------------------------------

    def _window(self, minutes):
        start = START + self.rng.randrange(max(1, self.shape.days * 86400 - minutes * 60))
        return start, start + minutes * 60

    def _bot_vote(self, label, phone, cand, start, end, ip, device, ua, decoy):
        t = self.rng.randrange(start, end)
        self.s.add(t, phone, ip, device, ua, cand, self.rng.uniform(0.3, 2.5), label)
        if decoy:
            self.s.add(t + self.rng.randrange(1, 60), phone, ip, device, ua, self.rng.choice(self.cands), 1.0, label)

    def plant(self, kind, size, minutes, spread, decoy, target=None):
        rng = self.rng
        target = target or rng.choice(self.cands[5:])
        start, end = self._window(minutes)
        ua_pool = [self.ua() for _ in range(rng.randint(1, 3))]
        if kind == "ip_farm":  # numbers through `spread` IPs, no cookie kept by the script
            ips = [self.home_ip() for _ in range(spread)]
            for _ in range(size):
                self._bot_vote(kind, self.phone(), target, start, end, rng.choice(ips), "", rng.choice(ua_pool), decoy)
        elif kind == "device_farm":  # phones in `spread` devices (a handful of rooted handsets), through the NAT
            devices = [self.device() for _ in range(spread)]
            for _ in range(size):
                self._bot_vote(
                    kind,
                    self.phone(),
                    target,
                    start,
                    end,
                    rng.choice(self.nat_ips),
                    rng.choice(devices),
                    rng.choice(ua_pool),
                    decoy,
                )
        elif kind == "sequential":  # a bought block of numbers, step `spread`, each with a fresh cookie and proxy
            base = int(rng.choice(self.blocks) + "0000") + rng.randrange(10**4)
            for i in range(size):
                phone = str(base + i * spread)
                self.used.add(phone)
                self._bot_vote(kind, phone, target, start, end, self.home_ip(), self.device(), self.ua(), decoy)
        elif kind == "virtual":  # virtual-operator numbers through rotating proxies
            for _ in range(size):
                self._bot_vote(kind, self.phone(virtual=True), target, start, end, self.home_ip(), "", rng.choice(ua_pool), decoy)
        elif kind == "burst":  # new numbers in a short window through a proxy pool of `spread` IPs
            ips = [self.home_ip() for _ in range(spread)]
            for _ in range(size):
                self._bot_vote(kind, self.phone(), target, start, end, rng.choice(ips), self.device(), rng.choice(ua_pool), decoy)
        return target, start, end

    # ----- real operations: judged at the candidate level --------------------------------------------------------

    def operation(self, kind, size):
        rng, shape = self.rng, self.shape
        ranks = self._ranks()
        target = rng.choice([c for c in self.cands if 8 <= ranks[c] <= 20] or self.cands[-5:])
        days = 3 if kind != "slow_drip" else shape.days
        first = rng.randrange(0, max(1, shape.days - days + 1))
        start, end = START + first * 86400, START + (first + days) * 86400
        if kind in ("sim_pool", "sim_pool_decoy"):  # modems read the SMS; residential proxies; a fresh cookie each
            phones = [self.phone() for _ in range(size // days)]
            for d in range(days):
                for phone in phones:
                    t = start + d * 86400 + rng.randrange(86400)
                    self.s.add(t, phone, self.home_ip(), self.device(), self.ua(), target, rng.uniform(0.5, 3), kind)
                    if kind == "sim_pool_decoy" and d == 0:
                        self.s.add(
                            t + 30,
                            phone,
                            self.home_ip(),
                            self.device(),
                            self.ua(),
                            rng.choice(self.cands),
                            rng.uniform(0.5, 3),
                            kind,
                        )
        elif kind in ("paid_post", "paid_spread"):  # real people paid per vote, told where and when
            for i in range(size):
                if kind == "paid_post":  # a post at 20:00 each day: votes within the next two hours
                    d = i % days
                    t = start + d * 86400 + 20 * 3600 + int(rng.expovariate(1 / 1800)) % 7200
                else:
                    t = rng.randrange(start, end)
                ip = rng.choice(self.nat_ips) if rng.random() < 0.6 else self.home_ip()
                self.s.add(t, self.phone(), ip, self.device(), self.ua(), target, self.human_delay(), kind)
        elif kind == "slow_drip":  # 60 new numbers a day, spread out, human pace
            for d in range(shape.days):
                for _ in range(size // shape.days):
                    t = self.when(d, HOUR_WEIGHTS)
                    self.s.add(t, self.phone(), self.home_ip(), self.device(), self.ua(), target, self.human_delay(), kind)
        elif kind == "daily_burst":  # the same few minutes every day
            for d in range(days):
                for _ in range(size // days):
                    t = start + d * 86400 + 21 * 3600 + rng.randrange(900)
                    self.s.add(
                        t, self.phone(), rng.choice(self.nat_ips), self.device(), self.ua(), target, self.human_delay(), kind
                    )
        self.s.operations[kind] = (target, start, end, ranks[target])
        return target

    def _ranks(self):
        from collections import Counter

        counts = Counter(c for c, lab in zip(self.s.cand, self.s.label, strict=True) if lab == "")
        order = sorted(self.cands, key=lambda c: -counts[c])
        return {c: i + 1 for i, c in enumerate(order)}


PLANT_GRID = {
    # kind: list of (size, minutes, spread, decoy)
    "ip_farm": [(100, 10, 3, False), (600, 600, 20, True), (2000, 4320, 50, False), (300, 60, 10, True)],
    "device_farm": [(100, 30, 6, False), (800, 1440, 60, True), (2000, 4320, 300, False), (400, 120, 150, False)],
    "sequential": [(100, 60, 1, False), (300, 1440, 25, True), (1000, 4320, 100, False), (200, 30, 7, False)],
    "virtual": [(100, 60, 0, False), (500, 1440, 0, True), (1500, 4320, 0, False)],
    "burst": [(150, 10, 200, False), (600, 30, 100, True), (2000, 60, 50, False)],
}
OPERATIONS = {
    "sim_pool": 1750,
    "sim_pool_decoy": 1750,
    "paid_post": 1200,
    "paid_spread": 1200,
    "slow_drip": 420,
    "daily_burst": 600,
}
SHAPES = [
    Shape("zipf-nat800"),
    Shape("fav70-nat40", popularity="fav70", nat_ips=40),
    Shape("flat-nat5000", popularity="flat", nat_ips=5000, candidates=40),
    Shape("fav70-nat400", popularity="fav70", nat_ips=400, offices=2),
    Shape("fav70-nat5000", popularity="fav70", nat_ips=5000, candidates=40, offices=3, night=300, families=100),
]


def stream(seed, shape=None, plants=(), operations=(), scale=1.0):
    """One stream: the shape's legitimate traffic (voters scaled), each (kind, size, minutes, spread, decoy) planted,
    and each named real operation."""
    shape = shape or Shape()
    if scale != 1.0:
        from dataclasses import replace

        shape = replace(
            shape, voters=int(shape.voters * scale), night=int(shape.night * scale), families=int(shape.families * scale)
        )
    g = Gen(seed, shape)
    g.legit()
    for kind, size, minutes, spread, decoy in plants:
        g.s.plants.append((kind, *g.plant(kind, int(size), minutes, spread, decoy)))
    for kind in operations:
        g.operation(kind, OPERATIONS[kind])
    return g.s
