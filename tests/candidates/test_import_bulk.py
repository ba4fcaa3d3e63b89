"""The import's batch writes: a chunk of rows is written in a fixed
number of queries, searchable as it lands, with the same guarantees as row by
row: dedupe against existing candidates and within the file, a refused row
leaving nothing, tags, sources, owners, timeline and audit rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import search
from candidates.models import Activity, Candidate, ImportJob, Source, Tag
from candidates.selectors import candidate_search
from candidates.services import candidate_create
from candidates.services import spreadsheets as services
from core import crypto
from core.models import AuditEvent
from tests import factories

HEADERS = ["Name", "Email", "Phone", "Title", "Company", "Tags", "Source", "Owner"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run(actor, rows, *, policy: str = "update") -> ImportJob:
    job = services.import_job_create(actor=actor, filename="a.csv", content=csv_bytes(rows), duplicate_policy=policy)
    services.import_job_start(job=job, actor=actor)
    return services.import_job_run(job=services.import_job_claim(job_id=job.pk))


def row(n: int, owner, *, tag: str | None = None, source: str | None = None, **cells) -> list[str]:
    values = {
        "name": f"Bulk Person {n}",
        "email": f"bulk{n}@example.test",
        "phone": f"+86 139 {n:04d} 0000",
        "title": "Engineer",
        "company": "Acme",
        "tags": tag or f"t{n}, shared",
        "source": source or f"Source {n}",
        "owner": owner.email,
    } | cells
    return list(values.values())


def test_a_chunk_is_written_in_the_same_number_of_queries_whatever_its_size(recruiter, coordinator, monkeypatch):
    counts = {}
    for size in (10, 200):
        monkeypatch.setattr(services, "CHUNK_SIZE", size)
        # Every row has its own tag and source; owners alternate; the row
        # that duplicates an existing candidate is skipped.
        start = {10: 1000, 200: 3000}[size]
        rows = [row(start + n, coordinator if n % 2 else recruiter) for n in range(size)]
        factories.candidate(full_name="Old", email=f"bulk{start}@example.test")
        job = services.import_job_create(
            actor=recruiter, filename="a.csv", content=csv_bytes(rows), duplicate_policy="skip"
        )
        services.import_job_start(job=job, actor=recruiter)
        job = services.import_job_claim(job_id=job.pk)
        with CaptureQueriesContext(connection) as queries:
            job = services.import_job_run(job=job)
        assert (job.created, job.skipped, job.failed) == (size - 1, 1, 0)
        counts[size] = len(queries)
    assert counts[10] == counts[200], counts
    # The owners (once per import). The chunk, 17: its savepoint; the dedupe
    # lookup; sources (insert, select); two savepoints; tags (insert, select);
    # candidates; tag links; activities; audit events; two releases; the job's
    # counters (lock, update); release. Then 6: done, reload, the creator and
    # the finish audit event, in a savepoint.
    assert counts[200] == 24, counts


def test_imported_rows_are_found_by_the_real_search_with_the_document_refresh_would_build(client, recruiter):
    rows = [
        row(1, recruiter, tag="Python, 机器学习", name="张伟", title="数据工程师", company="某公司"),
        row(2, recruiter, tag="zeta, Alpha, beta", name="Ada Quill", title="Staff Engineer", company="Quillworks"),
    ]
    job = run(recruiter, rows)
    assert (job.created, job.failed) == (2, 0)

    for query, name in (("zhangwei", "张伟"), ("机器学习", "张伟"), ("quillworks", "Ada Quill"), ("beta", "Ada Quill")):
        assert [c.full_name for c in candidate_search(recruiter, query=query).results] == [name], query
    client.force_login(recruiter)
    assert "Ada Quill" in client.get(reverse("candidates:candidate-list"), {"q": "alpha quill"}).content.decode()
    # Exactly the document search.refresh builds from the saved rows.
    for candidate in Candidate.objects.filter(full_name__in=["张伟", "Ada Quill"]):
        written = (candidate.search_vector, candidate.search_names)
        search.refresh(candidate.pk)
        candidate.refresh_from_db()
        assert written == (candidate.search_vector, candidate.search_names)


def test_tags_sources_owners_timeline_and_audit_are_written_for_every_row(recruiter, coordinator):
    Source.objects.create(name="Source 1")
    Tag.objects.create(name="shared")
    job = run(recruiter, [row(n, coordinator if n == 2 else recruiter) for n in range(1, 4)])
    assert job.created == 3
    two = Candidate.objects.get(email_index=crypto.email_index("bulk2@example.test"))
    assert (two.owner, two.source.name, two.phone) == (coordinator, "Source 2", "+8613900020000")
    assert sorted(two.tags.values_list("name", flat=True)) == ["shared", "t2"]
    assert Source.objects.filter(name__startswith="Source ").count() == 3
    assert Tag.objects.filter(name="shared").count() == 1
    for candidate in Candidate.objects.all():
        assert Activity.objects.filter(candidate=candidate, kind="created", actor=recruiter).count() == 1
        event = AuditEvent.objects.get(action="candidates.candidate.create", target_id=str(candidate.public_id))
        assert event.actor == recruiter and event.data["fields"] == ["company", "email", "headline", "phone", "source"]


@pytest.mark.parametrize(("policy", "created", "updated", "skipped"), [("update", 3, 3, 0), ("skip", 3, 0, 3)])
def test_duplicates_within_a_chunk_and_across_chunks_are_found(
    recruiter, monkeypatch, policy, created, updated, skipped
):
    monkeypatch.setattr(services, "CHUNK_SIZE", 4)
    rows = [
        row(1, recruiter),
        row(2, recruiter),
        row(1, recruiter, name="Same email, same chunk", phone=""),
        row(3, recruiter),
        row(9, recruiter, name="Same phone, next chunk", email="", phone="+86 139 0002 0000", title="CTO"),
        row(3, recruiter, name="Same email and phone, next chunk", title="CTO"),
    ]
    job = run(recruiter, rows, policy=policy)
    assert (job.created, job.updated, job.skipped, job.failed) == (created, updated, skipped, 0)
    assert Candidate.objects.count() == 3
    two = Candidate.objects.get(email_index=crypto.email_index("bulk2@example.test"))
    assert two.headline == ("CTO" if policy == "update" else "Engineer")


def test_a_refused_row_in_the_middle_of_a_chunk_leaves_nothing_and_the_rest_of_the_chunk_is_written(recruiter, refuse):
    rows = [row(n, recruiter) for n in range(1, 6)]
    rows[2] = row(3, recruiter, name="Boom", tag="only-boom", source="Only Boom")
    rows.append(row(1, recruiter, name="Bulk Person 1 again", title="Lead"))  # a duplicate of a row written
    job = run(recruiter, rows)

    assert (job.processed, job.created, job.updated, job.failed) == (6, 4, 1, 1)
    assert job.errors == [{"line": 4, "column": "", "message": "The row could not be saved."}]
    assert not Candidate.objects.filter(full_name="Boom").exists()
    assert Candidate.objects.count() == 4
    assert Candidate.objects.get(email_index=crypto.email_index("bulk1@example.test")).headline == "Lead"
    assert not Candidate.objects.filter(tags__name="only-boom").exists()
    assert Activity.objects.filter(kind="created").count() == 4
    assert AuditEvent.objects.filter(action="candidates.candidate.create").count() == 4
    assert all(candidate.search_vector for candidate in Candidate.objects.all())


def test_an_imported_candidates_timeline_and_audit_rows_equal_those_candidate_create_writes(recruiter, coordinator):
    job = run(recruiter, [row(1, coordinator, tag="a, b", source="LinkedIn")])
    assert job.created == 1
    imported = Candidate.objects.get(email_index=crypto.email_index("bulk1@example.test"))
    made = candidate_create(
        actor=recruiter,
        full_name="Bulk Person 1",
        email="bulk2@example.test",
        phone="+86 139 0002 0000",
        headline="Engineer",
        company="Acme",
        tags=["a", "b"],
        source=Source.objects.get(name="LinkedIn"),
        owner=coordinator,
    )

    def columns(row, *own: str) -> dict:
        return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in {"id", *own}}

    activities = [Activity.objects.get(candidate=candidate, kind="created") for candidate in (imported, made)]
    assert columns(activities[0], "candidate", "occurred_at") == columns(activities[1], "candidate", "occurred_at")
    events = [
        AuditEvent.objects.get(action="candidates.candidate.create", target_id=str(candidate.public_id))
        for candidate in (imported, made)
    ]
    assert columns(events[0], "target_id", "created_at") == columns(events[1], "target_id", "created_at")
    assert events[0].actor_id == recruiter.pk and events[0].data == {
        "fields": ["company", "email", "headline", "phone", "source"]
    }
