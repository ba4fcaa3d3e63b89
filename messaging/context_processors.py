from django.conf import settings


def smtp_sink(request):
    """Whether `make run`'s local SMTP sink is on (the "Sent mail" link)."""
    return {"smtp_sink": bool(settings.SMTP_SINK_DIR)}
