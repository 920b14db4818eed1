"""The public star board is served from the cache once a run is published: a second request makes no database
query (anonymous) or only the session/user ones (logged in); publishing a new run shows it at once."""

from django.test import Client
from django.urls import reverse

from pingxuan.stars import compute
from pingxuan.stars import services as s


def test_second_request_comes_from_the_cache(world, django_assert_max_num_queries, django_assert_num_queries):
    p, organiser = world["programme"], world["organiser"]
    url = reverse("stars-board", args=[p.code]) + "?period=2011h1&kind=member"
    client = Client()
    unpublished = client.get(url).content.decode()
    assert "本周期的星级榜尚未公布。" in unpublished
    run = compute.compute(user=organiser, programme=p, period="2011h1")
    compute.publish(user=organiser, run=run)
    first = client.get(url)
    assert first.status_code == 200
    html = first.content.decode()
    assert "共 3 名" in html and "张红" in html and "本周期的星级榜尚未公布。" not in html
    with django_assert_num_queries(0):
        second = client.get(url)
    assert (second.status_code, second.content.decode(), second["Content-Type"]) == (200, html, "text/html; charset=utf-8")
    # the default period (the last published) and kind hit the same cached page without queries once rendered
    client.get(reverse("stars-board", args=[p.code]))
    with django_assert_num_queries(0):
        assert client.get(reverse("stars-board", args=[p.code])).status_code == 200
    # logged in: only the session and user look-ups
    web = Client()
    web.force_login(world["clerk1"])
    web.get(url)
    with django_assert_max_num_queries(2):
        assert web.get(url).content.decode() == html

    # a new run of the period, published: the board shows it (the index is dropped; pages are keyed by run id)
    s.score_subject(user=world["leader"], programme=p, period="2011h1", score=100, member=world["m3"], organisation=world["w2"])
    newer = compute.compute(user=organiser, programme=p, period="2011h1")
    compute.publish(user=organiser, run=newer)
    shown = client.get(url).content.decode()
    assert shown != html
    rows = [r for r in shown.split("<tbody>")[1].split("</tbody>")[0].split("<tr>") if r]
    assert "王芳" in rows[0] and "20.0" in rows[0]


def test_unknown_programme_period_and_kind_are_404(world):
    client = Client()
    assert client.get(reverse("stars-board", args=["nope"])).status_code == 404
    base = reverse("stars-board", args=[world["programme"].code])
    assert client.get(base + "?period=2030h1").status_code == 404
    assert client.get(base + "?kind=team").status_code == 404
