"""An offer's terms: the currencies offered, and the checks every version's
terms pass, whoever writes them (the form, admin, a test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offers.models import OfferVersion

# ISO 4217 codes, with the name a recruiter reads.
CURRENCIES = {
    "CNY": gettext_lazy("Chinese yuan"),
    "HKD": gettext_lazy("Hong Kong dollar"),
    "USD": gettext_lazy("US dollar"),
    "EUR": gettext_lazy("Euro"),
    "GBP": gettext_lazy("Pound sterling"),
    "SGD": gettext_lazy("Singapore dollar"),
    "JPY": gettext_lazy("Japanese yen"),
    "TWD": gettext_lazy("New Taiwan dollar"),
    "AUD": gettext_lazy("Australian dollar"),
    "CAD": gettext_lazy("Canadian dollar"),
}
MAX_SALARY = Decimal("1000000000")
PERIODS_PER_YEAR = range(1, 25)

# Every field of a version that a change is looked for in: the money, and
# the terms anyone on the offer reads. The internal note is a term too: a
# decided version is never edited, whatever changed.
TERM_FIELDS = (
    "base_salary",
    "currency",
    "pay_period",
    "periods_per_year",
    "bonus",
    "equity",
    "other_terms",
    "start_date",
    "work_location",
    "expires_on",
    "note",
)


def currency_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} · {name}") for code, name in CURRENCIES.items()]


def terms_clean(terms: dict[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """The terms as stored (every TERM_FIELDS key; the salary as text with two
    decimals), or ValidationError with an error per field: a salary above
    zero, a known currency and pay period, 1–24 pay periods a year, a start
    date after today and an expiry date not in the past (and not after the
    start)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    salary = terms.get("base_salary")
    try:
        amount = Decimal(str(salary).replace(",", "").strip()) if salary not in (None, "") else None
    except InvalidOperation:
        amount = None
        errors["base_salary"] = _("Enter the base salary as a number, e.g. 450000.")
    if amount is None and "base_salary" not in errors:
        errors["base_salary"] = _("Enter the base salary.")
    elif amount is not None and (not amount.is_finite() or amount <= 0 or amount >= MAX_SALARY):
        errors["base_salary"] = _("The base salary must be above zero.")
    currency = str(terms.get("currency") or "").upper()
    if currency not in CURRENCIES:
        errors["currency"] = _("Choose a currency from the list.")
    pay_period = terms.get("pay_period") or ""
    if pay_period not in OfferVersion.PayPeriod.values:
        errors["pay_period"] = _("Choose a pay period.")
    periods = terms.get("periods_per_year")
    if not isinstance(periods, int) or periods not in PERIODS_PER_YEAR:
        errors["periods_per_year"] = _("Pay periods a year must be between 1 and 24.")
    start = terms.get("start_date")
    if start is None:
        errors["start_date"] = _("Enter the start date.")
    elif start <= today:
        errors["start_date"] = _("The start date must be after today.")
    expires = terms.get("expires_on")
    if expires is None:
        errors["expires_on"] = _("Enter the date the offer expires.")
    elif expires < today:
        errors["expires_on"] = _("The offer cannot expire in the past.")
    elif start is not None and expires > start:
        errors["expires_on"] = _("The offer must expire on or before the start date.")
    if errors:
        raise ValidationError(errors)
    return {
        "base_salary": str(amount.quantize(Decimal("0.01"))),
        "currency": currency,
        "pay_period": pay_period,
        "periods_per_year": periods,
        "bonus": str(terms.get("bonus") or "").strip(),
        "equity": str(terms.get("equity") or "").strip(),
        "other_terms": str(terms.get("other_terms") or "").strip(),
        "start_date": start,
        "work_location": str(terms.get("work_location") or "").strip()[:200],
        "expires_on": expires,
        "note": str(terms.get("note") or "").strip(),
    }


def version_terms(version: OfferVersion) -> dict[str, Any]:
    """A version's terms as terms_clean returns them, for comparing (an
    empty encrypted term reads back as None, stored as "")."""
    values = {name: getattr(version, name) for name in TERM_FIELDS}
    for name in ("bonus", "equity", "other_terms", "work_location", "note"):
        values[name] = values[name] or ""
    return values


def terms_changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The TERM_FIELDS whose values differ, in form order."""
    return [name for name in TERM_FIELDS if old.get(name) != new.get(name)]
