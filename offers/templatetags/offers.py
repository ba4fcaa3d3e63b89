"""An offer version's base salary as the reader's language writes it, in
the version's own currency (core.templatetags.money: ¥450,000 / ¥45万)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from core.templatetags.money import format_money

register = template.Library()


@register.filter
def base_salary(version) -> str:
    """``{{ version|base_salary }}``; "" when the version has none."""
    try:
        return format_money(Decimal(str(version.base_salary)), version.currency)
    except (InvalidOperation, TypeError, AttributeError):
        return ""
