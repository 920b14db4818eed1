"""Behind load balancers the lock-out and per-IP limits count clients: the address comes from X-Forwarded-For only
when the direct peer is a trusted proxy."""

from django.test import Client
from django.urls import reverse

BALANCER = "10.0.0.2"


def fail_login(client, username, **meta):
    return client.post(reverse("login"), {"username": username, "password": "wrong-password"}, **meta)


def test_lock_out_counts_the_client_behind_a_trusted_balancer(tree, admin_user, make_user, settings):
    settings.TRUSTED_PROXIES = [BALANCER]
    settings.AXES_FAILURE_LIMIT = 3
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    client = Client()
    via = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}
    answers = [fail_login(client, "chen", **via).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    # another citizen behind the same balancer is not locked out with them
    other = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    ok = Client().post(reverse("login"), {"username": "chen", "password": "Pass-word-2026"}, **other)
    assert (ok.status_code, ok["Location"]) == (302, "/")
    from axes.models import AccessAttempt

    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(tree, admin_user, make_user, settings):
    settings.TRUSTED_PROXIES = [BALANCER]
    settings.AXES_FAILURE_LIMIT = 2
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    client = Client()
    # an attacker rotating X-Forwarded-For still counts as one address
    answers = [
        fail_login(client, "chen", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(2)
    ]
    assert answers == [200, 429]
    from axes.models import AccessAttempt

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.50"]
