from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from messaging.selectors import sees_sent_mail
from messaging.sink import sink_message, sink_messages


def _sink_dir_for(request: HttpRequest) -> Path:
    # For anyone who may not see it, the page does not exist at all.
    if not sees_sent_mail(request.user):
        raise Http404
    return Path(settings.SMTP_SINK_DIR)


@require_safe
def sink_list(request: HttpRequest) -> HttpResponse:
    """Every email the local SMTP sink received, newest first."""
    messages = sink_messages(_sink_dir_for(request))
    return render(request, "messaging/sink_list.html", {"sink_messages": messages})


@require_safe
def sink_detail(request: HttpRequest, name: str) -> HttpResponse:
    message = sink_message(_sink_dir_for(request), name)
    if message is None:
        raise Http404
    return render(request, "messaging/sink_detail.html", {"message": message})
