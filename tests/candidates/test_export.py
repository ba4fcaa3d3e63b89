"""Export of the candidate list to CSV and XLSX: the current search and filters,
only the columns the role may see, audited without values."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from django.urls import reverse

from accounts import roles
from accounts.roles import Role
from candidates.spreadsheets import read_sheet
from core.models import AuditEvent
from tests import factories

CONTACT_HEADERS = {"Email", "Phone", "Address", "IM handle", "ID number", "Birth date"}
COMPENSATION_HEADERS = {"Current compensation", "Expected compensation"}


@pytest.fixture
def people(recruiter):
    return [
        factories.candidate(
            full_name="张伟",
            email="zhang.wei@example.test",
            phone="13800138000",
            headline="后端工程师",
            tags=["python", "senior"],
            current_compensation="40k",
            owner=recruiter,
        ),
        factories.candidate(full_name="Ann Lee", email="ann@example.test", tags=["java"], location="Berlin"),
    ]


def export(client, fmt="csv", **params):
    return client.get(reverse("candidates:candidate-export", args=[fmt]), params)


def table(response) -> list[dict[str, str]]:
    sheet = read_sheet(response.content)
    return [dict(zip(sheet.headers, cells, strict=False)) for _line, cells in sheet.rows]


def test_a_recruiter_exports_every_visible_column_as_csv_with_a_bom(client, recruiter, people):
    client.force_login(recruiter)
    response = export(client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = {row["Name"]: row for row in table(response)}
    zhang = rows["张伟"]
    assert zhang["ID"] == str(people[0].public_id)
    assert (zhang["Email"], zhang["Phone"], zhang["Title"]) == (
        "zhang.wei@example.test",
        "+8613800138000",
        "后端工程师",
    )
    assert (zhang["Tags"], zhang["Owner"], zhang["Current compensation"]) == ("python, senior", recruiter.email, "40k")
    assert set(rows) == {"张伟", "Ann Lee"}


def test_the_xlsx_export_holds_the_same_rows(client, coordinator, people):
    client.force_login(coordinator)
    response = export(client, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert {row["Name"]: row["Email"] for row in table(response)} == {
        "张伟": "zhang.wei@example.test",
        "Ann Lee": "ann@example.test",
    }


def test_the_export_follows_the_lists_search_and_filters(client, recruiter, people):
    client.force_login(recruiter)
    assert [row["Name"] for row in table(export(client, q="zhang"))] == ["张伟"]
    assert [row["Name"] for row in table(export(client, tags="java"))] == ["Ann Lee"]
    assert [row["Name"] for row in table(export(client, location="Berlin", sort="name"))] == ["Ann Lee"]


def test_a_role_that_may_not_see_contact_details_or_pay_gets_no_such_columns(client, coordinator, people, monkeypatch):
    rules = dataclasses.replace(roles.ROLE_RULES[Role.COORDINATOR], contact_details=False, compensation=False)
    monkeypatch.setitem(roles.ROLE_RULES, Role.COORDINATOR, rules)
    client.force_login(coordinator)
    for fmt in ("csv", "xlsx"):
        response = export(client, fmt)
        assert response.status_code == 200
        headers = set(read_sheet(response.content).headers)
        assert not headers & (CONTACT_HEADERS | COMPENSATION_HEADERS)
        assert {"ID", "Name", "Title", "Tags"} <= headers
        assert b"zhang.wei" not in response.content and b"40k" not in response.content


def test_compensation_is_left_out_for_a_role_that_sees_contact_details_only(client, coordinator, people, monkeypatch):
    rules = dataclasses.replace(roles.ROLE_RULES[Role.COORDINATOR], compensation=False)
    monkeypatch.setitem(roles.ROLE_RULES, Role.COORDINATOR, rules)
    client.force_login(coordinator)
    headers = set(read_sheet(export(client).content).headers)
    assert headers >= CONTACT_HEADERS and not headers & COMPENSATION_HEADERS


def test_an_export_is_an_audit_event_with_the_count_and_filters_but_no_values(client, recruiter, people):
    client.force_login(recruiter)
    export(client, "xlsx", q="zhang.wei@example.test", tags="python")
    event = AuditEvent.objects.get(action="candidates.candidate.export")
    assert event.actor == recruiter
    assert event.data["format"] == "xlsx" and event.data["count"] == 1
    assert event.data["filters"] == {"tags": "python"} and event.data["search"] is True
    assert {"id", "full_name", "email", "phone"} <= set(event.data["columns"])
    assert "zhang.wei" not in json.dumps(event.data)


@pytest.mark.parametrize("role", ["reviewer", "hiring_manager", "interviewer"])
def test_a_role_without_import_export_gets_403_and_nothing_is_audited(client, personas, people, role):
    client.force_login(personas[role])
    assert export(client).status_code == 403
    assert export(client, "xlsx").status_code == 403
    assert not AuditEvent.objects.filter(action="candidates.candidate.export").exists()


def test_an_unknown_format_is_404_and_a_post_is_405(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/candidates/export.pdf").status_code == 404
    assert client.post(reverse("candidates:candidate-export", args=["csv"])).status_code == 405


def test_bad_filters_redirect_back_to_the_list_with_an_error_and_export_nothing(client, recruiter, people):
    client.force_login(recruiter)
    url = reverse("candidates:candidate-export", args=["csv"])
    response = client.get(url, {"created_from": "2026-02-01", "created_to": "2026-01-01"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was exported" in response.content.decode()
    assert not AuditEvent.objects.filter(action="candidates.candidate.export").exists()


def test_a_formula_in_a_name_is_exported_harmless(client, recruiter):
    factories.candidate(full_name='=HYPERLINK("http://evil.test")', email="")
    client.force_login(recruiter)
    response = export(client)
    raw = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert raw[1][1] == '\'=HYPERLINK("http://evil.test")'
    assert table(response)[0]["Name"] == '=HYPERLINK("http://evil.test")'


def test_the_export_reads_a_fixed_number_of_queries_per_page(client, recruiter, django_assert_num_queries):
    for n in range(40):
        factories.candidate(full_name=f"Q {n}", tags=["x"], owner=recruiter)
    client.force_login(recruiter)
    # session, user, the search form's choices (jobs, clients, sources, owners are lazy: none),
    # one page of candidates with owner and source, their tags, the audit row (and its savepoint).
    with django_assert_num_queries(7):
        assert export(client).status_code == 200
