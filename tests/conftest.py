"""Shared fixtures. State is built through the same service functions users trigger."""

import os
import shutil
from pathlib import Path

import pytest

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
    """A person with one role over an organisation, made through the people service."""
    from pingxuan.orgs.services import create_user

    counter = {"n": 0}

    def make(org, role, *, by, username=None, campaign=None, password="Pass-word-2026"):
        from pingxuan.orgs.services import grant_role

        counter["n"] += 1
        name = username or f"{role}{counter['n']}"
        user = create_user(user=by, username=name, password=password, display_name=name, organisation=org)
        grant_role(user=by, person=user, organisation=org, role=role, campaign=campaign)
        return user

    return make


@pytest.fixture
def tree(admin_user):
    """A small organisation tree: 荆门市 → {东宝区 → 东宝区税务局 → 办税窗口, 掇刀区}."""
    from pingxuan.orgs.services import create_org

    root = create_org(user=admin_user, code="jm", name="荆门市", kind="leading_group", region="荆门市")
    dongbao = create_org(user=admin_user, parent=root, code="jm-db", name="东宝区", kind="recommending_unit", region="东宝区")
    tax = create_org(user=admin_user, parent=dongbao, code="jm-db-tax", name="东宝区税务局", kind="department", sector="税务")
    window = create_org(user=admin_user, parent=tax, code="jm-db-tax-w1", name="东宝区办税服务厅", kind="window", sector="税务")
    duodao = create_org(user=admin_user, parent=root, code="jm-dd", name="掇刀区", kind="recommending_unit", region="掇刀区")
    return {"root": root, "dongbao": dongbao, "tax": tax, "window": window, "duodao": duodao}


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
