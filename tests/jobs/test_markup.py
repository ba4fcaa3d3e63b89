"""The client and job pages hold no inline script or style (CSP)."""

from __future__ import annotations

from django.urls import reverse

from tests.core.test_pages import INLINE
from tests.jobs.conftest import htmx


def test_client_and_job_pages_hold_no_inline_script_or_style(client, recruiter, acme_contact, acme_job):
    client.force_login(recruiter)
    acme = acme_contact.client
    urls = [
        reverse("jobs:client-list"),
        reverse("jobs:client-detail", args=[acme.public_id]),
        reverse("jobs:client-create"),
        reverse("jobs:client-edit", args=[acme.public_id]),
        reverse("jobs:job-list"),
        reverse("jobs:job-detail", args=[acme_job.public_id]),
        reverse("jobs:job-create"),
        reverse("jobs:job-edit", args=[acme_job.public_id]),
    ]
    pages = [client.get(url).content.decode() for url in urls]
    pages += [client.get(url, **htmx()).content.decode() for url in urls]
    for url, html in zip(urls + urls, pages, strict=True):
        for pattern in INLINE:
            assert not pattern.search(html), (url, pattern.pattern)
