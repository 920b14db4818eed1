"""Every upload is checked for what it really is, its size, pixels and count; a refused one leaves nothing behind."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pingxuan.core.errors import ServiceError
from pingxuan.nominations import services as s
from pingxuan.nominations.models import Attachment
from pingxuan.nominations.uploads import add_attachment
from tests.nominations.conftest import jpeg
from tests.world import png


@pytest.fixture
def world(window_world):
    """The nominations area's window campaign (tests/nominations/conftest.py), not this folder's office world."""
    return window_world


@pytest.fixture
def draft(world):
    return s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "窗口"})


def refused(world, draft, field, upload, settings):
    with pytest.raises(ServiceError) as exc:
        add_attachment(user=world["clerk"], nomination=draft, field_key=field, upload=upload)
    assert not Attachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    return exc.value.message


def jpeg_bomb():
    """A real JPEG whose frame header claims 60000 × 60000 pixels."""
    data = bytearray(jpeg(64, 64).read())
    at = data.index(b"\xff\xc0") + 5
    data[at : at + 4] = struct.pack(">HH", 60000, 60000)
    return SimpleUploadedFile("bomb.jpg", bytes(data))


def png_bomb():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 50001 * 4)
    return SimpleUploadedFile(
        "bomb.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_renamed_executable(world, draft, settings):
    upload = SimpleUploadedFile("活动照片.jpg", b"MZ\x90\x00\x03" + b"\x00" * 5000)
    assert (
        refused(world, draft, "photos", upload, settings)
        == "活动照片“活动照片.jpg”不是 JPG 图片（按文件内容识别为 可执行程序）。"
    )


def test_truncated_jpeg(world, draft, settings):
    whole = jpeg(800, 600).read()
    upload = SimpleUploadedFile("截断.jpg", whole[: len(whole) // 2])
    assert refused(world, draft, "photos", upload, settings) == "活动照片“截断.jpg”已损坏或不完整，无法读取。"


def test_oversized_file(world, draft, settings):
    big = jpeg(3000, 2200, quality=100, name="大图.jpg")
    assert big.size > 2048 * 1024
    message = refused(world, draft, "photos", big, settings)
    assert message == f"活动照片“大图.jpg”大小为 {big.size / 1024:.0f} KB，超过上限 2048 KB。"


def test_jpeg_decompression_bomb(world, draft, settings):
    assert refused(world, draft, "photos", jpeg_bomb(), settings) == "活动照片“bomb.jpg”像素过大，疑似恶意文件，拒绝处理。"


def test_png_decompression_bomb(world, draft, settings):
    assert refused(world, draft, "portrait", png_bomb(), settings) == "2寸照片“bomb.png”像素过大，疑似恶意文件，拒绝处理。"


def test_zero_byte_file(world, draft, settings):
    upload = SimpleUploadedFile("空.jpg", b"")
    assert refused(world, draft, "photos", upload, settings) == "活动照片“空.jpg”是空文件。"


def test_png_where_jpeg_is_required(world, draft, settings):
    assert (
        refused(world, draft, "photos", png(name="图.jpg"), settings) == "活动照片“图.jpg”不是 JPG 图片（按文件内容识别为 PNG）。"
    )


def test_portrait_too_small(world, draft, settings):
    upload = jpeg(120, 160, name="小.jpg")
    assert refused(world, draft, "portrait", upload, settings) == "2寸照片“小.jpg”宽 120 像素，至少需要 200 像素。"


def test_too_many_and_too_few_photos(world, draft, settings):
    for i in range(5):
        add_attachment(user=world["clerk"], nomination=draft, field_key="photos", upload=jpeg(name=f"{i}.jpg"))
    with pytest.raises(ServiceError) as exc:
        add_attachment(user=world["clerk"], nomination=draft, field_key="photos", upload=jpeg(name="6.jpg"))
    assert exc.value.message == "“活动照片”最多 5 个，已上传 5 个。"
    assert Attachment.objects.filter(is_active=True).count() == 5
    from pingxuan.nominations.uploads import remove_attachment

    for attachment in list(Attachment.objects.filter(is_active=True))[:3]:
        remove_attachment(user=world["clerk"], attachment=attachment)
    assert s.submission_problems(draft)["photos"] == "“活动照片”至少需要 3 张，现有 2 张。"
    assert Attachment.objects.count() == 5


def test_same_content_is_stored_once_under_its_hash(world, draft):
    data = jpeg(name="a.jpg").read()
    a = add_attachment(user=world["clerk"], nomination=draft, field_key="photos", upload=SimpleUploadedFile("a.jpg", data))
    b = add_attachment(user=world["clerk"], nomination=draft, field_key="photos", upload=SimpleUploadedFile("b.jpg", data))
    assert a.file.name == b.file.name and a.file.name.endswith(".jpg")
    assert (a.original_name, b.original_name) == ("a.jpg", "b.jpg")
    with Image.open(io.BytesIO(a.file.read())) as img:
        assert img.size == (640, 480)


def test_truncated_jpeg_is_refused_after_a_pdf_was_rendered(world, draft, settings):
    """WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when imported; the upload check must not follow it."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    whole = jpeg(800, 600).read()
    upload = SimpleUploadedFile("截断.jpg", whole[: len(whole) // 2])
    assert refused(world, draft, "photos", upload, settings) == "活动照片“截断.jpg”已损坏或不完整，无法读取。"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
