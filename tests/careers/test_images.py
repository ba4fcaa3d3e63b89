"""Logos and photos are checked like uploads: by their bytes, re-encoded."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from careers.images import image_check
from tests.careers import site_factories as make


def refused(content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        image_check(content)
    return caught.value.code


def test_png_jpeg_and_webp_are_accepted_with_their_size():
    assert image_check(make.png_bytes(40, 30)).content_type == "image/png"
    checked = image_check(make.jpeg_bytes(50, 20))
    assert (checked.content_type, checked.width, checked.height) == ("image/jpeg", 50, 20)
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "WEBP")
    assert image_check(out.getvalue()).content_type == "image/webp"


def test_an_html_file_renamed_png_is_refused():
    assert refused(b"<html><script>alert(1)</script></html>") == "not_image"


def test_an_svg_is_refused():
    assert refused(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') == "not_image"


def test_a_gif_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    assert refused(out.getvalue()) == "not_image"


def test_a_png_zip_polyglot_is_re_encoded_without_the_zip():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("evil.html", "<script>alert(1)</script>")
    polyglot = make.png_bytes() + archive.getvalue()
    checked = image_check(polyglot)
    assert b"evil.html" not in checked.content
    assert b"PK\x03\x04" not in checked.content


def test_html_appended_to_a_jpeg_is_dropped():
    checked = image_check(make.jpeg_bytes() + b"<script>alert(1)</script>")
    assert b"<script>" not in checked.content


def test_exif_metadata_such_as_gps_is_stripped():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS
    exif[0x010F] = "SecretCam"
    checked = image_check(make.jpeg_bytes(exif=exif.tobytes()))
    assert b"SecretCam" not in checked.content
    assert not Image.open(io.BytesIO(checked.content)).getexif()


def test_an_image_over_five_megabytes_is_refused():
    assert refused(make.png_bytes() + b"\0" * (5 * 1024 * 1024)) == "too_large"


def test_an_image_over_4000_pixels_a_side_is_refused():
    assert refused(make.png_bytes(4001, 10)) == "too_many_pixels"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # A tiny PNG whose header claims 60000 × 60000 pixels: refused from the header.
    png = make.png_bytes(1, 1)
    header = b"IHDR" + struct.pack(">II", 60000, 60000) + png[24:29]
    bomb = png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]
    assert len(bomb) < 1000
    assert refused(bomb) == "too_many_pixels"


def test_a_truncated_image_is_refused():
    assert refused(make.png_bytes()[:60]) == "broken"


def test_each_refusal_is_said_in_the_users_language():
    from django.utils import translation

    with pytest.raises(ValidationError) as caught:
        image_check(b"<html>")
    with translation.override("zh-hans"):
        assert caught.value.messages[0] == "这个文件不是 PNG、JPEG 或 WebP 图片。"
