import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Serve a signed-in user in their own language and time zone.

    Runs after LocaleMiddleware (which chose a language from the cookie or the
    browser for anonymous visitors) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
