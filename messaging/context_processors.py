from functools import cache

from django.conf import settings

from messaging.selectors import unread_count_for


def smtp_sink(request):
    """Whether `make run`'s local SMTP sink is on (the "Sent mail" link)."""
    return {"smtp_sink": bool(settings.SMTP_SINK_DIR)}


def notifications(request):
    """The signed-in user's unread notification count, as ``unread_notifications``.

    Lazy: the one COUNT query runs only where a template shows it (the bell
    fragment), never for pages that do not, so pages keep their query counts.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count_for(user))}
