"""Traps for forms anyone can post: a field people never see (bots fill it)
and a signed start time (a person takes more than a few seconds to fill a
form in; a script posting straight away does not)."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SALT = "core.antispam.started"
# Faster than this from showing the form to posting it is a script.
MIN_FILL_SECONDS = 3
# A form left open longer than this is stale: the person reloads it.
MAX_FILL_SECONDS = 24 * 3600


def started_value(now: float | None = None) -> str:
    """The signed time a form was shown, for its hidden ``started`` field."""
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


class TrapForm(forms.Form):
    """A form with the two traps. Subclass it; render ``website`` inside an
    element with the ``trap`` class (hidden from people, and from screen
    readers with aria-hidden) and ``started`` anywhere. A tripped trap is a
    non-field error with the code ``trap``, ``too_fast`` or ``expired``."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", started_value())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("We could not accept this form. Please try again."), code="trap")
        try:
            started = signing.loads(cleaned.get("started") or "", salt=SALT)
        except signing.BadSignature:
            raise ValidationError(_("We could not accept this form. Please try again."), code="trap") from None
        if not isinstance(started, int) or time.time() - started > MAX_FILL_SECONDS:
            raise ValidationError(_("This form was open too long. Reload the page and send it again."), code="expired")
        if time.time() - started < MIN_FILL_SECONDS:
            raise ValidationError(
                _("That was quicker than a person can fill the form in. Wait a moment and send it again."),
                code="too_fast",
            )
        return cleaned
