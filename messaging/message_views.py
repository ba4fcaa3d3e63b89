"""In-app notifications: the list, the bell's count, mark read.

The timeline's message actions (resend, cancel) are candidates' pages: they
must find the candidate an email is about (candidates/views/messages.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.http import is_htmx
from messaging.selectors import get_notification_for_user, notification_list_for
from messaging.services import notification_mark_read

PAGE = "messaging/notification_list.html"
BELL = "messaging/_fragments/notification_count.html"


@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, the latest 100."""
    return render(request, PAGE, {"notifications": notification_list_for(request.user)})


@require_safe
def notification_count(request: HttpRequest) -> HttpResponse:
    """The bell's unread count, loaded after each page (so pages keep their query counts)."""
    return render(request, BELL)


def _after_read(request: HttpRequest) -> HttpResponse:
    """HTMX: the list region and the bell's count out of band; otherwise back to the list."""
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("messaging:notification-list"))
    context = {"notifications": notification_list_for(request.user)}
    html = render_to_string(f"{PAGE}#notifications", context, request=request)
    html += render_to_string(BELL, {"oob": True}, request=request)
    return HttpResponse(html)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    if notification is None:
        raise Http404
    notification_mark_read(user=request.user, notification=notification)
    return _after_read(request)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification_mark_read(user=request.user)
    return _after_read(request)
