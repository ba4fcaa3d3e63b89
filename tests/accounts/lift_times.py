"""How a page shows the time a lock or limit lifts: the hour alone when it is
today in the reader's zone, the date and hour when it is tomorrow (tests run
at any hour, and Shanghai's midnight is 16:00 UTC)."""

from datetime import datetime

from django.utils import formats, timezone, translation


def lifts_today(lifts: datetime) -> bool:
    return timezone.localtime(lifts).date() == timezone.localtime().date()


def shown_time(lifts: datetime, language: str = "en") -> str:
    local = timezone.localtime(lifts)
    if lifts_today(lifts):
        return f"{local:%H:%M}"
    with translation.override(language):
        return formats.date_format(local, "SHORT_DATETIME_FORMAT")
