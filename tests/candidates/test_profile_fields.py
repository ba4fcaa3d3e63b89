"""The profile shows everything the candidate form takes, labelled, with
money in the reader's way of writing it and long addresses free to wrap."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.forms_edit import CandidateForm
from tests import factories


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(
        full_name="Lena Park",
        headline="Staff Engineer",
        company="Acme",
        location="Shanghai",
        skills="Python, Kubernetes",
        language="zh-hans",
        time_zone="Asia/Shanghai",
        email="lena.park.with.a.very.long.address@example-international.com",
        phone="+8613912345678",
        address="1 Nanjing Road",
        im_handle="lena_wx",
        id_number="310101199001011234",
        birth_date="1990-01-01",
        current_compensation="600000",
        expected_compensation="CNY 750k",
        owner=recruiter,
        tags=["python"],
    )


def profile(client, user, candidate, language="en"):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client.get(reverse("candidates:candidate-detail", args=[candidate.public_id])).text


def test_every_field_of_the_form_is_on_the_profile_with_its_label(client, recruiter, candidate):
    page = profile(client, recruiter, candidate)
    form = CandidateForm(user=recruiter, candidate=candidate)
    for name, field in form.fields.items():
        if name != "full_name":  # the page's title
            assert f"<dt>{field.label}</dt>" in page, name
    assert 'data-testid="candidate-name">Lena Park<' in page
    for shown in ("Staff Engineer", "Acme", "Python, Kubernetes", "Asia/Shanghai", "310101199001011234", "1990-01-01"):
        assert shown in page
    assert "简体中文" in page or "Chinese" in page


def test_money_reads_with_currency_and_grouping_in_english(client, recruiter, candidate):
    page = profile(client, recruiter, candidate)
    assert re.search(r'data-testid="current-compensation">¥600,000<', page)
    assert re.search(r'data-testid="expected-compensation">¥750,000<', page)


def test_money_reads_in_wan_in_chinese(client, recruiter, candidate):
    page = profile(client, recruiter, candidate, language="zh-hans")
    assert re.search(r'data-testid="current-compensation">¥60万<', page)
    assert re.search(r'data-testid="expected-compensation">¥75万<', page)


def test_an_email_may_wrap_anywhere_but_labels_are_never_marked_to_break(client, recruiter, candidate):
    page = profile(client, recruiter, candidate)
    assert re.search(r'<dd class="wrap-anywhere" data-testid="email">', page)
    assert "text-break" not in page  # Bootstrap's class, which also breaks words
    assert '<dl class="facts' in page


def test_a_role_without_compensation_sees_no_money(client, interviewer, candidate):
    application = factories.application(candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    page = profile(client, interviewer, candidate)
    assert "¥" not in page and "Kubernetes" in page
