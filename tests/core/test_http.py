"""core.http: the one copy of the page-or-region protocol every view uses, and
``Vary: HX-Request`` on every URL that answers both a page and a fragment."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core import http
from jobs.forms import ClientForm
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


def request(method: str = "get", **headers):
    made = getattr(RequestFactory(), method)("/somewhere/", **headers)
    SessionMiddleware(lambda r: HttpResponse()).process_request(made)
    MessageMiddleware(lambda r: HttpResponse()).process_request(made)
    http.HtmxMiddleware(lambda r: HttpResponse())(made)  # gives it request.htmx
    return made


# --- The helpers -------------------------------------------------------------------------


def test_htmx_asks_for_a_region_but_a_history_restore_asks_for_the_page():
    assert http.is_htmx(request(**HTMX))
    assert not http.is_htmx(request())
    assert not http.is_htmx(request(**HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"))


def test_done_redirects_a_form_post_and_client_redirects_htmx_with_the_message_kept():
    plain = request("post")
    response = http.done(plain, "/jobs/", "Saved.")
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    assert [str(m) for m in get_messages(plain)] == ["Saved."]

    htmx = request("post", **HTMX)
    response = http.done(htmx, "/jobs/", error="Refused.")
    assert response.status_code == 200 and response["HX-Redirect"] == "/jobs/"
    assert [(m.level_tag, str(m)) for m in get_messages(htmx)] == [("error", "Refused.")]


def test_done_in_place_redraws_the_region_for_htmx_and_redirects_a_form_post():
    def region(notice, error):
        return HttpResponse(f"region notice={notice} error={error}")

    htmx = request("post", **HTMX)
    response = http.done_in_place(htmx, "/jobs/1/", region, notice="Moved.")
    assert response.content == b"region notice=Moved. error="
    assert list(get_messages(htmx)) == []

    plain = request("post")
    response = http.done_in_place(plain, "/jobs/1/", region, error="Not moved.")
    assert (response.status_code, response["Location"]) == (302, "/jobs/1/")
    assert [(m.level_tag, str(m)) for m in get_messages(plain)] == [("error", "Not moved.")]


def test_done_in_place_gives_htmx_the_outcome_as_a_toast_event():
    def region(notice, error):
        return HttpResponse("region")

    htmx = request("post", **HTMX)
    response = http.done_in_place(htmx, "/jobs/1/", region, notice="Moved.", error="Not the email.")
    assert json.loads(response["HX-Trigger"]) == {
        "toast": {"messages": [{"text": "Moved.", "level": "success"}, {"text": "Not the email.", "level": "error"}]}
    }
    assert "HX-Trigger" not in http.done_in_place(request("post", **HTMX), "/jobs/1/", region)
    assert "HX-Trigger" not in http.done_in_place(request("post"), "/jobs/1/", region, notice="Moved.")


def test_a_services_refusal_lands_on_the_named_field_or_on_the_form():
    form = ClientForm(data={"name": "Acme"})
    assert form.is_valid()
    error = ValidationError({"name": "Taken.", "no_such_field": "Elsewhere."})
    assert http.save_form(form, lambda: (_ for _ in ()).throw(error)) is None
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Elsewhere."]

    form = ClientForm(data={"name": "Acme"})
    form.is_valid()
    assert http.save_form(form, lambda: "saved") == "saved"
    assert not form.errors
    http.form_errors(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]
    assert http.error_text(ValidationError(["One.", "Two."])) == "One. Two."


def test_vary_is_sent_only_where_the_view_asked_whether_htmx_called():
    def asks(req):
        return HttpResponse("fragment" if http.is_htmx(req) else "page")

    def ignores(req):
        return HttpResponse("page")

    asked = http.HtmxMiddleware(asks)(RequestFactory().get("/", **HTMX))
    assert asked.content == b"fragment"
    assert "HX-Request" in asked["Vary"] and "HX-History-Restore-Request" in asked["Vary"]
    assert not http.HtmxMiddleware(ignores)(RequestFactory().get("/")).has_header("Vary")


# --- Every page with regions sends Vary -------------------------------------------------


@pytest.fixture
def world(admin_user, recruiter):
    job = factories.job(recruiter=recruiter)
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Zhang Wei"))
    return {"job": job, "application": application, "candidate": application.candidate}


PAGES = {
    "home": lambda w: reverse("home"),
    "candidate list": lambda w: reverse("candidates:candidate-list") + "?q=zhang",
    "duplicate warning": lambda w: reverse("candidates:candidate-duplicates") + "?full_name=Zhang+Wei",
    "candidate duplicates": lambda w: reverse("candidates:candidate-duplicate-list", args=[w["candidate"].public_id]),
    "job list": lambda w: reverse("jobs:job-list"),
    "client list": lambda w: reverse("jobs:client-list"),
    "job form": lambda w: reverse("jobs:job-create"),
    "board": lambda w: reverse("interviews:board", args=[w["job"].public_id]),
    "board add search": lambda w: reverse("interviews:board-add-search", args=[w["job"].public_id]) + "?q=zhang",
    "card actions": lambda w: reverse("interviews:application-actions", args=[w["application"].public_id]),
    "debrief": lambda w: reverse("interviews:debrief", args=[w["application"].public_id, w["application"].stage_id]),
    "job stages": lambda w: reverse("interviews:job-stages", args=[w["job"].public_id]),
    "schedule": lambda w: reverse("interviews:interview-schedule", args=[w["application"].public_id]),
    "question bank": lambda w: reverse("interviews:question-list"),
    "email template form": lambda w: reverse("messaging:template-create"),
}


@pytest.mark.parametrize("name", PAGES)
def test_every_url_answering_a_page_and_a_fragment_varies_on_hx_request(client, admin_user, world, name):
    client.force_login(admin_user)
    url = PAGES[name](world)
    page = client.get(url)
    fragment = client.get(url, **HTMX)
    assert page.status_code == fragment.status_code == 200
    assert page.content != fragment.content and b"<html" not in fragment.content
    for response in (page, fragment):
        assert "HX-Request" in response.get("Vary", ""), name


# --- client_address ---------------------------------------------------------------------


def sent(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert http.client_address(sent("203.0.113.7")) == "203.0.113.7"
    assert http.client_address(sent("203.0.113.7", "192.0.2.1")) == "203.0.113.7"


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert http.client_address(sent("10.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # Whatever the client wrote itself stays to the left of what the proxy appended.
    assert http.client_address(sent("10.0.0.1", "192.0.2.1, 192.0.2.2,203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_the_entry_the_outer_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert http.client_address(sent("10.0.0.2", "203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    assert http.client_address(sent("10.0.0.2", "192.0.2.1, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    assert http.client_address(sent("10.0.0.2", " 192.0.2.9 ,, 203.0.113.7 , 10.0.0.1 ")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", "10.0.0.1", " , "])
def test_behind_two_proxies_a_header_too_short_to_hold_the_client_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    assert http.client_address(sent("10.0.0.2", forwarded)) == "10.0.0.2"


def test_without_a_peer_address_there_is_no_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    made = RequestFactory().get("/")
    made.META.pop("REMOTE_ADDR")
    assert http.client_address(made) is None
