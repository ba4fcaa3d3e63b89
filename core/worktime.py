"""Working time: "next working morning" is 09:00 in the reader's time zone,
Monday to Friday."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKING_MORNING = time(9, 0)
WEEKEND = {5, 6}  # Saturday, Sunday (date.weekday())


def next_working_morning(moment: datetime, *, time_zone: str) -> datetime:
    """The first 09:00 on a weekday in ``time_zone`` that is not before
    ``moment``: a moment before 09:00 on a weekday gives that morning, any
    later one the next weekday's. Returned as an aware datetime in that zone."""
    zone = ZoneInfo(time_zone)
    local = moment.astimezone(zone)
    day = local.date()
    if local.time() > WORKING_MORNING:
        day += timedelta(days=1)
    while day.weekday() in WEEKEND:
        day += timedelta(days=1)
    return datetime.combine(day, WORKING_MORNING, tzinfo=zone)
