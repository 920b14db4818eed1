"""Backup and restore: every table row by row and every uploaded file byte for byte, the audit chain intact."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg(color, name):
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(buf, "JPEG", quality=90)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def filled(admin_user, settings):
    """A voting world, a draft with two photos (one replaced), votes from verified voters, the chain sealed."""
    from pingxuan.audit.services import seal_pending
    from pingxuan.nominations.services import create_nomination
    from pingxuan.nominations.uploads import add_attachment
    from pingxuan.voting import demo, otp, services

    world = demo.build(admin=admin_user, code="bk", candidates=3)
    draft = create_nomination(
        user=world["clerk"], category=world["categories"][0], unit=world["unit"], data={"unit_name": "户籍窗口", "intro": "简介"}
    )
    add_attachment(user=world["clerk"], nomination=draft, field_key="photo", upload=jpeg("red", "一.jpg"))
    add_attachment(user=world["clerk"], nomination=draft, field_key="photo", upload=jpeg("blue", "二.jpg"))
    for i, nom in enumerate(world["candidates"]["window"]):
        phone = f"1390000000{i}"
        otp.request_code(phone=phone, ip="10.0.0.1")
        code = Path(settings.SMS_LOG_FILE).read_text(encoding="utf-8").splitlines()[-1].split("验证码是 ")[1][:6]
        _voter, token = otp.verify_code(phone=phone, code=code, ip="10.0.0.1")
        services.cast_vote(token=token, nomination_id=nom.pk, ip="10.0.0.1", device=f"d{i}")
    seal_pending()
    return world


def snapshot():
    """Every row of every table (auto-created many-to-many tables included), in primary-key order."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            out[model._meta.label_lower] = list(model._base_manager.order_by("pk").values())
    return out


def media_files(root):
    root = Path(root)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_restore_into_an_empty_database_gives_back_every_row_and_file(filled, settings, tmp_path):
    from pingxuan.audit.models import AuditEvent
    from pingxuan.nominations.models import Attachment
    from pingxuan.voting.models import Vote

    before, files = snapshot(), media_files(settings.MEDIA_ROOT)
    events = AuditEvent.objects.count()
    assert len(files) == 2 and Attachment.objects.count() == 2 and Vote.objects.count() == 3 and events > 10
    tables = sum(1 for rows in before.values())
    rows = sum(len(r) for r in before.values())

    archive = tmp_path / "pingxuan.zip"
    assert run("backup", str(archive)) == f"已备份到 {archive}：{tables} 张表 {rows} 行，2 个上传文件。"

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database (content types made again)
    ContentType.objects.clear_cache()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert not any(snapshot()[label] for label in before if label not in ("contenttypes.contenttype", "auth.permission"))

    assert run("restore", str(archive)) == f"已恢复 {archive}：{tables} 张表 {rows} 行，2 个上传文件。"
    ContentType.objects.clear_cache()
    after = snapshot()
    for label, expected in before.items():
        assert after[label] == expected, label
    assert media_files(settings.MEDIA_ROOT) == files
    assert run("verify_audit") == f"审计链完整：已核验 {events} 个事件，0 个待封存。\n数据与审计链记录的摘要一致。"

    # the id sequences moved past the restored rows: new work gets fresh ids
    from pingxuan.orgs.models import User
    from pingxuan.orgs.services import create_org

    admin = User.objects.get(username="admin")
    org = create_org(user=admin, code="after-restore", name="恢复后新建", kind="office")
    assert org.pk > max(row["id"] for row in before["orgs.organisation"])
    assert run("verify_audit") == f"审计链完整：已核验 {events + 1} 个事件，0 个待封存。\n数据与审计链记录的摘要一致。"


def test_restore_refuses_a_database_that_holds_data(filled, settings, tmp_path):
    archive = tmp_path / "b.zip"
    run("backup", str(archive))
    before = snapshot()
    filled_tables = sum(
        1 for label, rows in before.items() if rows and label not in ("contenttypes.contenttype", "auth.permission")
    )
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    assert str(refused.value) == (
        f"目标数据库不是空的：{filled_tables} 张表已有数据（例如 core_onetimecode 有 3 行）。"
        "恢复只写入新建并已迁移、没有任何数据的数据库，不会覆盖或合并现有数据。"
    )
    assert snapshot() == before


def test_restore_refuses_a_damaged_archive_and_writes_nothing(filled, settings, tmp_path):
    archive, damaged = tmp_path / "b.zip", tmp_path / "damaged.zip"
    run("backup", str(archive))
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        name = None
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("media/") and name is None:
                data = data[:-1] + bytes([data[-1] ^ 1])
                name = item.filename
            dst.writestr(item, data)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged))
    assert str(refused.value) == f"校验和不符：{name} 已损坏或被改动。未写入任何数据。"
    assert not Path(settings.MEDIA_ROOT).exists()
    from pingxuan.orgs.models import Organisation

    assert Organisation.objects.count() == 0


def test_backup_never_overwrites_a_file(db, tmp_path):
    existing = tmp_path / "old.zip"
    existing.write_bytes(b"keep")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(existing))
    assert str(refused.value) == f"文件 {existing} 已存在：备份不会覆盖已有文件，请换一个文件名。"
    assert existing.read_bytes() == b"keep"
    shutil.rmtree(tmp_path, ignore_errors=True)
