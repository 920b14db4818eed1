"""One nomination of one category, from the clerk's draft to the office, through the pages only; then its paper.

`walk(...)` is called by the per-preset test files (one file per preset so that the suite's two workers share them)
for the categories the end-to-end plays (tests/e2e/browser, which nominate through `fill_form` and the same approval
pages, return included) do not nominate: 常州 brand, 荆门 window and individual, 谷城 and 河北 window are theirs.
The database is read only to find out what to check (the nomination's id, the chain's organisations); where the
campaign requires 预审 (河北) the pre-review and the office's reply are set up through the services.
"""

from playwright.sync_api import expect

from pingxuan.nominations import approval
from pingxuan.nominations.forms import min_pixels
from pingxuan.nominations.models import ApprovalStep, Nomination
from pingxuan.orgs.models import Organisation, User
from tests.nominations.browser.conftest import (
    FILE_TYPES,
    RETURN_OPINION,
    approver_for,
    count_of,
    docx_read,
    expect_count,
    jpeg_bytes,
    keep,
    label_values,
    shown,
    today_zh,
    upload_files,
    value_for,
)
from tests.printed import dark_share, pdf_fonts, pdf_text, rasterise
from tests.world import prereview_replied

DECISIONS = {"agree": "同意", "return": "退回修改"}


def nominating_unit(category, clerk_base):
    """A window category nominates the window under the clerk's base unit; people and brands the base unit itself."""
    if category.kind == "window":
        return Organisation.objects.get(parent=clerk_base, kind="window"), "　"
    return clerk_base, ""


def fill_form(page, category, folder):
    """Enter every field of the seed form; returns ({key: value entered}, {key: [file names]})."""
    values, files = {}, {}
    for i, field in enumerate(category.form["fields"], start=1):
        key, kind = field["key"], field["type"]
        box = page.locator(f"#id_f_{key}")
        if kind in FILE_TYPES:
            if kind == "photo" and min_pixels(field)[0]:  # a photo below the pixel minimum is refused first
                small = folder / "小图.jpg"
                small.write_bytes(jpeg_bytes(120, 160))
                box.set_input_files(str(small))
                message = f"{field['label']}“小图.jpg”宽 120 像素，至少需要 {min_pixels(field)[0]} 像素。"
                expect(page.locator(f"#err-{key}")).to_have_text(message)
                expect(page.locator(f"#field-{key} img")).to_have_count(0)
                box = page.locator(f"#id_f_{key}")
            paths = upload_files(field, folder)
            box.set_input_files([str(p) for p in paths])
            if kind == "photoset":
                expect_count(page, key, str(len(paths)))
            elif kind == "photo":
                expect(page.locator(f"#field-{key} img")).to_have_count(1)
            else:
                expect(page.locator(f"#field-{key}")).to_contain_text(f"已上传 {len(paths)} 个")
            files[key] = [p.name for p in paths]
            continue
        value = value_for(field, i)
        values[key] = value
        if kind == "choice":
            box.select_option(label=value)
        elif kind == "multichoice":
            for option in value:
                page.locator(f"#field-{key}").get_by_label(option, exact=True).check()
        else:
            box.fill(value)
        if kind == "longtext":
            expect(page.locator(f"#cnt-{key} [data-count]")).to_have_text(count_of(value))
            expect(page.locator(f"#cnt-{key} [data-state]")).to_have_text("")  # near the target: no 偏少 / 偏多
    return values, files


def decide(page, url, title, level, step, decision, opinion):
    page.goto(f"{url}/nominations/queue/")
    row = page.locator("li", has=page.get_by_role("link", name=title, exact=True))
    expect(row.get_by_text(f"第 {step} 级：{level['title']}")).to_be_visible()
    row.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=level["title"], exact=True)).to_be_visible()
    page.get_by_label(DECISIONS[decision], exact=True).check()
    page.get_by_label("审核意见").fill(opinion)
    expect(page.get_by_label("加盖本单位印章")).to_be_checked()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text(f"已对“{title}”作出审核结论：{DECISIONS[decision]}。")).to_be_visible()


def download(page, link_name, folder):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def walk(*, campaign, code, browsers, url, admin, tmp_path):
    category = campaign.categories.get(code=code)
    levels = approval.levels(category)
    assert levels, "every preset category has an approval chain"
    clerk = User.objects.get(username="clerk")
    base = clerk.memberships.get(is_active=True).organisation
    unit, indent = nominating_unit(category, base)

    # The clerk creates the nomination: category and unit.
    page = browsers("clerk")
    page.goto(f"{url}/nominations/c/{campaign.code}/")
    page.get_by_role("link", name="新建申报").click()
    page.get_by_label(category.name, exact=True).check()
    page.get_by_label("申报单位").select_option(label=indent + unit.name)
    page.get_by_role("button", name="新建并填写申报表").click()
    expect(page.get_by_role("heading", name=category.form["title"], exact=True)).to_be_visible()
    n = Nomination.objects.get(campaign=campaign, category=category)
    assert (n.unit, n.status) == (unit, "draft")

    # Every field, every upload; save, then submit.
    values, files = fill_form(page, category, tmp_path)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    expect(page.locator("#problems")).to_have_count(0)
    n.refresh_from_db()
    title = n.title
    assert title == next(values[f["key"]] for f in category.form["fields"] if f["type"] == "text")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text(f"“{title}”已提交，等待“{levels[0]['title']}”。")).to_be_visible()

    # The first level returns it once with a comment.
    n.refresh_from_db()
    deciders = [approver_for(n, i, admin) for i in range(len(levels))]
    for person, org in deciders:
        assert person.memberships.filter(organisation=org, is_active=True).exists()
    first = browsers(deciders[0][0].username)
    decide(first, url, title, levels[0], f"1/{len(levels)}", "return", RETURN_OPINION)

    # The clerk sees the comment, revises one field and resubmits.
    page.goto(f"{url}/nominations/{n.pk}/")
    expect(page.get_by_text(RETURN_OPINION).first).to_be_visible()
    page.get_by_role("link", name="修改并重新提交").click()
    expect(page.get_by_text(RETURN_OPINION).first).to_be_visible()
    revised = next(f for f in category.form["fields"] if f["type"] == "text")
    values[revised["key"]] = title = f"{title}（修改）"
    page.locator(f"#id_f_{revised['key']}").fill(title)
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text(f"“{title}”已提交，等待“{levels[0]['title']}”。")).to_be_visible()

    # Every level agrees in turn, each approver from their queue.
    opinions = {}
    for i, level in enumerate(levels):
        opinions[i] = f"同意推荐。{level['title']}经审核，情况属实。"
        prereview_replied(n, deciders[i][1])  # 河北: the city level reports formally only after the office's 预审
        decide(browsers(deciders[i][0].username), url, title, level, f"{i + 1}/{len(levels)}", "agree", opinions[i])

    n.refresh_from_db()
    assert (n.status, n.version, n.round) == ("received", 2, 2)
    assert [(s.round, s.level, s.decision, s.organisation_id, s.approver_id) for s in ApprovalStep.objects.order_by("id")] == [
        (1, 0, "return", deciders[0][1].pk, deciders[0][0].pk),
        *[(2, i, "agree", org.pk, person.pk) for i, (person, org) in enumerate(deciders)],
    ]

    # Received (已报送) in the office's list.
    office = browsers("organiser")
    office.goto(f"{url}/nominations/c/{campaign.code}/office/")
    expect(office.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(office.get_by_text("已报送 1", exact=True)).to_be_visible()

    # The paper, downloaded from the nomination's page.
    office.get_by_role("link", name=title, exact=True).click()
    expect(office.get_by_role("heading", name=title, exact=True)).to_be_visible()
    if category.form.get("filler_label"):  # the page shows the form as paper does
        expect(office.locator(".paper").get_by_text(f"{category.form['filler_label']}：{n.recommender.name}")).to_be_visible()
    docx_path = download(office, "申报表 DOCX", tmp_path)
    pdf_path = download(office, "申报表 PDF", tmp_path)
    check_docx(docx_path.read_bytes(), category=category, n=n, values=values, files=files, opinions=opinions, deciders=deciders)
    check_pdf(pdf_path, category=category, opinions=opinions, levels=levels, name=f"{campaign.code}-{code}")
    return n


def check_docx(content, *, category, n, values, files, opinions, deciders):
    paragraphs, rows, doc = docx_read(content)
    pairs = label_values(rows)
    form = category.form
    number = f"（{form['number_label']}：{n.rank}）" if form.get("number_label") else ""
    assert paragraphs[0] == form["title"] + number
    if form.get("filler_label"):
        assert paragraphs[1] == f"{form['filler_label']}：{n.recommender.name}"
    missing = []
    for field in form["fields"]:
        key, label, kind = field["key"], field["label"], field["type"]
        if field.get("row"):  # in the table: the value sits in the cell right after its label
            if kind == "photo":  # the picture itself (counted below); a photo beside other fields replaces its label
                beside = any(g is not field and g.get("row") == field["row"] for g in form["fields"])
                if not beside and label not in pairs:
                    missing.append(label)
                continue
            want = (
                shown(field, values[key])
                if kind not in FILE_TYPES
                else f"共 {len(files[key])} 个（另附电子版）：{'、'.join(files[key])}"
            )
            if want not in pairs.get(label, []):
                missing.append(f"{label}：{want}")
        else:  # sent with the form (随表报送): after the table
            if kind in FILE_TYPES:
                line = f"{label}：共 {len(files[key])} 个（另附电子版）：{'、'.join(files[key])}"
                if line not in paragraphs:
                    missing.append(line)
            elif label not in paragraphs or paragraphs[paragraphs.index(label) + 1] != shown(field, values[key]):
                missing.append(f"{label}：{shown(field, values[key])}")
    assert missing == []
    photos = [f for f in form["fields"] if f["type"] == "photo" and f.get("row")]
    assert len(doc.inline_shapes) == len(photos)

    cells = [c.text for r in rows for c in r]
    boxes = [(i, lv) for i, lv in enumerate(approval.levels(category)) if lv.get("on_form", True)]
    for i, level in boxes:
        box = next(c for c in cells if opinions[i] in c)
        assert box.split("\n")[-2:] == [f"{deciders[i][1].name}（盖章）", today_zh()]
        assert level["title"] in cells
    text = "\n".join(paragraphs + cells)
    for i, level in enumerate(approval.levels(category)):
        if not level.get("on_form", True):
            assert opinions[i] not in text
    assert RETURN_OPINION not in text
    assert text.count("（盖章）") == len(boxes)


def check_pdf(path, *, category, opinions, levels, name):
    fonts = pdf_fonts(path)
    names = {font for font, _ in fonts}
    assert {"Noto-Serif-SC", "Noto-Sans-SC-Bold"} <= names
    assert all(font.startswith("Noto-") for font in names)
    assert all(embedded == "yes" for _, embedded in fonts)
    flat = "".join(pdf_text(path).split())
    assert category.form["title"] in flat
    on_form = [i for i, lv in enumerate(levels) if lv.get("on_form", True)]
    assert opinions[on_form[0]] in flat
    png, img = rasterise(path, path.parent / "page", dpi=60)
    keep(png, name)
    assert dark_share(img, 0.06, 0.12) > 0.01  # the title line is drawn in the top band
