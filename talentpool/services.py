"""Writes to talent pools and their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, DurationField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from candidates.consents import consent_given
from candidates.models import Activity, Candidate, Consent, SavedSearch
from candidates.selectors import CandidateFilters, candidate_search
from candidates.services import activity_record, activity_record_many, candidate_update
from candidates.services.consents import consent_withdraw
from core.models import AccessToken
from core.services import (
    TokenInvalid,
    access_token_issue_many,
    access_token_resolve,
    access_token_revoke_for,
    access_token_use,
    audit_record,
)
from interviews.services.triggers import candidate_emails_cancel
from messaging import merge_fields
from messaging.links import absolute_url
from messaging.messages import MESSAGES, Message
from messaging.models import EmailTemplate
from messaging.selectors import email_template_for
from messaging.services import email_cancel, email_queue_many, email_text_render, notification_create
from talentpool import messages
from talentpool.models import CheckIn, PoolMembership, TalentPool


@transaction.atomic
def pool_create(
    *, actor: User, name: str, owner: User | None = None, description: str = "", cadence_days: int | None = None
) -> TalentPool:
    """Create a talent pool owned by ``owner`` (default: the actor). Raises ValidationError."""
    pool = TalentPool(name=name.strip(), owner=owner or actor, description=description, cadence_days=cadence_days)
    pool.full_clean()
    pool.save()
    audit_record(action="talentpool.talentpool.create", actor=actor, target=pool)
    return pool


@transaction.atomic
def pool_grant(*, pool: TalentPool, user: User, actor: User | None) -> None:
    assign_perm("talentpool.view_talentpool", user, pool)
    audit_record(action="talentpool.talentpool.grant", actor=actor, target=pool, data={"user": str(user.public_id)})


def pool_consent_refusal(candidate: Candidate) -> str:
    """Why ``candidate`` may not be kept in a talent pool, translated."""
    return _("%(name)s has not agreed to be kept in the talent pool: record their talent-pool consent first.") % {
        "name": candidate.full_name
    }


@transaction.atomic
def pool_member_add(*, pool: TalentPool, candidate: Candidate, actor: User | None, reason: str = "") -> PoolMembership:
    """Add a candidate to a pool; the first check-in falls due one cadence later.
    Raises ValidationError (code ``consent``) without a talent-pool consent in
    force, or if they are already an active member."""
    if not consent_given(candidate, Consent.Purpose.TALENT_POOL):
        raise ValidationError(pool_consent_refusal(candidate), code="consent")
    if PoolMembership.objects.filter(pool=pool, candidate=candidate, removed_at__isnull=True).exists():
        raise ValidationError(_("%(name)s is already in this pool.") % {"name": candidate.full_name})
    membership = PoolMembership.objects.create(
        pool=pool,
        candidate=candidate,
        added_by=actor,
        reason=reason,
        next_check_in_at=timezone.now() + timedelta(days=pool.cadence_days) if pool.cadence_days else None,
    )
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.POOL,
        actor=actor,
        message=MESSAGES.message(messages.POOL_ADDED, pool=pool.name),
        target=pool,
    )
    return membership


# A talent-pool consent not withdrawn (filter Consent rows with it).
CONSENT_IN_FORCE = Q(purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True)


@transaction.atomic
def pool_consent_withdraw(*, candidate: Candidate, channel: str, actor: User | None = None) -> int:
    """Withdraw the candidate's talent-pool consent and take them out of every
    pool: consent_withdraw (queued check-ins and pool emails cancelled), then
    each active membership removed (reason: consent withdrawn) with its open
    check-in links revoked and a ``pool`` Activity per pool left. Returns
    how many consents were withdrawn."""
    withdrawn = consent_withdraw(candidate=candidate, purpose=Consent.Purpose.TALENT_POOL, channel=channel, actor=actor)
    active = PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True)
    for check_in in CheckIn.objects.filter(membership__in=active, answered_at__isnull=True):
        access_token_revoke_for(target=check_in)
    reason = _("Withdrew consent to the talent pool")
    pools = list(TalentPool.objects.filter(memberships__in=active))
    active.update(removed_at=timezone.now(), removed_reason=reason, next_check_in_at=None)
    for pool in pools:
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.POOL,
            actor=actor,
            message=MESSAGES.message(messages.POOL_REMOVED, pool=pool.name, reason=reason),
            target=pool,
        )
    return withdrawn


# --- Pool settings, members, filling from a saved search -------------------------------

REASON_MAX = 300
# A saved search fills a pool with at most this many candidates at once.
POOL_FILL_LIMIT = 1000


@transaction.atomic
def pool_update(
    *, pool: TalentPool, actor: User | None, cadence_days: int | None, check_in_template: EmailTemplate | None
) -> TalentPool:
    """Set a pool's check-in cadence and email template.

    A new cadence reschedules every active member: next check-in one cadence
    after their last one (or after they joined); no cadence stops check-ins.
    Rows written: the pool, its active memberships, one AuditEvent. Raises
    ValidationError (a cadence below 1, a template not meant for check-ins).
    """
    if check_in_template is not None and check_in_template.purpose != EmailTemplate.Purpose.CHECK_IN:
        raise ValidationError({"check_in_template": _("Choose a template written for check-ins.")})
    changed = pool.cadence_days != cadence_days
    pool.cadence_days = cadence_days
    pool.check_in_template = check_in_template
    pool.full_clean()
    pool.save(update_fields=["cadence_days", "check_in_template", "updated_at"])
    if changed:
        active = PoolMembership.objects.filter(pool=pool, removed_at__isnull=True)
        if cadence_days:
            active.update(
                next_check_in_at=Coalesce("last_check_in_at", "added_at")
                + Value(timedelta(days=cadence_days), output_field=DurationField())
            )
        else:
            active.update(next_check_in_at=None)
    audit_record(
        action="talentpool.talentpool.update", actor=actor, target=pool, data={"fields": ["cadence_days", "template"]}
    )
    return pool


@transaction.atomic
def member_remove(*, membership: PoolMembership, actor: User | None, reason: str) -> PoolMembership:
    """Take a candidate out of a pool, saying why.

    Rows written: the membership (removed, no next check-in), a ``pool``
    Activity, the open check-in links revoked. Raises ValidationError for a
    blank reason or a membership already removed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why they leave the pool.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Please keep this under %(max)d characters.") % {"max": REASON_MAX}})
    removed = PoolMembership.objects.filter(pk=membership.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_reason=reason, next_check_in_at=None
    )
    if not removed:
        raise ValidationError(_("They are no longer in this pool."), code="removed")
    membership.refresh_from_db()
    for check_in in CheckIn.objects.filter(membership=membership, answered_at__isnull=True):
        access_token_revoke_for(target=check_in)
    activity_record(
        candidate=membership.candidate,
        kind=Activity.Kind.POOL,
        actor=actor,
        message=MESSAGES.message(messages.POOL_REMOVED, pool=membership.pool.name, reason=reason),
        target=membership.pool,
    )
    return membership


def _saved_filters(filters: dict[str, Any]) -> CandidateFilters:
    """A SavedSearch's filters (the list's GET parameters, as text) as CandidateFilters."""

    def when(name: str) -> datetime | None:
        day = parse_date(str(filters.get(name) or ""))
        return timezone.make_aware(datetime.combine(day, time.min)) if day else None

    def number(name: str) -> int | None:
        value = str(filters.get(name) or "")
        return int(value) if value.isdigit() else None

    tags = str(filters.get("tags") or "").replace("，", ",")
    return CandidateFilters(
        job=filters.get("job") or None,
        stage=number("stage"),
        client=filters.get("client") or None,
        status=filters.get("status") or None,
        source=number("source"),
        tags=tuple(dict.fromkeys(t.strip() for t in tags.split(",") if t.strip())),
        owner=number("owner"),
        location=str(filters.get("location") or ""),
        created_from=when("created_from"),
        created_to=when("created_to") and when("created_to") + timedelta(days=1),
        updated_from=when("updated_from"),
        updated_to=when("updated_to") and when("updated_to") + timedelta(days=1),
    )


def pool_fill_from_saved_search(*, pool: TalentPool, saved_search: SavedSearch, actor: User | None) -> int:
    """Add every candidate the saved search finds, as the pool's owner sees
    them, who is not in the pool yet; returns how many were added.

    At most POOL_FILL_LIMIT candidates; opted-out and merged ones, and those
    without a talent-pool consent in force, are left out. Rows written per
    candidate: a PoolMembership and a ``pool`` Activity (pool_member_add).
    Raises nothing for an empty result.
    """
    filters = _saved_filters(saved_search.filters)
    found: list[Candidate] = []
    after = None
    while len(found) < POOL_FILL_LIMIT:
        page = candidate_search(
            pool.owner, query=saved_search.query, filters=filters, sort="newest", after=after, limit=200
        )
        found += page.results
        after = page.next_cursor
        if not after:
            break
    members = set(
        PoolMembership.objects.filter(pool=pool, removed_at__isnull=True).values_list("candidate_id", flat=True)
    )
    consenting = set(
        Consent.objects.filter(
            CONSENT_IN_FORCE, candidate__in=[candidate.pk for candidate in found[:POOL_FILL_LIMIT]]
        ).values_list("candidate_id", flat=True)
    )
    added = 0
    for candidate in found[:POOL_FILL_LIMIT]:
        if candidate.pk in members or candidate.contact_opt_out_at or candidate.merged_into_id:
            continue
        if candidate.pk not in consenting or candidate.anonymised_at:
            continue
        reason = _("Saved search %(name)s") % {"name": saved_search.name}
        pool_member_add(pool=pool, candidate=candidate, actor=actor, reason=reason)
        members.add(candidate.pk)
        added += 1
    return added


# --- Periodic check-ins ------------------------------------------------------------------

CHECKIN_PURPOSE = AccessToken.Purpose.CHECK_IN
CHECKIN_VALID_FOR = timedelta(days=30)
CHECKIN_TEMPLATE = "talentpool_checkin"
CHECKIN_BATCH = 100
TEXT_MAX = 200
# Serialises the budget check of overlapping sweeps (pg_advisory_xact_lock key).
SWEEP_LOCK = 7_414_001


def checkin_key(membership_id: int, due_at: datetime) -> str:
    """The outbox idempotency key of one member's check-in for one cycle."""
    return f"checkin:{membership_id}:{due_at.astimezone(UTC):%Y%m%dT%H%M%S}"


# Members a check-in may be mailed to: still in the pool, not opted out, with an
# email address, not merged into another record, not anonymised, and with a
# talent-pool consent in force (candidates.consents.consent_given, as SQL).
MAILABLE_MEMBERS = Q(
    Exists(Consent.objects.filter(CONSENT_IN_FORCE, candidate=OuterRef("candidate"))),
    removed_at__isnull=True,
    candidate__contact_opt_out_at__isnull=True,
    candidate__email_index__isnull=False,
    candidate__merged_into__isnull=True,
    candidate__anonymised_at__isnull=True,
)


def _due_memberships(now: datetime) -> QuerySet[PoolMembership]:
    """Active members of pools with a cadence whose check-in is due, who can be mailed."""
    return PoolMembership.objects.filter(
        MAILABLE_MEMBERS,
        next_check_in_at__isnull=False,
        next_check_in_at__lte=now,
        pool__cadence_days__isnull=False,
    )


def checkin_sweep(*, now: datetime | None = None, per_minute_limit: int | None = None) -> int:
    """Send the check-ins that are due; returns how many were sent by this run.

    Fan-out in batches of CHECKIN_BATCH, each its own transaction: under a
    transaction-level advisory lock it counts the check-ins already sent in
    ``now``'s minute (by any run), so all runs together never send more than
    ``per_minute_limit`` (default settings.CHECKIN_PER_MINUTE) in one minute;
    the rest stay due for the next run. A run that finds another run's batch
    under way leaves the work to that run (it would only wait for the lock).
    The batch's due memberships are locked (SELECT … FOR UPDATE SKIP LOCKED)
    and their next_check_in_at moved on by the pool's cadence (to one cadence
    from now if it fell further behind), so a member gets exactly one check-in
    per cycle however often or concurrently this runs; CheckIn (membership,
    due_at) is unique as well. Per member, rows written: a CheckIn, a CHECK_IN
    AccessToken for it (valid CHECKIN_VALID_FOR), an OutboundEmail in the
    candidate's language (key ``checkin:<membership>:<due>``) and an ``email``
    Activity, each kind in one INSERT per batch; the batch's emails are handed
    to Celery after commit as batch tasks (sent over one SMTP connection each).
    Opted-out candidates, those without an email address and those without
    a talent-pool consent in force are skipped (MAILABLE_MEMBERS); their
    emails carry consent_purpose ``talent_pool`` and the candidate's
    public_id, so withdrawing that consent cancels the ones still queued.
    """
    now = now or timezone.now()
    limit = settings.CHECKIN_PER_MINUTE if per_minute_limit is None else per_minute_limit
    minute = now.replace(second=0, microsecond=0)
    sent = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SWEEP_LOCK])
                if not cursor.fetchone()[0]:
                    return sent
            budget = (
                limit - CheckIn.objects.filter(sent_at__gte=minute, sent_at__lt=minute + timedelta(minutes=1)).count()
            )
            if budget <= 0:
                return sent
            batch = list(
                _due_memberships(now)
                .select_related("pool", "pool__owner", "pool__check_in_template", "candidate")
                .select_for_update(of=("self",), skip_locked=True)
                .order_by("next_check_in_at", "pk")[: min(budget, CHECKIN_BATCH)]
            )
            if not batch:
                return sent
            sent += _checkin_send_many(batch, now=now)


def _checkin_send_many(batch: list[PoolMembership], *, now: datetime) -> int:
    """Claim the check-ins of a locked batch of due memberships and queue their emails; returns how many."""
    # The rows were read after this transaction locked them, so moving their
    # next_check_in_at on cannot race another run, a removal or a cadence change.
    by_cadence: dict[int, list[int]] = {}
    for membership in batch:
        by_cadence.setdefault(membership.pool.cadence_days, []).append(membership.pk)
    for days, pks in by_cadence.items():
        cadence = Value(timedelta(days=days), output_field=DurationField())
        # One cadence after the due time, or one cadence from now if it fell further behind.
        PoolMembership.objects.filter(pk__in=pks).update(
            next_check_in_at=Case(
                When(next_check_in_at__gt=now - timedelta(days=days), then=F("next_check_in_at") + cadence),
                default=Value(now) + cadence,
            ),
            last_check_in_at=now,
        )
    # The objects in memory still hold the due times the UPDATE moved on.
    return _checkin_queue(batch, now=now, due_ats=[membership.next_check_in_at for membership in batch])


def _checkin_queue(batch: list[PoolMembership], *, now: datetime, due_ats: list[datetime]) -> int:
    """For each membership of ``batch`` (locked by the caller) and its cycle's
    ``due_ats``: a CheckIn, its token, the email in the candidate's language
    and an ``email`` Activity, each kind in one INSERT; returns how many."""
    check_ins = CheckIn.objects.bulk_create(
        CheckIn(membership=membership, sent_at=now, due_at=due_at)
        for membership, due_at in zip(batch, due_ats, strict=True)
    )
    tokens = access_token_issue_many(purpose=CHECKIN_PURPOSE, targets=check_ins, valid_for=CHECKIN_VALID_FOR)
    emails, activities, templates = [], [], {}
    for membership, check_in, token in zip(batch, check_ins, tokens, strict=True):
        candidate, pool = membership.candidate, membership.pool
        emails.append(
            {
                "to": candidate.email,
                "idempotency_key": checkin_key(membership.pk, check_in.due_at),
                "language": candidate.language,
                "template": CHECKIN_TEMPLATE,
                "context": {
                    "candidate_name": candidate.full_name,
                    "sender_name": pool.owner.full_name,
                    "checkin_url": absolute_url(reverse("talentpool:checkin", args=[token])),
                    "valid_days": CHECKIN_VALID_FOR.days,
                    **_custom_text(pool, candidate, templates),
                },
                "related": check_in,
                "candidate_ref": candidate.public_id,
                "consent_purpose": Consent.Purpose.TALENT_POOL,
            }
        )
        activities.append(
            {
                "candidate": candidate,
                "kind": Activity.Kind.EMAIL,
                "actor": None,
                "message": MESSAGES.message(messages.CHECKIN_SENT, pool=pool.name),
                "target": pool,
                "occurred_at": now,
            }
        )
    email_queue_many(messages=emails)
    activity_record_many(entries=activities)
    return len(batch)


@transaction.atomic
def checkin_send_now(
    *, pool: TalentPool, actor: User | None, membership: PoolMembership | None = None, now: datetime | None = None
) -> int:
    """Send a check-in now to one member of ``pool`` or, without
    ``membership``, to every member who can be mailed; returns how many went.

    Under the memberships' row locks (members a sweep is sending to are
    skipped, SKIP LOCKED): for each, the check-in rows and email of
    _checkin_queue (key ``checkin:<membership>:<now>``), last_check_in_at set
    to now and, for a pool with a cadence, the next check-in one cadence
    from now. Members who opted out, have no email address, were merged
    away or have no talent-pool consent in force are left out. An ``talentpool.checkin.send_now`` AuditEvent on the
    pool. Raises ValidationError when nobody can be sent to."""
    now = now or timezone.now()
    members = _due_memberships_now(pool)
    if membership is not None:
        members = members.filter(pk=membership.pk)
    batch = list(
        members.select_related("pool", "pool__owner", "pool__check_in_template", "candidate")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("pk")
    )
    if not batch:
        raise ValidationError(
            _(
                "Nobody here can be sent a check-in: no email address, no talent-pool consent,"
                " or they asked not to be contacted."
            )
        )
    update: dict[str, Any] = {"last_check_in_at": now}
    if pool.cadence_days:
        update["next_check_in_at"] = now + timedelta(days=pool.cadence_days)
    PoolMembership.objects.filter(pk__in=[m.pk for m in batch]).update(**update)
    sent = _checkin_queue(batch, now=now, due_ats=[now] * len(batch))
    audit_record(action="talentpool.checkin.send_now", actor=actor, target=pool, data={"sent": sent})
    return sent


@dataclass(frozen=True)
class CheckInPreview:
    """A check-in email as one member will read it, and how many members a send now reaches."""

    membership: PoolMembership
    subject: str
    body_text: str
    recipients: int


def checkin_preview(*, pool: TalentPool, membership: PoolMembership | None = None) -> CheckInPreview | None:
    """The check-in ``membership`` (or, for the whole pool, its first member
    who can be mailed) would get now, in their language, with a stand-in for
    the personal link; None when nobody can be sent to. Writes nothing."""
    members = _due_memberships_now(pool)
    if membership is not None:
        members = members.filter(pk=membership.pk)
    recipients = members.count()
    sample = members.select_related("pool__owner", "pool__check_in_template", "candidate").order_by("pk").first()
    if sample is None:
        return None
    candidate = sample.candidate
    with translation.override(candidate.language):
        context = {
            "candidate_name": candidate.full_name,
            "sender_name": pool.owner.full_name,
            "checkin_url": _("[their personal check-in link]"),
            "valid_days": CHECKIN_VALID_FOR.days,
            "language": candidate.language,
            **_custom_text(pool, candidate),
        }
        subject = email_text_render(f"emails/{CHECKIN_TEMPLATE}/subject.txt", context).strip()
        body = email_text_render(f"emails/{CHECKIN_TEMPLATE}/body.txt", context)
    return CheckInPreview(membership=sample, subject=subject, body_text=body, recipients=recipients)


def _due_memberships_now(pool: TalentPool) -> QuerySet[PoolMembership]:
    """The active members of ``pool`` a check-in may be sent to now."""
    return PoolMembership.objects.filter(MAILABLE_MEMBERS, pool=pool)


def _custom_text(
    pool: TalentPool, candidate: Candidate, templates: dict[tuple[str, str], EmailTemplate | None] | None = None
) -> dict[str, str]:
    """The pool's own check-in wording, in the candidate's language, merge fields filled in.
    ``templates``: the templates looked up so far, by (name, language), kept across a batch."""
    if pool.check_in_template is None:
        return {}
    templates = {} if templates is None else templates
    key = (pool.check_in_template.name, candidate.language)
    if key not in templates:
        templates[key] = email_template_for(name=key[0], language=key[1])
    template = templates[key]
    if template is None:
        return {}
    values = {
        "candidate_name": candidate.full_name,
        "recruiter_name": pool.owner.full_name,
        "sender_name": pool.owner.full_name,
    }
    return {
        "custom_subject": merge_fields.render(template.subject, values),
        "custom_text": merge_fields.render(template.body_text, values),
    }


def checkin_for_token(*, token: str, for_update: bool = False) -> CheckIn:
    """The unanswered CheckIn a live CHECK_IN token opens. Raises TokenInvalid
    (unknown, expired, used, revoked) or ValidationError (answered, member removed)."""
    row = access_token_resolve(token=token, purpose=CHECKIN_PURPOSE, for_update=for_update)
    check_in = (
        CheckIn.objects.select_related("membership__pool__owner", "membership__candidate__owner")
        .filter(pk=row.target_id)
        .first()
    )
    if check_in is None or check_in.answered_at is not None:
        raise TokenInvalid(_("This check-in has already been answered."), code="used")
    if check_in.membership.removed_at is not None:
        raise TokenInvalid(_("This check-in is closed."), code="revoked")
    return check_in


@transaction.atomic
def checkin_answer_record(
    *,
    token: str,
    answer: str,
    location: str = "",
    roles: str = "",
    salary_range: str = "",
    availability: str = "",
    opt_out: bool = False,
) -> CheckIn:
    """Record a candidate's answer to the check-in opened by ``token``.

    Rows written: the CheckIn (answer, location, roles wanted, availability);
    the Candidate through candidate_update when the location or the salary
    range is given (the range goes to the encrypted expected_compensation,
    never to the CheckIn); a ``pool`` Activity; a Notification to the
    candidate's owner (else the pool's); the token marked used; an AuditEvent.
    "Not interested" or ``opt_out``: Candidate.contact_opt_out_at is set, every
    active membership is removed and the open check-in links revoked. Raises
    TokenInvalid (unknown, expired, used, revoked, answered) and
    ValidationError (an unknown answer, a text over TEXT_MAX).
    """
    check_in = checkin_for_token(token=token, for_update=True)
    texts = {"location": location, "roles": roles, "salary_range": salary_range, "availability": availability}
    texts = {name: (value or "").strip() for name, value in texts.items()}
    errors = {
        name: _("Please keep this under %(max)d characters.") % {"max": TEXT_MAX}
        for name, value in texts.items()
        if len(value) > TEXT_MAX
    }
    if answer not in CheckIn.Answer.values:
        errors["answer"] = _("Choose one of the answers.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    membership, candidate = check_in.membership, check_in.membership.candidate
    check_in.answer, check_in.answered_at = answer, now
    check_in.location, check_in.roles_wanted, check_in.availability = (
        texts["location"],
        texts["roles"],
        texts["availability"],
    )
    check_in.save(update_fields=["answer", "answered_at", "location", "roles_wanted", "availability"])
    changes = {}
    if texts["location"]:
        changes["location"] = texts["location"]
    if texts["salary_range"]:
        changes["expected_compensation"] = texts["salary_range"]
    if changes:
        candidate = candidate_update(candidate=candidate, actor=None, **changes)
    access_token_use(token=token, purpose=CHECKIN_PURPOSE)
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.POOL,
        actor=None,
        message=_checkin_summary(membership.pool, answer, texts, changes),
        target=membership.pool,
        data={
            "answer": answer,
            "roles_wanted": texts["roles"],
            "availability": texts["availability"],
            "location": texts["location"],
            "fields": sorted(changes),
        },
    )
    if answer == CheckIn.Answer.NOT_INTERESTED or opt_out:
        candidate_contact_opt_out(candidate=candidate, now=now)
    recipient = candidate.owner or membership.pool.owner
    notification_create(
        recipient=recipient,
        kind="candidate_answer",
        message=MESSAGES.message(messages.CANDIDATE_ANSWERED, name=candidate.full_name, answer=answer),
        url=reverse("candidates:candidate-detail", args=[candidate.public_id]),
    )
    audit_record(
        action="talentpool.checkin.answer", target=check_in, data={"answer": answer, "fields": sorted(changes)}
    )
    return check_in


def _checkin_summary(pool: TalentPool, answer: str, texts: dict[str, str], changes: dict[str, str]) -> Message:
    """The timeline line of an answer: what they said, never the salary itself
    (compensation is personal data; the profile shows it to those who may see it)."""
    parts = [MESSAGES.message(messages.CHECKIN_ANSWERED, pool=pool.name, answer=answer)]
    if texts["roles"]:
        parts.append(MESSAGES.message(messages.ROLES_WANTED, roles=texts["roles"]))
    if texts["availability"]:
        parts.append(MESSAGES.message(messages.AVAILABLE, when=texts["availability"]))
    if texts["location"]:
        parts.append(MESSAGES.message(messages.LOCATION, place=texts["location"]))
    if "expected_compensation" in changes:
        parts.append(MESSAGES.message(messages.NEW_SALARY))
    return MESSAGES.joined(*parts)


def candidate_contact_opt_out(
    *, candidate: Candidate, now: datetime | None = None, actor: User | None = None, reason: str = ""
) -> bool:
    """Honour a candidate's wish not to be contacted; returns whether it was new.
    ``reason``: why, as the candidate said it or ``actor`` (a recruiter
    recording "do not contact") wrote it; kept on the candidate.

    Sets Candidate.contact_opt_out_at (once: a conditional UPDATE), removes
    every active pool membership (reason: opted out), revokes their open
    check-in links and cancels every email still queued to them (check-ins,
    and interviews.services.triggers.candidate_emails_cancel: stage and
    rejection emails, surveys, interview invitations and reminders…; staff
    copies stay); a ``pool`` Activity by ``actor`` (with the reason, when
    given) and an AuditEvent. From then on no
    automatic email is queued to them. Runs in the caller's transaction;
    raises nothing.
    """
    now = now or timezone.now()
    marked = Candidate.objects.filter(pk=candidate.pk, contact_opt_out_at__isnull=True).update(
        contact_opt_out_at=now, contact_opt_out_reason=reason.strip()[:300]
    )
    if marked:
        candidate.contact_opt_out_reason = reason.strip()[:300]
    candidate.contact_opt_out_at = candidate.contact_opt_out_at or now
    reason_given = reason.strip()[:300]
    reason = _("Asked not to be contacted")
    active = PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True)
    for check_in in CheckIn.objects.filter(membership__in=active, answered_at__isnull=True):
        access_token_revoke_for(target=check_in)
    active.update(removed_at=now, removed_reason=reason, next_check_in_at=None)
    # Nothing already waiting in the outbox goes to them either.
    candidate_emails_cancel(candidate=candidate)
    for membership_id in PoolMembership.objects.filter(candidate=candidate).values_list("pk", flat=True):
        email_cancel(key_prefix=f"checkin:{membership_id}:")
    if marked:
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.POOL,
            actor=actor,
            message=MESSAGES.message(messages.CONTACT_STOPPED, reason=reason_given)
            if reason_given
            else MESSAGES.message(messages.OPTED_OUT),
        )
        audit_record(action="candidates.candidate.opt_out", actor=actor, target=candidate)
    return bool(marked)
