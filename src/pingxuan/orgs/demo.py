"""The demo accounts' published password. Demo data only (`manage.py demo`, the benchmarks' worlds): the password
rules refuse it on purpose, so it is set here directly, never through the account services."""

DEMO_PASSWORD = "Pingxuan-2026"


def give_demo_password(person):
    person.set_password(DEMO_PASSWORD)
    person.save(update_fields=["password"])
    return person
