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


def test_board_api_answer_is_cached_and_follows_a_new_publication(world, django_assert_num_queries):
    p, organiser = world["programme"], world["organiser"]
    url = f"/api/programmes/{p.code}/board/?period=2011h1&kind=member"
    client = Client()
    assert client.get(url).json() == {"run": None, "total": 0, "results": []}
    run = compute.compute(user=organiser, programme=p, period="2011h1")
    compute.publish(user=organiser, run=run)
    first = client.get(url)
    assert first.status_code == 200
    data = first.json()
    assert (data["run"]["id"], data["run"]["rows"], data["total"]) == (run.pk, 6, 3)
    assert [(r["rank"], r["name"]) for r in data["results"]] == [(1, "张红"), (2, "李明"), (3, "王芳")]
    with django_assert_num_queries(0):
        second = client.get(url)
    assert (second.status_code, second.json()) == (200, data)
    # another page or kind is its own entry; a bad period is still refused with the rule
    assert client.get(url + "&page=2").json()["results"] == []
    bad = client.get(f"/api/programmes/{p.code}/board/?period=2030h1")
    assert (bad.status_code, bad.json()["detail"]) == (
        400,
        "“十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动”没有周期“2030h1”，可用：2011h1、2011h2。",
    )
    assert client.get("/api/programmes/nope/board/?period=2011h1").status_code == 404

    s.score_subject(user=world["leader"], programme=p, period="2011h1", score=100, member=world["m3"], organisation=world["w2"])
    newer = compute.compute(user=organiser, programme=p, period="2011h1")
    compute.publish(user=organiser, run=newer)
    shown = client.get(url).json()
    assert (shown["run"]["id"], shown["results"][0]["name"], shown["results"][0]["score"]) == (newer.pk, "王芳", 20.0)
