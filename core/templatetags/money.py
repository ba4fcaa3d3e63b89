"""``{{ amount|money }}``: an amount with its currency and grouping, as the
reader's language writes salaries.

English groups by thousands (¥600,000); Chinese counts in 万 from ten
thousand up (¥60万, ¥65.5万). The amount may be a number or the text a
recruiter typed ("600000", "600,000 CNY", "¥60万", "USD 120k"); text that is
not one amount (a range, a sentence) is shown as typed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

register = template.Library()

# The currency of an amount typed without one.
DEFAULT_CURRENCY = "CNY"
SYMBOLS = {
    "CNY": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "JP¥",
    "HKD": "HK$",
    "SGD": "S$",
    "TWD": "NT$",
}
# What people type for a currency, before or after the amount.
_CURRENCY_WORDS = {
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
    "hkd": "HKD",
    "hk$": "HKD",
    "sgd": "SGD",
    "s$": "SGD",
    "twd": "TWD",
    "nt$": "TWD",
}
_MULTIPLIERS = {"": 1, "k": 1_000, "千": 1_000, "万": 10_000, "w": 10_000, "m": 1_000_000, "百万": 1_000_000}
_CURRENCY = r"(?P<{name}>us\$|hk\$|s\$|nt\$|[¥￥$€£]|rmb|cny|usd|eur|gbp|jpy|hkd|sgd|twd)"
_AMOUNT = re.compile(
    r"^\s*" + _CURRENCY.format(name="before") + r"?\s*"
    r"(?P<number>\d{1,3}(?:[,，\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>百万|万|千|k|w|m)?\s*"
    r"(?:" + _CURRENCY.format(name="after") + r"|元)?\s*$",
    re.IGNORECASE,
)


def parse_money(value: object) -> tuple[Decimal, str] | None:
    """(amount, ISO currency) of a number or a typed amount; None when it is not one amount."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)), DEFAULT_CURRENCY
    if not isinstance(value, str):
        return None
    match = _AMOUNT.match(value)
    if match is None:
        return None
    try:
        number = Decimal(re.sub(r"[,，\s]", "", match["number"]))
    except InvalidOperation:
        return None
    number *= _MULTIPLIERS[(match["unit"] or "").lower()]
    word = (match["before"] or match["after"] or ("元" if value.strip().endswith("元") else "")).lower()
    return number, _CURRENCY_WORDS.get(word, DEFAULT_CURRENCY)


def _plain(number: Decimal, places: int) -> str:
    """``number`` with at most ``places`` decimals, trailing zeros dropped."""
    text = f"{number.quantize(Decimal(1).scaleb(-places)):f}" if places else f"{number:.0f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """``amount`` in ``currency`` as ``language`` (the active one by default) writes it."""
    symbol = SYMBOLS.get(currency, f"{currency} ")
    language = (language or get_language() or "en").lower()
    if language.startswith("zh") and abs(amount) >= 10_000:
        return f"{symbol}{_plain(amount / 10_000, 2)}万"
    if amount == amount.to_integral_value():
        return f"{symbol}{amount:,.0f}"
    return f"{symbol}{amount:,.2f}"


@register.filter
def money(value: object) -> str:
    """A number or typed amount with its currency and grouping; other text unchanged."""
    if value in (None, ""):
        return ""
    parsed = parse_money(value)
    if parsed is None:
        return str(value)
    return format_money(*parsed)
