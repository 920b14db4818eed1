"""Headless Chromium at a phone's width (375 px): no button breaks into a column of characters on the pages where
action buttons sit in table cells, and a chart's legend keeps its own strip, clear of the plot and its axis labels.
Screenshots of the ranking page (with its charts) and of the pages with action buttons."""

import pytest
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir

from .test_browser import sign_in, voted  # noqa: F401  (the fixture is used by name)

SHOTS = shots_dir("results", "phone")
PHONE = {"width": 375, "height": 812}

# Every visible button or button-styled link whose box is taller than two lines of its own text, or, in a table cell
# (where a squeezed button breaks its label into a column), taller than one line.
TALL_BUTTONS = """() => Array.from(document.querySelectorAll('main .btn, main button')).filter(b => {
  const r = b.getBoundingClientRect();
  if (!r.width || !r.height) return false;
  const s = getComputedStyle(b);
  const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
  const pad = parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) + parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
  return r.height > (b.closest('td, th') ? 1 : 2) * line + pad + 1;
}).map(b => b.textContent.trim().replace(/\\s+/g, ' ') + ' (' + Math.round(b.getBoundingClientRect().width) + '×'
  + Math.round(b.getBoundingClientRect().height) + ')')"""

# The legend's box and the grid's box (plot area with its axis labels) of the chart drawn in element `id`.
CHART_BOXES = """(id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const views = chart._componentsViews.filter(v => v && v.__model && v.group);
  const box = (type) => {
    const rects = views.filter(v => v.__model.mainType === type).map(v => {
      v.group.updateTransform();
      const r = v.group.getBoundingRect().clone();
      if (v.group.transform) r.applyTransform(v.group.transform);
      return r;
    }).filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) return null;
    const x = Math.min(...rects.map(r => r.x)), y = Math.min(...rects.map(r => r.y));
    return {x: x, y: y, right: Math.max(...rects.map(r => r.x + r.width)), bottom: Math.max(...rects.map(r => r.y + r.height))};
  };
  const plot = chart.getModel().getComponent('grid').coordinateSystem.getRect();
  const axes = [box('xAxis'), box('yAxis')].filter(Boolean);
  const grid = {x: Math.min(plot.x, ...axes.map(a => a.x)), y: Math.min(plot.y, ...axes.map(a => a.y)),
    right: Math.max(plot.x + plot.width, ...axes.map(a => a.right)), bottom: Math.max(plot.y + plot.height, ...axes.map(a => a.bottom))};
  return {legend: box('legend'), grid: grid, width: chart.getWidth()};
}"""


def _apart(a, b):
    return a["bottom"] <= b["y"] or b["bottom"] <= a["y"] or a["right"] <= b["x"] or b["right"] <= a["x"]


@pytest.fixture
def scored(voted, make_user, admin_user):  # noqa: F811
    """The voted world, with three judges' submitted score sheets for three nominations (the judging results page lists
    each sheet with its reopen form: a reason field and a button in one table cell)."""
    from tests.results.api.test_after_decision import _judges, _rubric, _score

    world = {**voted, "category": voted["categories"][0], "noms": voted["candidates"]["window"][:3]}
    _rubric(world, 2)
    _score(world, _judges(world, make_user, admin_user, 3), [[45, 40, 35], [30, 33, 35], [25, 28, 22]])
    return voted


@pytest.mark.browser
def test_phone_width_buttons_stay_on_one_or_two_lines_and_legends_clear_the_plot(browser, live_server, scored):
    ctx = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2)
    page = ctx.new_page()
    sign_in(page, live_server, "rb-organiser")
    pages = {
        "ranking": "/results/c/rb/window/",
        "staging": "/results/c/rb/window/stage/?stage=shortlist",
        "nominations-office": "/nominations/c/rb/office/",
        "voting-office": "/voting/rb/",
        "publicity-office": "/publicity/office/rb/",
        "awards": "/awards/rb/",
        "judging-results": "/judging/c/rb/window/results/",
    }
    tall = {}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        tall[name] = page.evaluate(TALL_BUTTONS)
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, SHOTS / f"{name}.png", full_page=True)
    assert tall == {name: [] for name in pages}
    page.goto(live_server.url + pages["ranking"])
    expect(page.locator("#chart-stacked canvas")).to_have_count(1)
    boxes = page.evaluate(CHART_BOXES, "chart-stacked")
    assert boxes["legend"] is not None and boxes["legend"]["right"] <= boxes["width"] + 1
    assert _apart(boxes["legend"], boxes["grid"]), boxes
    ctx.close()
