"""The fixtures every area uses, built by tests/world.py through the same service functions users trigger."""

import os
import shutil
from pathlib import Path

import pytest

from tests import world

CI = os.environ.get("CI") == "true"
ROOT = Path(__file__).resolve().parents[1]
# Browser tests run the live server in a thread beside Playwright's loop, and render with the bundled fonts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
if (ROOT / "var" / "fonts" / "fonts.conf").exists():
    os.environ.setdefault("FONTCONFIG_FILE", str(ROOT / "var" / "fonts" / "fonts.conf"))
CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture(autouse=True)
def _media_and_sms(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    settings.SITE_URL = "http://testserver"  # the public address, as production requires one (tests/web/pages/test_site_url.py)
    settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("RedisCache"):
        # Each parallel test worker gets its own Redis database, so one worker's cache.clear() cannot wipe another's
        # rate-limit counters.
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
        base, db = default["LOCATION"].rsplit("/", 1)
        first = int(db) if db.isdigit() else 15
        settings.CACHES = {"default": {**default, "LOCATION": f"{base}/{first - worker}"}}
    from django.core.cache import cache

    from pingxuan.voting.services import forget_local_states

    cache.clear()
    forget_local_states()  # the process's own copies of what the cache held


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "Admin-pass-2026")


@pytest.fixture
def make_user(db):
    """make(org, role, *, by, username=None, campaign=None, password=…): a person with one role over an organisation,
    made through the people service (tests/world.py `person`); without a username one is numbered by role."""
    counter = {"n": 0}

    def make(org, role, *, by, username=None, campaign=None, password=world.PASSWORD):
        counter["n"] += 1
        return world.person(org, role, by=by, username=username or f"{role}{counter['n']}", campaign=campaign, password=password)

    return make


@pytest.fixture
def tree(admin_user):
    """A small organisation tree: 荆门市 → {东宝区 → 东宝区税务局 → 办税窗口, 掇刀区} (tests/world.py `org_tree`)."""
    return world.org_tree(admin_user)


@pytest.fixture
def changzhou(admin_user):
    """常州 2015 with the nomination phase open today (tests/world.py `seed_changzhou`). tests/publicity has its own."""
    return world.seed_changzhou(admin_user)


@pytest.fixture
def hebei(admin_user):
    """河北 2012 with the nomination phase open today (tests/world.py `seed_hebei`). tests/publicity has its own."""
    return world.seed_hebei(admin_user)


@pytest.fixture
def client_for():
    """client_for(user=None) → an API client signed in as that person (anonymous without one)."""
    return world.api_client


@pytest.fixture
def api(client_for):
    """api(user) → an API client signed in as that person."""
    return client_for


@pytest.fixture
def browsers(browser, live_server, browser_context_args):
    """browsers(username) → that user's signed-in page, one browser context per user, closed at the end."""
    pages = world.Browsers(browser, live_server, browser_context_args)
    yield pages
    pages.close()


def _browser_available():
    return Path(CHROMIUM).exists() or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not _browser_available():
        if CI:
            pytest.fail("Chromium is missing: browser tests are required under CI.")
        pytest.skip("Chromium is not installed (make test installs it).")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--font-render-hinting=none",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}
