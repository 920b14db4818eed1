"""Asks a set of routes as every role and compares with route_rules.py (used by the two matrix test files)."""

import time

from . import matrix
from .route_rules import KNOWN_FAULTS, PUBLIC, RULES, parse


def check(admin, *, api):
    found, _ = matrix.routes()
    people, values, objects = matrix.build_world(admin)
    clients = matrix.clients(people)
    started = time.monotonic()
    wrong, observed = [], {}
    names = sorted(n for n in found if n in RULES and found[n].startswith("api/") == api)
    for name in names:
        rule = parse(RULES[name])
        url = matrix.url_for(name, found[name], rule, values, objects)
        answers = [
            "-" if expected == "-" else matrix.answer(matrix.ask(clients[role], rule["method"], url))
            for role, expected in zip(matrix.ROLES, rule["expect"], strict=True)
        ]
        observed[name] = answers
        if answers != rule["expect"]:
            wrong.append(f"{name} {rule['method']} {url}: declared {' '.join(rule['expect'])}, got {' '.join(answers)}")
    assert wrong == [], "\n".join(wrong)
    for name, answers in observed.items():
        assert name in KNOWN_FAULTS or "500" not in answers, f"{name} answers 500"
        if api:
            assert "login" not in answers, f"{name}: the API answers 401/403, never a redirect to the login page"
        if name not in PUBLIC:
            assert not answers[0].startswith("2"), f"{name} answers anonymous visitors with {answers[0]}"
    assert len(observed) > 50
    return time.monotonic() - started
