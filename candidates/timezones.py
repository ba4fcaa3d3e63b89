"""A candidate's time zone: the list it is chosen from, grouped by region, and
the guess made from their phone number's country or their city when it is
not chosen. Reads only."""

from __future__ import annotations

import re
from functools import cache

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from phonenumbers import timezone as phone_time_zones

from accounts.models import known_time_zones

REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")

# Cities people write that the tz database names after another city (or in Chinese).
CITY_ZONES = {
    "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai",
    "hangzhou": "Asia/Shanghai",
    "chengdu": "Asia/Shanghai",
    "nanjing": "Asia/Shanghai",
    "suzhou": "Asia/Shanghai",
    "wuhan": "Asia/Shanghai",
    "xi'an": "Asia/Shanghai",
    "tianjin": "Asia/Shanghai",
    "北京": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "深圳": "Asia/Shanghai",
    "广州": "Asia/Shanghai",
    "杭州": "Asia/Shanghai",
    "成都": "Asia/Shanghai",
    "南京": "Asia/Shanghai",
    "苏州": "Asia/Shanghai",
    "武汉": "Asia/Shanghai",
    "西安": "Asia/Shanghai",
    "天津": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong",
    "台北": "Asia/Taipei",
    "东京": "Asia/Tokyo",
    "首尔": "Asia/Seoul",
    "新加坡": "Asia/Singapore",
    "伦敦": "Europe/London",
    "巴黎": "Europe/Paris",
    "柏林": "Europe/Berlin",
    "纽约": "America/New_York",
    "旧金山": "America/Los_Angeles",
    "悉尼": "Australia/Sydney",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "munich": "Europe/Berlin",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
}


@cache
def _zones_by_city() -> dict[str, str]:
    """The tz database's own city names ("new york" → America/New_York)."""
    cities: dict[str, str] = {}
    for zone in sorted(known_time_zones()):
        region, _sep, city = zone.partition("/")
        if region in REGIONS and city:
            cities.setdefault(city.rsplit("/", 1)[-1].replace("_", " ").lower(), zone)
    return cities


def time_zone_choices() -> list:
    """Choices for a time zone <select>: a blank first option (guess it), UTC,
    then every zone grouped by its region, by name."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for zone in sorted(known_time_zones()):
        region, _sep, rest = zone.partition("/")
        if region in groups and rest:
            groups[region].append((zone, rest.replace("_", " ")))
    return [
        ("", _("Guess from the phone number or city")),
        ("UTC", "UTC"),
        *((region, zones) for region, zones in groups.items() if zones),
    ]


def guess_time_zone(*, phone: str | None = None, location: str | None = None) -> str | None:
    """The time zone of a phone number's country when it has one zone (or of
    the city named in ``location``); None when neither tells."""
    if phone and phone.strip():
        try:
            number = phonenumbers.parse(phone, settings.DEFAULT_PHONE_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            zones = [z for z in phone_time_zones.time_zones_for_number(number) if z in known_time_zones()]
            if len(zones) == 1:
                return zones[0]
    if location and location.strip():
        text = location.strip().lower()
        for city, zone in CITY_ZONES.items():
            if city in text:
                return zone
        for part in re.split(r"[,，/;·\-]+", text):
            zone = _zones_by_city().get(part.strip())
            if zone is not None:
                return zone
    return None
