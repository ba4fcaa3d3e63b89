"""Bulk upload in a real browser: resumes dropped on the drop zone are posted
with the form, and the progress region polls until every file is done, then
stops and offers the report."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from candidates.models import BulkUpload
from candidates.tasks import bulk_upload_item_process_task
from tests.candidates.test_bulk_upload import ANNA, resume_docx, resume_pdf
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

DROP = """([names, contents]) => {
  const transfer = new DataTransfer();
  names.forEach((name, n) => {
    const bytes = Uint8Array.from(atob(contents[n]), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name));
  });
  return transfer;
}"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_dropped_resumes_are_uploaded_and_the_page_follows_them_until_done(page, recruiter, monkeypatch, screenshot):
    handed = []
    monkeypatch.setattr(bulk_upload_item_process_task, "apply_async", lambda args, **kw: handed.append(args[0]))
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto("/candidates/")
    page.get_by_test_id("bulk-upload-link").click()

    files = {"anna.pdf": resume_pdf(*ANNA), "bo.docx": resume_docx("Bo Li", "bo.li@example.test")}
    transfer = page.evaluate_handle(
        DROP, [list(files), [base64.b64encode(content).decode() for content in files.values()]]
    )
    page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": transfer})
    expect(page.locator("[data-drop-summary]")).to_contain_text("2 files chosen")
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page.get_by_test_id("bulk-status")).to_have_text("processing")
    upload = BulkUpload.objects.get()
    assert sorted(handed) == sorted(upload.items.values_list("pk", flat=True))
    for item_id in handed:
        bulk_upload_item_process_task(item_id)
    # The region polls every 2 seconds and stops once every file is done.
    expect(page.get_by_test_id("bulk-status")).to_have_text("done", timeout=10_000)
    expect(page.get_by_test_id("count-created")).to_have_text("2")
    expect(page.get_by_role("link", name="Anna Weber")).to_be_visible()
    expect(page.get_by_test_id("bulk-report")).to_be_visible()
    assert "hx-trigger" not in page.get_by_test_id("bulk-progress").evaluate("node => node.outerHTML")
    screenshot(page, "done")
    assert page.csp_violations == []
