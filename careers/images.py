"""Logos and photos for the careers site, checked like every upload.

The type is decided from the bytes (PNG, JPEG or WebP only), never from the
name; Pillow opens the image with a pixel ceiling against decompression
bombs; the image is then re-encoded, which drops its metadata (EXIF, GPS)
and anything appended after the image data (a polyglot's second file).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
# Pillow refuses anything larger before decoding it (a decompression bomb).
MAX_PIXELS = MAX_SIDE * MAX_SIDE

PNG, JPEG, WEBP = "image/png", "image/jpeg", "image/webp"
FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}

REASONS = {
    "too_large": _("The image is larger than 5 MB."),
    "not_image": _("This file is not a PNG, JPEG or WebP image."),
    "broken": _("This image cannot be read."),
    "too_many_pixels": _("The image is larger than 4000 × 4000 pixels."),
    "empty": _("The file is empty."),
}


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    content_type: str
    width: int
    height: int


def refusal(code: str) -> ValidationError:
    return ValidationError(REASONS[code], code=code)


def sniff(content: bytes) -> str | None:
    """The image type the bytes begin with, or None."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    return None


def image_check(content: bytes) -> CheckedImage:
    """``content`` checked and re-encoded in its own format. Raises
    ValidationError whose code is a key of REASONS."""
    if not content:
        raise refusal("empty")
    if len(content) > MAX_BYTES:
        raise refusal("too_large")
    content_type = sniff(content)
    if content_type is None:
        raise refusal("not_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[FORMATS[content_type]])
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise refusal("too_many_pixels")
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refusal("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise refusal("broken") from None
    out = io.BytesIO()
    if content_type == JPEG:
        image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif content_type == WEBP:
        image.save(out, "WEBP", quality=88)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return CheckedImage(content=out.getvalue(), content_type=content_type, width=width, height=height)
