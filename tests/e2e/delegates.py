"""Delegate voting (gucheng-2011): the office imports the delegates from its spreadsheet and prints the ballots; a
delegate enters the personal code printed on the ballot on a phone and votes per award. Through the pages only."""

import re

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.awards.helpers import pdf_images, pdf_text, rasterise
from tests.qr import decode, matrix_from_png


def import_delegates(play, delegates):
    """The office uploads its 代表名单 (编号, 姓名, 代表团) on the voting page."""
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "姓名", "代表团"])
    for row in delegates:
        ws.append(list(row))
    path = play.tmp / "代表名单.xlsx"
    wb.save(path)
    page = play.go("organiser", f"/voting/{play.code}/")
    page.locator("#kind").select_option("delegates")
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".alert-success")).to_contain_text("导入完成。")
    expect(page.locator("#delegates-h")).to_have_text(f"代表投票（代表 {len(delegates)} 人）")
    return page


def ballot_codes(play):
    """The office prints the ballots (PDF); returns the addresses the QR codes on them open (one per delegate), read
    from the printed codes."""
    page = play.go("organiser", f"/voting/{play.code}/")
    href = page.get_by_role("link", name="打印选票（PDF）").get_attribute("href")
    response = page.context.request.get(f"{play.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    content = response.body()
    rasterise(play.shots, content, "06-delegate-ballot", dpi=50)
    urls = [decode(modules(matrix_from_png(png))) for png in pdf_images(play.tmp, content)]
    printed = re.findall(r"个人选票码：\s*(.+)", pdf_text(content))
    assert [u.rsplit("=", 1)[1] for u in urls] == [c.replace(" ", "") for c in printed]
    return urls


def modules(rows):
    """A QR image drawn several pixels per module, back to one value per module: the top-left finder pattern is seven
    modules wide, which gives the module size; each module is read at its centre."""
    top = next(y for y, r in enumerate(rows) if any(r))
    left = min(r.index(True) for r in rows if any(r))
    right = max(len(r) - 1 - r[::-1].index(True) for r in rows if any(r))
    run = next(i for i, v in enumerate(rows[top][left:]) if not v)
    size = run / 7
    count = round((right - left + 1) / size)
    return [[rows[top + int((y + 0.5) * size)][left + int((x + 0.5) * size)] for x in range(count)] for y in range(count)]


def delegate_votes(play, page, url, category, titles):
    """On a phone, a delegate scans the ballot's QR code (opens `url`) and ticks `titles` in `category`."""
    page.goto(url)
    section = page.locator("form", has=page.get_by_role("heading", name=category.name, exact=True))
    for title in titles:
        section.get_by_label(re.compile(rf"^\d+ · {re.escape(title)}$")).check()
    section.get_by_role("button", name="提交本奖项选票").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{category.name}”已投票。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    return page


def close_counts(play):
    """The organiser closes the delegate count of every category on the voting office page (after the voting phase):
    from then on no paper ballot is entered, and the lists may be applied."""
    page = play.go("organiser", f"/voting/{play.code}/")
    button = page.get_by_role("button", name="结束计票")
    while button.count():
        button.first.click()
        expect(page.locator(".alert-success")).to_contain_text("已结束计票")
    expect(page.locator("#count-window")).to_contain_text("此后不再录入纸质选票")
    play.shot(page, "08-count-closed")
    return page
