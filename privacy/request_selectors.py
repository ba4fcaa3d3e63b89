"""Reads of candidates' requests, and who may see and handle them.

The rules are accounts.roles' PRIVACY_REQUEST_READERS (the queue and the
requests; everyone else gets a 404), PRIVACY_REQUEST_HANDLERS (record and
handle; a reader who may not gets a 403) and PRIVACY_DELETION_CONFIRMERS (the
second person of a deletion).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import PRIVACY_DELETION_CONFIRMERS, PRIVACY_REQUEST_HANDLERS, PRIVACY_REQUEST_READERS
from core.access import get_or_404
from privacy.models import PrivacyRequest

PAGE_SIZE = 50
WAITING = (PrivacyRequest.Status.OPEN, PrivacyRequest.Status.AWAITING_CONFIRMATION)
CLOSED = (PrivacyRequest.Status.DONE, PrivacyRequest.Status.REFUSED)


def can_read_requests(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in PRIVACY_REQUEST_READERS


def can_handle_requests(user: User) -> bool:
    return can_read_requests(user) and user.role in PRIVACY_REQUEST_HANDLERS


def can_confirm_deletions(user: User) -> bool:
    return can_read_requests(user) and user.role in PRIVACY_DELETION_CONFIRMERS


def require_read_requests(user: User) -> None:
    """404 for a role that has nothing to do with requests."""
    if not can_read_requests(user):
        raise Http404


def require_handle_requests(user: User) -> None:
    """404 for an outsider to requests, 403 for a reader who may not handle them."""
    require_read_requests(user)
    if not can_handle_requests(user):
        raise PermissionDenied


def get_privacy_request_for_user(
    user: User, public_id: UUID | str, *, for_change: bool = False, for_confirm: bool = False
) -> PrivacyRequest:
    """The request, or 404 for a role that may not see requests; 403 when
    ``for_change`` and the role may not handle them, or ``for_confirm`` and it
    may not confirm deletions."""
    require_read_requests(user)
    request = get_or_404(
        PrivacyRequest.objects.select_related(
            "candidate", "entered_by", "handled_by", "confirmed_by", "archive_downloaded_by", "archive"
        ),
        public_id=public_id,
    )
    if for_change and not can_handle_requests(user):
        raise PermissionDenied
    if for_confirm and not can_confirm_deletions(user):
        raise PermissionDenied
    return request


def waiting_count(user: User) -> int:
    """The navigation's count: requests not yet done (0 for a role that does not see them)."""
    if not can_read_requests(user):
        return 0
    return PrivacyRequest.objects.filter(status__in=WAITING).count()


@dataclass
class QueueRow:
    request: PrivacyRequest
    days_left: int
    overdue: bool

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 1) if self.overdue else 0


@dataclass
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str
    show: str
    kind: str


def request_clock(request: PrivacyRequest, now: datetime | None = None) -> QueueRow:
    """The legal clock of one request: days left (negative when late) and whether it is overdue."""
    now = now or timezone.now()
    overdue = request.due_at < now and not request.is_closed
    return QueueRow(request=request, days_left=_days_left(request.due_at, now), overdue=overdue)


def _days_left(due_at: datetime, now: datetime) -> int:
    return (timezone.localdate(due_at) - timezone.localdate(now)).days


def request_queue(*, show: str = "open", kind: str = "", cursor: str = "", now: datetime | None = None) -> QueuePage:
    """A page of requests: waiting ones by due date (the legal clock, soonest
    first) or closed ones, most recently done first; optionally one ``kind``.
    Keyset pagination on (due_at, id) or (done_at, id): ``cursor`` is the last
    row's "<iso time>|<id>". One query."""
    now = now or timezone.now()
    show = show if show in ("open", "done") else "open"
    kind = kind if kind in PrivacyRequest.Kind.values else ""
    rows = PrivacyRequest.objects.select_related("candidate", "handled_by")
    if kind:
        rows = rows.filter(kind=kind)
    if show == "open":
        rows = rows.filter(status__in=WAITING).order_by("due_at", "id")
    else:
        rows = rows.filter(status__in=CLOSED).order_by("-done_at", "-id")
    after = _parse_cursor(cursor)
    if after is not None:
        moment, pk = after
        if show == "open":
            rows = rows.filter(due_at__gte=moment).exclude(due_at=moment, id__lte=pk)
        else:
            rows = rows.filter(done_at__lte=moment).exclude(done_at=moment, id__gte=pk)
    page = list(rows[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    next_cursor = ""
    if more:
        last = page[-1]
        moment = last.due_at if show == "open" else last.done_at
        next_cursor = f"{moment.isoformat()}|{last.pk}"
    return QueuePage(
        rows=[request_clock(row, now) for row in page],
        next_cursor=next_cursor,
        show=show,
        kind=kind,
    )


def _parse_cursor(cursor: str) -> tuple[datetime, int] | None:
    if not cursor or "|" not in cursor:
        return None
    moment, _sep, pk = cursor.partition("|")
    try:
        parsed = datetime.fromisoformat(moment)
        return parsed, int(pk)
    except ValueError:
        return None


def requests_of_candidate(candidate) -> QuerySet[PrivacyRequest]:
    """A candidate's requests, newest first (the profile's list)."""
    return candidate.privacy_requests.order_by("-received_at", "-id")
