"""SITE_URL is required in production: `check --deploy` fails without it; the admin sees it on the settings page;
every generator of printed links and QR codes uses it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pingxuan.awards import certificates
from pingxuan.core.siteurl import is_loopback, site_url
from pingxuan.publicity import printing
from pingxuan.stars import cards

ROOT = Path(__file__).resolve().parents[3]


def run_check(tmp_path, *args, **extra):
    env = {
        **os.environ,
        "SECRET_KEY": "k" * 64 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "pingxuan.example.gov.cn",
        "PINGXUAN_VAR": str(tmp_path),
        "DEBUG": "false",
        **extra,
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"):
        if name not in extra:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_fails_without_site_url(tmp_path):
    result = run_check(tmp_path, "--deploy", PINGXUAN_PRODUCTION="true")
    assert result.returncode == 1
    assert "pingxuan.E001" in result.stderr and "SITE_URL 未设置" in result.stderr
    # Development without it is fine: links follow the request's host.
    assert run_check(tmp_path).returncode == 0


def test_check_refuses_a_site_url_without_scheme(tmp_path):
    result = run_check(tmp_path, SITE_URL="pingxuan.example.gov.cn")
    assert result.returncode == 1 and "pingxuan.E002" in result.stderr


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost", True),
        ("http://[::1]:8000", True),
        ("http://127.0.1.1", True),
        ("http://192.168.1.5:8000", False),
        ("https://pingxuan.example.gov.cn", False),
    ],
)
def test_loopback_addresses(url, loopback):
    assert is_loopback(url) is loopback


def test_every_link_generator_uses_site_url(settings):
    settings.SITE_URL = "https://pingxuan.example.gov.cn/"
    assert site_url() == "https://pingxuan.example.gov.cn"

    class Obj:
        pk = 7
        token = "T" * 32
        code = "shiyan-2011"

    assert printing.objection_url(Obj) == "https://pingxuan.example.gov.cn/objections/7/new/"
    assert printing.public_url(Obj) == "https://pingxuan.example.gov.cn/publicity/7/"
    assert certificates.verify_url(Obj) == "https://pingxuan.example.gov.cn/verify/" + "T" * 32 + "/"
    assert cards.window_url(Obj, Obj) == "https://pingxuan.example.gov.cn/stars/shiyan-2011/w/7/"


@pytest.mark.django_db
def test_admin_settings_page_shows_the_public_address(client, admin_user, make_user, settings):
    from pingxuan.orgs.services import create_org

    settings.SITE_URL = ""
    client.force_login(admin_user)
    page = client.get("/settings/").content.decode()
    assert "未设置（开发模式：跟随访问地址，现为 http://testserver）" in page
    settings.SITE_URL = "https://pingxuan.example.gov.cn"
    page = client.get("/settings/").content.decode()
    assert '<td class="text-break">https://pingxuan.example.gov.cn</td>' in page
    assert "系统设置" in client.get("/").content.decode()
    org = create_org(user=admin_user, code="jm", name="荆门市", kind="leading_group")
    client.force_login(make_user(org, "organiser", by=admin_user))
    assert client.get("/settings/").status_code == 404
