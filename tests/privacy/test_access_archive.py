"""An access request's archive: everything about the person (every field
decrypted, their rows, their documents) and nothing of anyone else, even a
person with the same name at the same company on the same job; downloadable
once, by its handler, audited; the file gone after the download."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from candidates.models import Consent
from candidates.services import candidate_update, document_create, note_create
from candidates.services.consents import consent_record
from core.models import AuditEvent
from interviews.services import scorecard_submit
from interviews.services.scoring import scorecard_criteria
from messaging.services import email_queue, outbox
from privacy.models import AccessArchive, PrivacyRequest
from privacy.services.requests import access_archive_build, access_archive_download, privacy_request_record
from tests import factories


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


def _person(tag: str, *, job, recruiter, interviewer, other_hint: str):
    """A Wang Fang at Acme Robotics on ``job``, each of whose values carries ``tag``."""
    candidate = factories.candidate(
        full_name="Wang Fang",
        company="Acme Robotics",
        headline="Robotics engineer",
        email=f"wang.{tag}@example.test",
        phone="+8613800138000" if tag == "alpha" else "+8613900139000",
        address=f"{tag}street 1, Shanghai",
        id_number=f"ID-{tag}-42",
    )
    candidate_update(candidate=candidate, actor=recruiter, expected_compensation=f"{tag}pay 600000")
    document_create(
        candidate=candidate,
        actor=recruiter,
        filename=f"cv-{tag}.pdf",
        content=f"%PDF-1.4 {tag}resumeword".encode(),
        content_type="application/pdf",
        text=f"Wang Fang {tag}resumeword",
    )
    note_create(candidate=candidate, author=recruiter, body=f"{tag}note: {other_hint}")
    consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.STAFF,
        method=Consent.Method.PHONE,
        evidence=f"{tag}evidence by phone",
        actor=recruiter,
    )
    application = factories.application(job_=job, candidate_=candidate)
    interview = factories.interview(application_=application, panel=[interviewer])
    scorecard_submit(
        interview=interview,
        interviewer=interviewer,
        ratings={criterion.pk: (3, f"{tag}rating") for criterion in scorecard_criteria(interview=interview)},
        recommendation="yes",
        summary=f"{tag}summary",
    )
    email_queue(
        to=candidate.email,
        idempotency_key=f"test:{tag}",
        language="en",
        subject=f"{tag}subject",
        body_text=f"{tag}body",
        candidate_ref=candidate.public_id,
    )
    return candidate, application


@pytest.fixture
def two(db, recruiter, interviewer):
    job = factories.job(recruiter=recruiter, title="Robotics Engineer")
    alpha = _person(
        "alpha", job=job, recruiter=recruiter, interviewer=interviewer, other_hint="not the other Wang Fang at Acme"
    )
    bravo = _person(
        "bravo", job=job, recruiter=recruiter, interviewer=interviewer, other_hint="same name as another applicant"
    )
    return alpha, bravo


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _build_and_download(candidate, actor) -> tuple[dict, dict[str, bytes]]:
    request = privacy_request_record(candidate=candidate, kind=PrivacyRequest.Kind.ACCESS, details="", actor=actor)
    access_archive_build(request=request, actor=actor)
    _name, content = access_archive_download(request=request, actor=actor)
    members = _members(content)
    return json.loads(members["person.json"]), members


def test_the_archive_holds_every_field_row_and_document_of_the_person(two, recruiter):
    (alpha, application), _bravo = two
    data, members = _build_and_download(alpha, recruiter)

    person = data["candidate"]
    assert person["full_name"] == "Wang Fang" and person["company"] == "Acme Robotics"
    assert person["email"] == "wang.alpha@example.test"  # decrypted
    assert person["phone"] == "+8613800138000"
    assert person["address"] == "alphastreet 1, Shanghai" and person["id_number"] == "ID-alpha-42"
    assert person["expected_compensation"] == "alphapay 600000"
    assert "email_index" not in person and "search_vector" not in person
    assert [c["evidence"] for c in data["consents"]] == ["alphaevidence by phone"]
    [app] = data["applications"]
    assert app["public_id"] == str(application.public_id) and app["job"] == "Robotics Engineer"
    assert app["stage_history"] and app["stage_history"][0]["to_stage_name"]
    [interview] = app["interviews"]
    [scorecard] = interview["scorecards"]
    assert scorecard["summary"] == "alphasummary"
    assert {rating["note"] for rating in scorecard["ratings"]} == {"alpharating"}
    assert [note["body"] for note in data["notes"]] == ["alphanote: not the other Wang Fang at Acme"]
    assert [email["subject"] for email in data["emails"]] == ["alphasubject"]
    assert data["emails"][0]["to_address"] == "wang.alpha@example.test"
    assert [r["kind"] for r in data["requests"]] == ["access"]
    [document] = data["documents"]
    assert document["text"] == "Wang Fang alpharesumeword"
    [document_member] = [name for name in members if name.startswith("documents/")]
    assert document_member.endswith("cv-alpha.pdf")
    assert members[document_member] == b"%PDF-1.4 alpharesumeword"  # decrypted bytes


def test_the_archive_of_one_of_two_similar_people_holds_nothing_of_the_other(two, recruiter):
    (alpha, _application), (bravo, bravo_application) = two
    _data, members = _build_and_download(alpha, recruiter)
    everything = b"\n".join(members.values())
    for canary in (
        b"bravo",
        b"+8613900139000",
        str(bravo.public_id).encode(),
        str(bravo_application.public_id).encode(),
    ):
        assert canary not in everything, canary
    # And the other way round: the other person's archive holds nothing of the first.
    _data, members = _build_and_download(bravo, recruiter)
    everything = b"\n".join(members.values())
    assert b"alpha" not in everything and str(alpha.public_id).encode() not in everything


def test_the_download_works_once_for_its_handler_is_audited_and_deletes_the_file(
    two, recruiter, admin_user, django_capture_on_commit_callbacks
):
    (alpha, _application), _bravo = two
    request = privacy_request_record(candidate=alpha, kind=PrivacyRequest.Kind.ACCESS, details="", actor=recruiter)
    archive = access_archive_build(request=request, actor=recruiter)
    stored = archive.storage_name
    assert default_storage.exists(stored)
    assert b"alpha" not in default_storage.open(stored).read()  # stored encrypted

    with pytest.raises(ValidationError, match="Only the person handling"):
        access_archive_download(request=request, actor=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        name, content = access_archive_download(request=request, actor=recruiter)
    assert name.endswith(".zip") and "person.json" in _members(content)
    assert not default_storage.exists(stored)
    assert not AccessArchive.objects.filter(pk=archive.pk).exists()
    with pytest.raises(ValidationError, match="only once"):
        access_archive_download(request=request, actor=recruiter)
    with pytest.raises(ValidationError, match="already downloaded"):
        access_archive_build(request=request, actor=recruiter)

    downloads = AuditEvent.objects.filter(action="privacy.privacy_request.download")
    assert downloads.count() == 1 and downloads.get().actor == recruiter
    request.refresh_from_db()
    assert request.archive_downloaded_by == recruiter and request.archive_downloaded_at


def test_the_download_page_gives_the_zip_once_then_says_it_is_gone(client, two, recruiter):
    (alpha, _application), _bravo = two
    request = privacy_request_record(candidate=alpha, kind=PrivacyRequest.Kind.ACCESS, details="", actor=recruiter)
    client.force_login(recruiter)
    build = reverse("privacy:request-archive-build", args=[request.public_id])
    download = reverse("privacy:request-archive-download", args=[request.public_id])
    detail = reverse("privacy:request-detail", args=[request.public_id])
    assert client.post(build).status_code == 302
    assert 'data-testid="archive-download"' in client.get(detail).content.decode()

    first = client.post(download)
    assert first.status_code == 200 and first["Content-Type"] == "application/zip"
    assert first["Cache-Control"] == "private, no-store" and "attachment" in first["Content-Disposition"]
    assert "person.json" in _members(first.content)

    second = client.post(download, follow=True)
    assert second.redirect_chain[-1][0] == detail
    assert "can be downloaded only once" in second.content.decode()
    assert AuditEvent.objects.filter(action="privacy.privacy_request.download").count() == 1


def test_a_get_never_uses_up_the_download(client, two, recruiter):
    (alpha, _application), _bravo = two
    request = privacy_request_record(candidate=alpha, kind=PrivacyRequest.Kind.ACCESS, details="", actor=recruiter)
    access_archive_build(request=request, actor=recruiter)
    client.force_login(recruiter)
    download = reverse("privacy:request-archive-download", args=[request.public_id])
    assert client.get(download).status_code == 405
    assert AccessArchive.objects.filter(request=request).exists()


def test_documents_too_large_for_one_archive_are_refused(two, recruiter, settings):
    (alpha, _application), _bravo = two
    settings.PRIVACY_ARCHIVE_MAX_BYTES = 10
    request = privacy_request_record(candidate=alpha, kind=PrivacyRequest.Kind.ACCESS, details="", actor=recruiter)
    with pytest.raises(ValidationError, match="too large"):
        access_archive_build(request=request, actor=recruiter)
    assert not AccessArchive.objects.exists()
