"""``{{ placement.fee|fee_money:placement.currency }}``: a fee with its
currency, written as the reader's language writes money (core's ``money``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from core.templatetags.money import format_money

register = template.Library()


@register.filter
def fee_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_money(Decimal(amount), currency)
