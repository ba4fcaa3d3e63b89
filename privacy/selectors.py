"""Reads of the privacy app: what a preference-centre link opens.

Reads of the privacy app: what the next retention sweep will do.

``retention_plan`` is the one answer to "who is due": the sweep acts on it
and the dry run (``manage.py retention_dry_run``) shows it, so the dry run's
list is exactly what the sweep then does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import DateTimeField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from candidates.consents import consents_in_force
from candidates.models import Candidate, Consent, PrivacyNotice
from candidates.selectors import privacy_notice_in_force
from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from interviews.models import Application
from privacy.models import PrivacyRequest, RetentionPolicy, RetentionRenewal


@dataclass(frozen=True)
class PreferenceLink:
    """What a preference-centre token opens: ``state`` is ``open``, or why it
    cannot be used (``unknown``, ``expired``, ``revoked``); ``candidate`` only
    when open."""

    state: str
    candidate: Candidate | None = None


def preference_link_for(token: str) -> PreferenceLink:
    """The state of a preference-centre link; never changes anything (a GET).
    An anonymised person's links open nothing (there is no one left to ask)."""
    try:
        row = access_token_resolve(token=token, purpose=AccessToken.Purpose.PREFERENCES)
    except TokenInvalid as error:
        return PreferenceLink(error.code if error.code in ("expired", "revoked") else "unknown")
    candidate = Candidate.objects.filter(pk=row.target_id, merged_into__isnull=True, anonymised_at__isnull=True).first()
    if candidate is None:
        return PreferenceLink("unknown")
    return PreferenceLink("open", candidate)


@dataclass
class PreferenceCentre:
    """What the preference centre shows a candidate."""

    candidate: Candidate
    consents: list[Consent]
    notice: PrivacyNotice | None
    talent_pool_given: bool
    outdated: list[Consent] = field(default_factory=list)
    open_requests: dict[str, PrivacyRequest] = field(default_factory=dict)


def preference_centre_for(candidate: Candidate) -> PreferenceCentre:
    """The candidate's consents in force (oldest purpose first), the notice in
    force, the consents given under an older notice, and their open requests
    by kind. Four queries."""
    consents = list(consents_in_force(candidate).select_related("client").order_by("purpose", "given_at", "pk"))
    notice = privacy_notice_in_force()
    outdated = [c for c in consents if notice is not None and c.notice_version != notice.version]
    requests = PrivacyRequest.objects.filter(
        candidate=candidate,
        status__in=[PrivacyRequest.Status.OPEN, PrivacyRequest.Status.AWAITING_CONFIRMATION],
    ).order_by("received_at")
    return PreferenceCentre(
        candidate=candidate,
        consents=consents,
        notice=notice,
        talent_pool_given=any(c.purpose == Consent.Purpose.TALENT_POOL for c in consents),
        outdated=outdated,
        open_requests={request.kind: request for request in requests},
    )


RENEW = "renew"
ANONYMISE = "anonymise"
# One sweep acts on at most this many candidates; the rest wait for the next run.
RETENTION_BATCH = 500


class AddMonths(Func):
    """``expression + make_interval(months => n)`` (calendar months, as PostgreSQL counts them)."""

    template = "(%(expressions)s))"
    arg_joiner = " + make_interval(0, "
    output_field = DateTimeField()


@dataclass(frozen=True)
class RetentionAction:
    """One thing the sweep will do: ``kind`` RENEW (ask for renewed consent)
    or ANONYMISE, for a candidate under a policy whose date is ``deadline``."""

    kind: str
    candidate_id: int
    policy_id: int
    deadline: datetime


def _kept_anyway(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Candidates no policy touches: anonymised already, under legal hold,
    merged away, with talent-pool consent in force, or with an application
    still open or a hire."""
    pool_consent = Consent.objects.filter(
        candidate=OuterRef("pk"), purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True
    )
    open_or_hired = Application.objects.filter(
        candidate=OuterRef("pk"), status__in=(Application.Status.ACTIVE, Application.Status.HIRED)
    )
    return candidates.filter(anonymised_at__isnull=True, legal_hold_at__isnull=True, merged_into__isnull=True).exclude(
        Exists(pool_consent) | Exists(open_or_hired)
    )


def _since(policy: RetentionPolicy, candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """``candidates`` that ``policy`` applies to, annotated with ``since``: the
    moment its months count from."""
    applications = Application.objects.filter(candidate=OuterRef("pk"))
    Rule = RetentionPolicy.Rule
    if policy.rule == Rule.REJECTED_WITHOUT_POOL_CONSENT:
        return candidates.filter(Exists(applications)).annotate(
            since=Subquery(applications.filter(closed_at__isnull=False).order_by("-closed_at").values("closed_at")[:1])
        )
    if policy.rule == Rule.POOL_CONSENT_WITHDRAWN:
        withdrawn = Consent.objects.filter(
            candidate=OuterRef("pk"), purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=False
        )
        return candidates.filter(Exists(withdrawn)).annotate(
            since=Subquery(withdrawn.order_by("-withdrawn_at").values("withdrawn_at")[:1])
        )
    if policy.rule == Rule.NO_APPLICATION:
        return candidates.exclude(Exists(applications)).annotate(since=F("created_at"))
    raise ValueError(f"unknown retention rule {policy.rule!r}")


def retention_plan(
    *, now: datetime | None = None, candidate_ids: Iterable[int] | None = None, limit: int = RETENTION_BATCH
) -> list[RetentionAction]:
    """What the next sweep does at ``now``: for every active policy, the
    candidates it applies to whose date is past (ANONYMISE) or within the
    policy's ``renewal_days`` and not yet asked for that date, reachable by
    email and not opted out of contact (RENEW). A candidate under several
    policies gets the action of their earliest date. Earliest dates first, at
    most ``limit``. One query per active policy, plus the policies'."""
    now = now or timezone.now()
    best: dict[int, RetentionAction] = {}
    for policy in RetentionPolicy.objects.filter(is_active=True).order_by("pk"):
        candidates = Candidate.objects.all()
        if candidate_ids is not None:
            candidates = candidates.filter(pk__in=list(candidate_ids))
        asked = RetentionRenewal.objects.filter(candidate=OuterRef("pk"), policy=policy, deadline=OuterRef("deadline"))
        may_ask = Q(email_index__isnull=False, contact_opt_out_at__isnull=True) & ~Exists(asked)
        due = (
            _since(policy, _kept_anyway(candidates))
            .annotate(deadline=AddMonths(F("since"), Value(policy.months)))
            .filter(deadline__lte=now + timedelta(days=policy.renewal_days))
            .filter(Q(deadline__lte=now) | may_ask)
            .order_by("deadline", "pk")
            .values_list("pk", "deadline")[:limit]
        )
        for pk, deadline in due:
            kind = ANONYMISE if deadline <= now else RENEW
            known = best.get(pk)
            if known is None or deadline < known.deadline:
                best[pk] = RetentionAction(kind=kind, candidate_id=pk, policy_id=policy.pk, deadline=deadline)
    plan = sorted(best.values(), key=lambda action: (action.deadline, action.candidate_id))
    return plan[:limit]


@dataclass(frozen=True)
class KeepLink:
    """A "keep my profile" link as its page shows it: ``state`` is "open", or
    why it cannot be used (unknown, expired, used, revoked)."""

    state: str
    candidate: Candidate | None = None
    token: AccessToken | None = None


def keep_link_for(token: str) -> KeepLink:
    """The candidate a "keep my profile" link opens; never changes state (a GET)."""
    try:
        row = access_token_resolve(token=token, purpose=AccessToken.Purpose.RETENTION_KEEP)
    except TokenInvalid as invalid:
        return KeepLink(state=invalid.code or "unknown")
    candidate = Candidate.objects.filter(pk=row.target_id, anonymised_at__isnull=True).first()
    if candidate is None:
        return KeepLink(state="unknown")
    return KeepLink(state="open", candidate=candidate, token=row)
