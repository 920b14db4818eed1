"""Screenshots for the docs, taken so that a busy machine does not fail a test over a picture.

Chromium sometimes answers "Unable to capture screenshot" when its compositor misses a frame under load (seen on a
2-core machine running the suite in parallel). The page is checked by the test's assertions, not by the picture, so a
miss is retried after a pause, and the last try takes the viewport only, which needs no re-layout of the whole page.
"""

from playwright.sync_api import Error

ATTEMPTS = 3


def screenshot(page, path, full_page=False):
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            return page.screenshot(path=str(path), full_page=full_page and not last)
        except Error as e:
            if "Unable to capture screenshot" not in str(e) or last:
                raise
            page.wait_for_timeout(500 * (attempt + 1))
