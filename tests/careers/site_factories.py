"""Careers sites and postings made with the services, for the site's tests."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from careers.services import site as services
from jobs.models import Job
from jobs.services import client_create
from tests import factories

_seq = itertools.count(1)


def brand(*, client=None, published: bool = True, **fields):
    n = next(_seq)
    client = client or client_create(actor=None, name=f"Acme Robotics {n}", website="https://acme.example")
    fields.setdefault("slug", f"acme-{n}")
    fields.setdefault("display_name", client.name)
    made = services.brand_create(actor=None, client=client, **fields)
    if published:
        made = services.brand_publish(brand=made, actor=None)
    return made


def posting(*, brand_, job_=None, published: bool = True, title="Robot Whisperer", **fields):
    job_ = job_ or factories.job(client=brand_.client, title=title, status=Job.Status.OPEN)
    fields.setdefault("description", "We build **robots**.\n\n- Python\n- Rust")
    fields.setdefault("location", "Shanghai")
    made = services.posting_create(job=job_, actor=None, title=title, **fields)
    if published:
        made = services.posting_publish(posting=made, actor=None)
    return made


def png_bytes(width: int = 40, height: int = 30, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 40, height: int = 30, exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (10, 120, 30))
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()
