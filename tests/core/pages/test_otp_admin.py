"""The TOTP device admin: config and QR code of an existing device for a superuser, 404 for an id that does not exist."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_device_views_answer_404_for_a_missing_device_and_work_for_an_existing_one(admin_user, client):
    client.force_login(admin_user)
    device = TOTPDevice.objects.create(user=admin_user, name="手机", confirmed=True)
    base = "/django-admin/otp_totp/totpdevice"
    for view in ("config", "qrcode"):
        assert client.get(f"{base}/{device.pk + 1000}/{view}/").status_code == 404
    config = client.get(f"{base}/{device.pk}/config/")
    assert config.status_code == 200 and device.config_url.replace("&", "&amp;") in config.content.decode()
    qr = client.get(f"{base}/{device.pk}/qrcode/")
    assert (qr.status_code, qr["Content-Type"]) == (200, "image/svg+xml") and qr.content.startswith(b"<?xml")
