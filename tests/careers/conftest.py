"""Fixtures of the application form's tests: a published site and posting of
an in-house job and of an agency job, and a poster that gets past the traps."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from careers.models import Brand, Posting, Question
from core.antispam import started_value
from jobs.services import client_create
from tests import factories
from tests.factories import files

_seq = itertools.count(1)


def site(*, internal: bool, name: str, display: str = "", display_zh: str = "", anonymous: bool = False) -> Brand:
    client = client_create(actor=None, name=name, is_internal=internal)
    n = next(_seq)
    return Brand.objects.create(
        client=client,
        slug=f"site-{n}",
        display_name=display or name,
        display_name_zh_hans=display_zh,
        is_anonymous=anonymous,
        is_published=True,
    )


def posting_for(brand: Brand, *, title: str = "Backend Engineer", title_zh: str = "后端工程师") -> Posting:
    job = factories.job(client=brand.client, title=title)
    return Posting.objects.create(
        job=job,
        brand=brand,
        title=title,
        title_zh_hans=title_zh,
        description="Build things.",
        published_at=timezone.now(),
    )


@pytest.fixture
def brand(db):
    return site(internal=True, name="Acme In-house", display_zh="艾克米")


@pytest.fixture
def posting(brand):
    return posting_for(brand)


@pytest.fixture
def agency_posting(db):
    brand = site(
        internal=False,
        name="Secret Fintech Ltd",
        display="A listed fintech company in Shanghai",
        display_zh="上海一家上市金融科技公司",
        anonymous=True,
    )
    return posting_for(brand, title="Data Engineer", title_zh="数据工程师")


def question(posting: Posting, kind: str, label: str, **fields) -> Question:
    fields.setdefault("order", posting.questions.count())
    return Question.objects.create(posting=posting, kind=kind, label=label, **fields)


def apply_url(posting: Posting, query: str = "") -> str:
    url = reverse("careers:apply", args=[posting.brand.slug, posting.public_id])
    return f"{url}?{query}" if query else url


def resume(content: bytes | None = None, name: str = "resume.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else files.pdf_en(), "application/pdf")


def form_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "full_name": "Lena Park",
        "email": f"lena{n}@example.test",
        "phone": f"+86 138 0013 {n % 10000:04d}",
        "resume": resume(),
        "consent_processing": "on",
        "started": started_value(time.time() - 30),
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def random_address() -> str:
    # Redis keeps counts between tests: each post comes from an address of its own.
    return "10." + ".".join(str(random.randint(1, 254)) for _ in range(3))


def post(client, posting: Posting, query: str = "", *, address: str = "", headers=None, **overrides):
    return client.post(
        apply_url(posting, query), form_data(**overrides), REMOTE_ADDR=address or random_address(), headers=headers
    )


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """The rate limits are the subject of their own tests only."""
    settings.CAREERS_APPLY_LIMIT_PER_IP = 10_000
    settings.CAREERS_APPLY_LIMIT_PER_EMAIL = 10_000
