"""The traps of public forms: a field people never see, and a signed start time."""

from __future__ import annotations

import time

import pytest
from django import forms

from core.antispam import MIN_FILL_SECONDS, TrapForm, started_value


class NameForm(TrapForm):
    name = forms.CharField()


def test_a_person_who_took_their_time_passes():
    form = NameForm(data={"name": "Li Lei", "started": started_value(time.time() - MIN_FILL_SECONDS - 1)})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"website": "http://spam.test"}, "trap"),
        ({"started": "forged"}, "trap"),
        ({"started": ""}, "trap"),
        ({"started": 0}, "too_fast"),
        ({"started": 2 * 24 * 3600}, "expired"),
    ],
)
def test_a_tripped_trap_refuses_the_form_with_its_reason(data, code):
    data = {"name": "Li Lei", "started": started_value(time.time() - 60), **data}
    if isinstance(data["started"], int):  # seconds ago, taken when the test runs
        data["started"] = started_value(time.time() - data["started"])
    form = NameForm(data=data)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["__all__"]] == [code]


def test_an_unbound_form_carries_a_fresh_start_time():
    assert NameForm().initial["started"]
