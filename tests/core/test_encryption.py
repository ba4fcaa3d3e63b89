"""Personal data encrypted at rest, found by blind index."""

import base64
import os

import pytest
from django.core.management import call_command
from django.db import connection

from candidates.models import Candidate, Document
from candidates.selectors import candidate_find_by_email, candidate_find_by_phone
from candidates.services import candidate_create, candidate_update, document_create, document_read
from core import crypto
from core.crypto import DecryptionError
from jobs.models import Contact
from jobs.services import client_create, contact_create

EMAIL = "Li.Na@Example.com"
PHONE = "138 0013 8000"


@pytest.fixture
def candidate(db):
    return candidate_create(
        actor=None,
        full_name="李娜",
        email=EMAIL,
        phone=PHONE,
        current_compensation="CNY 600k",
        id_number="110101199003074514",
    )


def raw_row(candidate) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM candidates_candidate WHERE id = %s", [candidate.pk])
        columns = [c.name for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_raw_sql_shows_no_plaintext_email_phone_or_identity(candidate):
    row = raw_row(candidate)
    dump = b"".join(bytes(v) if isinstance(v, memoryview) else str(v).encode() for v in row.values())
    for secret in (b"li.na@example.com", b"Li.Na", b"13800138000", b"+8613800138000", b"600k", b"110101199003074514"):
        assert secret not in dump
    assert bytes(row["email"])[0] == crypto.current_version()


def test_values_read_back_decrypted_and_normalised(candidate):
    fresh = Candidate.objects.get(pk=candidate.pk)
    assert (fresh.email, fresh.phone, fresh.current_compensation) == ("li.na@example.com", "+8613800138000", "CNY 600k")


@pytest.mark.parametrize("spelling", ["li.na@example.com", "LI.NA@EXAMPLE.COM", "  Li.Na@example.COM "])
def test_lookup_by_email_works_through_the_blind_index_whatever_its_case(candidate, spelling):
    assert list(candidate_find_by_email(spelling)) == [candidate]


def test_lookup_by_phone_works_in_any_local_or_international_spelling(candidate):
    for spelling in ("13800138000", "+86 138-0013-8000", "+8613800138000"):
        assert list(candidate_find_by_phone(spelling)) == [candidate]
    assert not candidate_find_by_phone("13800138001").exists()


def test_filtering_an_encrypted_column_with_plaintext_is_refused(candidate):
    with pytest.raises(TypeError, match="encrypted"):
        list(Candidate.objects.filter(email="li.na@example.com"))


def test_a_value_copied_into_another_rows_column_fails_to_decrypt(candidate):
    other = candidate_create(actor=None, full_name="Other Person", email="other@example.com")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE candidates_candidate SET email = (SELECT email FROM candidates_candidate WHERE id = %s) "
            "WHERE id = %s",
            [candidate.pk, other.pk],
        )
    with pytest.raises(DecryptionError):
        Candidate.objects.get(pk=other.pk).email  # noqa: B018


def test_a_value_copied_into_another_column_of_the_same_row_fails_to_decrypt(candidate):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE candidates_candidate SET address = email WHERE id = %s", [candidate.pk])
    fresh = Candidate.objects.get(pk=candidate.pk)
    assert fresh.email == "li.na@example.com"
    with pytest.raises(DecryptionError):
        fresh.address  # noqa: B018


def test_a_deferred_encrypted_field_loads_and_decrypts_on_first_read(candidate):
    fresh = Candidate.objects.only("full_name").get(pk=candidate.pk)
    assert fresh.email == "li.na@example.com"


def test_clearing_a_field_stores_null_and_drops_its_index(candidate):
    candidate_update(candidate=candidate, actor=None, phone="")
    row = raw_row(candidate)
    assert row["phone"] is None and row["phone_index"] is None
    assert not candidate_find_by_phone(PHONE).exists()


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_rotate_field_keys_interrupted_and_resumed_leaves_every_row_readable_with_the_new_key_alone(
    settings, tmp_path, db
):
    settings.MEDIA_ROOT = tmp_path
    old_ring = dict(settings.FIELD_ENCRYPTION_KEYS)
    people = [
        candidate_create(actor=None, full_name=f"Person {i}", email=f"p{i}@example.com", phone=f"1380013800{i}")
        for i in range(5)
    ]
    document = document_create(
        candidate=people[0],
        actor=None,
        filename="cv.pdf",
        content=b"%PDF-1.4 resume",
        content_type="application/pdf",
        text="resume text",
    )
    contact = contact_create(
        client=client_create(actor=None, name="Acme"), actor=None, full_name="Ann", email="ann@acme.example"
    )

    new_version = max(old_ring) + 1
    settings.FIELD_ENCRYPTION_KEYS = {**old_ring, new_version: base64.b64decode(new_key())}

    # First run: interrupted after one batch of two rows.
    call_command("rotate_field_keys", batch_size=2, max_batches=1)
    versions = [crypto.key_version(raw_row(p)["email"]) for p in people]
    assert versions.count(new_version) == 2

    # Second run: a crash in the middle of a batch rolls that batch back.
    from core.management.commands import rotate_field_keys as command_module

    calls = {"n": 0}
    real = command_module.reencrypt

    def crash_on_third(row, name):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(row, name)

    command_module.reencrypt = crash_on_third
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            call_command("rotate_field_keys", batch_size=2)
    finally:
        command_module.reencrypt = real

    # Resumed: finishes the rest.
    call_command("rotate_field_keys", batch_size=2)

    settings.FIELD_ENCRYPTION_KEYS = {new_version: settings.FIELD_ENCRYPTION_KEYS[new_version]}
    for person in people:
        fresh = Candidate.objects.get(pk=person.pk)
        assert fresh.email == person.email
        assert fresh.phone == person.phone
        assert crypto.key_version(raw_row(person)["email"]) == new_version
    fresh_document = Document.objects.get(pk=document.pk)
    assert fresh_document.text == "resume text"
    assert fresh_document.file_key_version == new_version
    assert document_read(document=fresh_document) == b"%PDF-1.4 resume"
    assert Contact.objects.get(pk=contact.pk).email == "ann@acme.example"
    # The blind index does not depend on the field keys: lookups still work.
    assert list(candidate_find_by_email("P3@example.com")) == [people[3]]


def test_a_value_under_a_removed_key_says_which_version_is_missing(candidate, settings):
    settings.FIELD_ENCRYPTION_KEYS = {9: base64.b64decode(new_key())}
    with pytest.raises(DecryptionError, match="key version 1 is not in FIELD_ENCRYPTION_KEYS"):
        Candidate.objects.get(pk=candidate.pk).email  # noqa: B018


def test_documents_are_stored_encrypted_on_disk(candidate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = document_create(
        candidate=candidate,
        actor=None,
        filename="简历.pdf",
        content=b"%PDF secret resume",
        content_type="application/pdf",
    )
    stored = (tmp_path / document.storage_name).read_bytes()
    assert b"secret resume" not in stored
    assert document_read(document=document) == b"%PDF secret resume"
    assert document.public_id.hex in document.storage_name.replace("-", "")
