"""Steps particular to changzhou-2015: the 等次 the office edits, the hall poster of the candidate publicity, and the
汇报展示会 (on-site scoring): the office runs the presentations, the judges score each one on their phones, the office
releases the scores. Each step through its role's pages."""

from playwright.sync_api import expect

from tests.awards.helpers import rasterise


def set_tier_count(play, category, index, count):
    """The office changes how many places the `index`-th 等次 has (the rest go to the open-ended last tier)."""
    page = play.go("organiser", f"/campaigns/{play.code}/config/categories/{category.code}/tiers/")
    page.locator(f"[name='rows-{index}-count']").fill(str(count))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text(f"“{category.name}”的等次已保存。")
    expect(page.locator(f"[name='rows-{index}-count']")).to_have_value(str(count))
    return page


def hall_poster(play, public, pub, unit_name):
    """From the public publicity page, the hall poster (营业厅公示海报) of a unit: a one-page PDF, pictured."""
    public.goto(f"{play.url}/publicity/{pub}/")
    link = public.get_by_role("link", name=f"{unit_name}营业厅公示海报")
    response = public.context.request.get(f"{play.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    rasterise(play.shots, response.body(), "08-hall-poster", dpi=50)
    return response.body()


def onsite_session(play, category, titles):
    """The office arranges the 汇报展示会 in the default order; returns the control page's id."""
    page = play.go("organiser", f"/judging/c/{play.code}/{category.code}/onsite/")
    page.get_by_role("button", name="创建汇报展示会").click()
    expect(page.locator(".alert-success")).to_contain_text("汇报展示会已创建。")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(titles))
    for title in titles:
        expect(rows.filter(has_text=title)).to_have_count(1)
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def present_and_score(play, session, position, title, marks, shot=None):
    """The office starts presentation `position`; each judge's phone shows it by itself and the judge submits the five
    criteria (`marks` {judge: points per criterion}); the control page counts the sheets."""
    phones = {judge: play.on_phone(judge) for judge in marks}
    for page in phones.values():
        if f"/onsite/{session}/judge/" not in page.url:
            page.goto(f"{play.url}/judging/onsite/{session}/judge/")
    control = play.go("organiser", f"/judging/onsite/{session}/")
    control.get_by_role("button", name="开始汇报").nth(position - 1).click()
    expect(control.locator("tr.table-primary")).to_contain_text(title)
    for judge, points in marks.items():
        page = phones[judge]
        # the phones poll every second; on a loaded machine a change may take longer than 10 s to show
        expect(page.locator("#current-title")).to_have_text(title, timeout=30_000)
        boxes = page.locator("input[data-max]")
        expect(boxes).to_have_count(5)
        for box in boxes.all():
            box.fill(str(points))
        expect(page.locator("#total")).to_have_text(f"{5 * points:g}")
        if shot:
            play.shot(page, shot)
            shot = None
        page.get_by_role("button", name="提交本场评分").click()
        expect(page.get_by_text(f"已提交本场评分：{5 * points:.2f} 分。")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    control.reload()
    row = control.locator("tbody tr").nth(position - 1)
    expect(row).to_contain_text(f"{len(marks)} / {len(marks)}")
    return phones


def release_all(play, session, scores):
    """The office releases every presentation's score; the control table shows `scores` (title → shown score)."""
    control = play.go("organiser", f"/judging/onsite/{session}/")
    for i in range(len(scores)):
        control.get_by_role("button", name="公布得分").nth(i).click()
        expect(control.get_by_role("button", name="公布得分").nth(i)).to_be_disabled()
    for title, score in scores.items():
        expect(control.locator("tbody tr", has_text=title)).to_contain_text(score)
    play.shot(control, "05-onsite-control")
    return control
