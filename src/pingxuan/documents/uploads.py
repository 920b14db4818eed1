"""Checks on uploaded files: what a file really is (by content, not name), its size and pixel dimensions."""

from __future__ import annotations

import threading
import warnings
from typing import TYPE_CHECKING

from PIL import Image, ImageFile

from pingxuan.core.errors import ServiceError

if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import IO, Any

FORMAT_LABELS = {"JPEG": "JPG", "PNG": "PNG", "PDF": "PDF", "EXE": "可执行程序", "ZIP": "ZIP 压缩包"}
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def sniff(head: bytes) -> str:
    """The real type of a file from its first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "EXE"
    return "UNKNOWN"


def read_head(upload: IO[bytes] | Any, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


_STRICT = threading.Lock()


def _load_strictly(img):
    """Decode every pixel, refusing a truncated file even when another library (WeasyPrint does, on import) has
    switched Pillow's process-wide LOAD_TRUNCATED_IMAGES on."""
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            img.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def check_image(
    upload: Any,
    *,
    label: str,
    formats: Collection[str],
    max_bytes: int,
    min_bytes: int = 0,
    min_px: int | None = None,
    max_px: int | None = None,
    min_width: int | None = None,
    min_height: int | None = None,
) -> dict[str, Any]:
    """Refuse an image that is not what it says, too big or small, damaged, or a decompression bomb."""
    size = upload.size
    if not size:
        raise ServiceError(f"{label}“{upload.name}”是空文件。", field=label)
    kind = sniff(read_head(upload))
    allowed = "、".join(FORMAT_LABELS.get(f, f) for f in sorted(formats))
    if kind not in formats:
        raise ServiceError(
            f"{label}“{upload.name}”不是 {allowed} 图片（按文件内容识别为 {FORMAT_LABELS.get(kind, '其他类型')}）。", field=label
        )
    if size > max_bytes:
        raise ServiceError(
            f"{label}“{upload.name}”大小为 {size / 1024:.0f} KB，超过上限 {max_bytes / 1024:.0f} KB。", field=label
        )
    if size < min_bytes:
        raise ServiceError(
            f"{label}“{upload.name}”大小为 {size / 1024:.0f} KB，低于下限 {min_bytes / 1024:.0f} KB。", field=label
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise ServiceError(f"{label}“{upload.name}”像素过大（{width}×{height}），拒绝处理。", field=label)
                _load_strictly(img)
    except ServiceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ServiceError(f"{label}“{upload.name}”像素过大，疑似恶意文件，拒绝处理。", field=label) from exc
    except Exception as exc:
        raise ServiceError(f"{label}“{upload.name}”已损坏或不完整，无法读取。", field=label) from exc
    finally:
        upload.seek(0)
    if max_px and max(width, height) > max_px:
        raise ServiceError(f"{label}“{upload.name}”尺寸 {width}×{height} 像素，超过上限 {max_px} 像素。", field=label)
    if min_px and min(width, height) < min_px:
        raise ServiceError(f"{label}“{upload.name}”尺寸 {width}×{height} 像素，低于下限 {min_px} 像素。", field=label)
    if min_width and width < min_width:
        raise ServiceError(f"{label}“{upload.name}”宽 {width} 像素，至少需要 {min_width} 像素。", field=label)
    if min_height and height < min_height:
        raise ServiceError(f"{label}“{upload.name}”高 {height} 像素，至少需要 {min_height} 像素。", field=label)
    return {"format": kind, "width": width, "height": height, "size": size}
