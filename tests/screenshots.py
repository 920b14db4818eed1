"""Screenshots for the docs, taken so that a busy machine does not fail a test over a picture.

Chromium sometimes answers "Unable to capture screenshot" when its compositor misses a frame under load (seen on a
2-core machine running the suite in parallel). The page is checked by the test's assertions, not by the picture, so a
miss is retried after a pause, and the last try takes the viewport only, which needs no re-layout of the whole page.
"""

import os
import tempfile
from pathlib import Path

from playwright.sync_api import Error

ATTEMPTS = 3
DOCS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
GUIDE_IMG = Path(__file__).resolve().parents[1] / "docs" / "guide" / "img"


def shots_dir(*parts, docs=DOCS):
    """Where a test's screenshots go: a temporary folder, or docs/screenshots/<parts> when `make screenshots` asks.

    Tests write only to temporary folders; the pictures in the docs are refreshed on purpose, never by a test run.
    """
    if os.environ.get("PINGXUAN_SCREENSHOTS") == "docs":
        folder = docs.joinpath(*parts)
    else:
        tmp = Path(os.environ.get("PINGXUAN_SCREENSHOTS_TMP") or tempfile.gettempdir(), "pingxuan-shots")
        folder = tmp.joinpath(docs.relative_to(DOCS.parent), *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, path, full_page=False):
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            return page.screenshot(path=str(path), full_page=full_page and not last)
        except Error as e:
            if "Unable to capture screenshot" not in str(e) or last:
                raise
            page.wait_for_timeout(500 * (attempt + 1))
