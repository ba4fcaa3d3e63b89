"""Reads of candidates, scoped by the access rules of accounts/roles.py.

Hiring managers and interviewers see candidates through the applications and
interview panels that interviews adds on top; those are followed here as ORM
relations (``applications``, ``interviews__panelists``), not imports.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import CANDIDATE_OWNER_ROLES, Reach, Role, rules_for
from candidates import search
from candidates.models import (
    Activity,
    BulkUpload,
    BulkUploadItem,
    Candidate,
    Consent,
    Document,
    Education,
    Experience,
    ImportJob,
    PrivacyNotice,
    ProposedUpdate,
    SkillTerm,
)
from core import crypto
from core.access import get_or_404
from core.models import AuditEvent


def candidate_list_for(user: User) -> QuerySet[Candidate]:
    """Every candidate ``user`` may see, merged records left out."""
    candidates = Candidate.objects.filter(merged_into__isnull=True)
    if not user.is_active:
        return candidates.none()
    reach = rules_for(user.role).candidates
    if reach == Reach.ALL:
        return candidates
    if reach == Reach.OWN_JOBS:
        from jobs.selectors import job_list_for

        return candidates.filter(applications__job__in=job_list_for(user).values("pk")).distinct()
    if reach == Reach.PANEL:
        return candidates.filter(applications__interviews__panelists__user=user).distinct()
    return candidates.none()


def get_candidate_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Candidate:
    """The candidate, or 404 if ``user`` may not see it; 403 if they may see
    but not change it and ``for_change`` is asked."""
    candidate = get_or_404(candidate_list_for(user), public_id=public_id)
    if for_change:
        require_candidates_write(user)
    return candidate


def can_write_candidates(user: User) -> bool:
    """Whether ``user``'s role creates and edits candidates (tags, notes, documents)."""
    return user.is_active and rules_for(user.role).candidates_write


def require_candidates_write(user: User) -> None:
    """403 for a role that may only read candidates."""
    if not can_write_candidates(user):
        raise PermissionDenied


def require_import_export(user: User) -> None:
    """403 for a role that may not import or export spreadsheets."""
    if not (user.is_active and rules_for(user.role).import_export):
        raise PermissionDenied


def get_import_job_for_user(user: User, public_id: UUID | str) -> ImportJob:
    """An import, if ``user``'s role may import (else 403) and it is theirs or
    they administer (else 404)."""
    require_import_export(user)
    jobs = ImportJob.objects.select_related("created_by")
    if user.role != Role.ADMINISTRATOR:
        jobs = jobs.filter(created_by=user)
    return get_or_404(jobs, public_id=public_id)


def get_bulk_upload_for_user(user: User, public_id: UUID | str) -> BulkUpload:
    """A bulk resume upload, if ``user``'s role may import (else 403) and it is
    theirs or they administer (else 404). Bulk upload is an import of
    candidates, so it follows the import rule rather than the one-by-one
    create rule: the roles that may bring many people in at once."""
    require_import_export(user)
    uploads = BulkUpload.objects.all()
    if user.role != Role.ADMINISTRATOR:
        uploads = uploads.filter(created_by=user)
    return get_or_404(uploads, public_id=public_id)


def bulk_uploads_recent_for(user: User, *, limit: int = 10) -> list[BulkUpload]:
    """``user``'s own latest bulk uploads, newest first."""
    return list(BulkUpload.objects.filter(created_by=user).order_by("-created_at", "-id")[:limit])


def bulk_upload_items(upload: BulkUpload) -> list[BulkUploadItem]:
    """An upload's files in the order they came, with their candidates (one query)."""
    return list(
        upload.items.select_related("candidate")
        .only(
            "public_id",
            "filename",
            "status",
            "reason",
            "reason_code",
            "upload_id",
            "candidate__public_id",
            "candidate__full_name",
        )
        .order_by("id")
    )


def get_document_for_user(user: User, public_id: UUID | str) -> Document:
    """The document, or 404 if ``user`` may not see its candidate."""
    document = get_or_404(Document.objects.select_related("candidate"), public_id=public_id)
    document.candidate = get_candidate_for_user(user, document.candidate.public_id)
    return document


def owner_choices() -> QuerySet[User]:
    """The people a candidate may be given to, by name."""
    return User.objects.filter(is_active=True, role__in=CANDIDATE_OWNER_ROLES).order_by("full_name", "email")


def can_see_contact_details(user: User) -> bool:
    return rules_for(user.role).contact_details


def can_see_compensation(user: User) -> bool:
    return rules_for(user.role).compensation


def can_see_proposed_contact_values(user: User) -> bool:
    """Whether ``user`` sees the contact values waiting as proposed updates:
    unconfirmed data from outside is for the staff who look after every
    record (contact details and all candidates in reach), never for a hiring
    manager or an interviewer."""
    return user.is_active and can_see_contact_details(user) and rules_for(user.role).candidates == Reach.ALL


def can_see_consents(user: User) -> bool:
    """Whether ``user`` sees a candidate's consents and their history: the
    staff who look after every record (administrators, recruiters,
    coordinators, reviewers). Never a hiring manager or an interviewer: the
    consents name the other clients a profile may be shared with."""
    return user.is_active and rules_for(user.role).candidates == Reach.ALL


def consent_history(candidate: Candidate) -> QuerySet[Consent]:
    """Every consent of ``candidate``, in force and withdrawn, newest first,
    with the client and the people who recorded and withdrew it (one query)."""
    return candidate.consents.select_related("client", "recorded_by", "withdrawn_by").order_by("-given_at", "-pk")


def get_consent_in_force(candidate: Candidate, pk: int) -> Consent:
    """One of ``candidate``'s consents in force (404 otherwise); the caller
    has checked that the user may change the candidate."""
    return get_or_404(candidate.consents.select_related("client").filter(withdrawn_at__isnull=True), pk=pk)


def contact_stop_entry(candidate: Candidate) -> Activity | None:
    """The timeline entry that stopped contact with ``candidate`` (who, and
    the reason a recruiter gave), or None when contact is allowed."""
    if candidate.contact_opt_out_at is None:
        return None
    return (
        candidate.activities.filter(message_id__in=CONTACT_STOP_MESSAGES)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
        .first()
    )


# The timeline messages of "contact stopped" (talentpool.messages registers them).
CONTACT_STOP_MESSAGES = ("talentpool.opted_out", "talentpool.contact_stopped")


def proposed_updates_pending(candidate: Candidate) -> QuerySet[ProposedUpdate]:
    """The values waiting for a person on ``candidate``'s profile, one per field."""
    return ProposedUpdate.objects.filter(candidate=candidate, status=ProposedUpdate.Status.PENDING).order_by(
        "field", "-created_at"
    )


def get_proposed_update_for_user(user: User, public_id: UUID | str) -> ProposedUpdate:
    """A proposed update, 404 unless ``user`` sees its candidate, 403 unless
    they may change the candidate (those who decide)."""
    proposal = get_or_404(
        ProposedUpdate.objects.select_related("candidate").filter(candidate__in=candidate_list_for(user)),
        public_id=public_id,
    )
    require_candidates_write(user)
    return proposal


def candidate_history(candidate: Candidate) -> tuple[list[Experience], list[Education]]:
    """The work history and the education of ``candidate``, newest first
    within the order a person gave them (two queries)."""
    experiences = list(Experience.objects.filter(candidate=candidate).order_by("order", "-is_current", "-start", "-id"))
    educations = list(Education.objects.filter(candidate=candidate).order_by("order", "-start", "-id"))
    return experiences, educations


def get_history_entry_for_user[T: (Experience, Education)](
    user: User, model: type[T], candidate_public_id: UUID | str, entry_id: int
) -> T:
    """An entry of a candidate's work history or education: 404 unless
    ``user`` sees the candidate and the entry is the candidate's, 403 unless
    they may change the candidate."""
    entry = get_or_404(
        model.objects.select_related("candidate").filter(candidate__in=candidate_list_for(user)),
        candidate__public_id=candidate_public_id,
        pk=entry_id,
    )
    require_candidates_write(user)
    return entry


def privacy_notice_in_force() -> PrivacyNotice | None:
    """The privacy notice applicants consent under now: the newest whose
    ``in_force_from`` has passed."""
    return PrivacyNotice.objects.filter(in_force_from__lte=timezone.now()).order_by("-in_force_from").first()


def skill_vocabulary() -> list:
    """The skills the resume parser recognises, with their aliases (one query)."""
    from candidates.parsing import SkillVocabularyEntry

    return [
        SkillVocabularyEntry(name=name, aliases=tuple(aliases or ()))
        for name, aliases in SkillTerm.objects.order_by("name").values_list("name", "aliases")
    ]


def skill_term_list() -> QuerySet[SkillTerm]:
    return SkillTerm.objects.order_by(Lower("name"))


def can_manage_skills(user: User) -> bool:
    """Whether ``user`` edits the team's skills vocabulary (the roles that
    keep the team's shared lists: templates and pools)."""
    return user.is_active and rules_for(user.role).templates_and_pools


def require_manage_skills(user: User) -> None:
    """403 for a role that works with every candidate but does not keep the
    team's lists; 404 for the rest: the page does not exist for them."""
    if can_manage_skills(user):
        return
    if user.is_active and rules_for(user.role).candidates == Reach.ALL:
        raise PermissionDenied
    raise Http404


def get_skill_term_for_user(user: User, pk: int) -> SkillTerm:
    require_manage_skills(user)
    return get_or_404(SkillTerm.objects.all(), pk=pk)


def candidate_find_by_email(email: str) -> QuerySet[Candidate]:
    """Candidates with this email, whatever its case, through the blind index."""
    index = crypto.email_index(email)
    return Candidate.objects.filter(email_index=index) if index else Candidate.objects.none()


def candidate_find_by_phone(phone: str) -> QuerySet[Candidate]:
    index = crypto.phone_index(phone)
    return Candidate.objects.filter(phone_index=index) if index else Candidate.objects.none()


# --- Search and keyset pagination ----------------------------------------------------

SORTS = ("relevance", "newest", "updated", "name")
# Names and companies within this trigram word similarity of the query match too (typos).
TYPO_SIMILARITY = 0.3
# Relevance is ranked over at most this many matches, newest first.
RANK_CAP = 1000


@dataclass(frozen=True)
class CandidateFilters:
    job: UUID | None = None
    stage: int | None = None
    client: UUID | None = None
    status: str | None = None  # of an application: active, hired, rejected, withdrawn
    source: int | None = None
    tags: tuple[str, ...] = ()
    owner: int | None = None
    location: str = ""
    created_from: datetime | None = None
    created_to: datetime | None = None
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    proposed: bool = False  # only those with a proposed update waiting for a decision


@dataclass(frozen=True)
class CandidatePage:
    results: list[Candidate]
    next_cursor: str | None
    # True when nothing matched the query exactly and these are near matches
    # (names and companies spelled alike).
    near_matches: bool = False


class BadCursor(ValueError):
    """A pagination cursor that was not made by this code (tampered or stale)."""


def _apply_filters(candidates: QuerySet[Candidate], f: CandidateFilters, user: User) -> QuerySet[Candidate]:
    # Application criteria apply to one and the same application (job AND stage
    # AND status), and only to applications the user may see: filtering by a
    # job they cannot see must not reveal who applied to it.
    on_application = {
        key: value
        for key, value in (
            ("applications__job__public_id", f.job),
            ("applications__stage_id", f.stage),
            ("applications__job__client__public_id", f.client),
            ("applications__status", f.status),
        )
        if value
    }
    if on_application:
        reach = rules_for(user.role).jobs
        if reach == Reach.PANEL:
            on_application["applications__interviews__panelists__user"] = user
        elif reach != Reach.ALL:
            from jobs.selectors import job_list_for

            on_application["applications__job__in"] = job_list_for(user).values("pk")
        candidates = candidates.filter(pk__in=Candidate.objects.filter(**on_application).values("pk"))
    for tag in f.tags:
        candidates = candidates.filter(pk__in=Candidate.objects.filter(tags__name=tag).values("pk"))
    exact = {
        "source_id": f.source,
        "owner_id": f.owner,
        "created_at__gte": f.created_from,
        "created_at__lt": f.created_to,
        "updated_at__gte": f.updated_from,
        "updated_at__lt": f.updated_to,
    }
    candidates = candidates.filter(**{key: value for key, value in exact.items() if value is not None})
    if f.location:
        candidates = candidates.filter(location__icontains=f.location)
    if f.proposed:
        candidates = candidates.filter(_proposals_waiting())
    return candidates


def _proposals_waiting() -> Exists:
    return Exists(ProposedUpdate.objects.filter(candidate=OuterRef("pk"), status=ProposedUpdate.Status.PENDING))


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise BadCursor(cursor) from None
    if not isinstance(values, list) or len(values) != 2 or not isinstance(values[1], int):
        raise BadCursor(cursor)
    return values


def candidate_search(
    user: User,
    *,
    query: str = "",
    filters: CandidateFilters | None = None,
    sort: str = "relevance",
    after: str | None = None,
    limit: int = 25,
) -> CandidatePage:
    """One page of the candidates ``user`` may see that match ``query`` and ``filters``.

    The query matches the weighted search document (name, pinyin of Chinese
    names, title, company, skills, tags, notes, resume text) and, for typos,
    names and companies by trigram word similarity. ``relevance`` ranks the
    first RANK_CAP matches; the other sorts need no query. Pages are keyset
    pages: ``after`` is the previous page's ``next_cursor``. Raises BadCursor.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    candidates = _apply_filters(candidate_list_for(user), filters or CandidateFilters(), user)
    text = search.query_text(query)
    if not text:
        return _search_page(candidates, sort=sort, after=after, limit=limit)
    tsquery = SearchQuery(text, config="simple", search_type="plain")
    page = _search_page(
        candidates.filter(search_vector=tsquery), sort=sort, after=after, limit=limit, rank=(tsquery, text)
    )
    if page.results or len(text.replace(" ", "")) < 3:
        return page
    # Typo tolerance is a fallback: only when nothing matches exactly (in the
    # same scope and filters), so "zhang wei" lists 张伟 rather than every
    # Zhang and every Wei. A second statement, on the trigram index, and only
    # then: one OR of both conditions made PostgreSQL compute the similarity
    # of every candidate (3.3 s at 200,000 candidates; bench/run). The %>
    # operator is word_similarity >= pg_trgm.word_similarity_threshold, which
    # settings set to TYPO_SIMILARITY on every connection.
    if after and candidates.filter(search_vector=tsquery).exists():
        return page  # a cursor past the last exact match: not a page of typo matches
    typos = candidates.filter(search_names__trigram_word_similar=text)
    page = _search_page(typos, sort=sort, after=after, limit=limit, rank=(tsquery, text))
    return replace(page, near_matches=bool(page.results))


def _search_page(
    candidates: QuerySet[Candidate], *, sort: str, after: str | None, limit: int, rank: tuple | None = None
) -> CandidatePage:
    """One keyset page of ``candidates`` in ``sort`` order; ``rank`` (the
    tsquery and the text) ranks the first RANK_CAP by relevance."""
    if sort == "relevance" and rank is not None:
        return _ranked_page(candidates, rank=rank, after=after, limit=limit)
    if sort == "name":
        candidates, key, descending = candidates.order_by("full_name", "id"), "full_name", False
    elif sort == "updated":
        candidates, key, descending = candidates.order_by("-updated_at", "-id"), "updated_at", True
    else:
        candidates, key, descending = candidates.order_by("-created_at", "-id"), "created_at", True
    if after:
        value, last_id = _decode(after)
        if key in ("created_at", "updated_at"):
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise BadCursor(after) from None
        # A row comparison, not "key < v OR (key = v AND id < last)": PostgreSQL
        # turns it into an index condition on (key, id). The OR form made the
        # deep page (100,000 rows in) filter 100,001 index entries: 293 ms in
        # EXPLAIN ANALYZE, against 0.1 ms.
        after_last = TupleLessThan if descending else TupleGreaterThan
        candidates = candidates.filter(after_last(Tuple(key, "id"), (value, last_id)))
    # "Proposed updates waiting" rides on the page's own query (a marker per row).
    rows = list(candidates.select_related("owner", "source").annotate(has_proposals=_proposals_waiting())[: limit + 1])
    return _page(rows, limit, lambda row: getattr(row, key))


# The relevance of a capped match: the ranks of candidate_search's SearchRank
# over SearchQuery(text, config="simple") and TrigramWordSimilarity, written
# out so that they run on the capped rows only (see _ranked_page).
_SCORES = (
    "SELECT ts_rank(capped.search_vector, plainto_tsquery('simple'::regconfig, %s))"
    " + word_similarity(%s, capped.search_names) * 0.5, capped.id"
    " FROM ({capped}) AS capped (id, search_vector, search_names)"
)


def _ranked_page(candidates: QuerySet[Candidate], *, rank: tuple, after: str | None, limit: int) -> CandidatePage:
    """The newest RANK_CAP matches scored (ids and scores only), ordered and
    cut after the cursor here, then one page of rows read by id.

    The scores are computed by an outer SELECT over the capped subquery, so
    PostgreSQL ranks at most RANK_CAP rows, after the LIMIT, without reading
    them again. Ranking in an outer query joined back by primary key re-read
    1,000 full rows (58 ms against 30 ms for a common word at S=1); ranking in
    the capped query itself ranked every match before the sort when the plan
    was a bitmap scan (5,747 matches of "product designer": 54 ms)."""
    _tsquery, text = rank
    capped = candidates.order_by("-created_at", "-id").values_list("pk", "search_vector", "search_names")[:RANK_CAP]
    sql, params = capped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_SCORES.format(capped=sql), [text, text, *params])
        scored = sorted(cursor.fetchall(), reverse=True)
    if after:
        value, last_id = _decode(after)
        if not isinstance(value, int | float):
            raise BadCursor(after)
        scored = [pair for pair in scored if pair < (value, last_id)]
    scored = scored[: limit + 1]
    found = (
        Candidate.objects.select_related("owner", "source")
        .annotate(has_proposals=_proposals_waiting())
        .in_bulk([pk for _rank, pk in scored])
    )
    rows = []
    for score, pk in scored:
        if pk in found:
            found[pk].rank = score
            rows.append(found[pk])
    return _page(rows, limit, lambda row: row.rank)


def _page(rows: list[Candidate], limit: int, key: Callable[[Candidate], Any]) -> CandidatePage:
    """``rows`` (up to limit + 1) as a page, with the cursor after its last row when there is more."""
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        value = key(rows[-1])
        next_cursor = _encode([value.isoformat() if isinstance(value, datetime) else value, rows[-1].pk])
    return CandidatePage(results=rows, next_cursor=next_cursor)


def candidate_timeline(
    candidate: Candidate, limit: int = 50, *, visible_targets: Mapping[str, QuerySet] | None = None
) -> list[Activity]:
    """A candidate's latest timeline entries, newest first, in one query on
    activity_timeline_idx (notes, stage changes, interviews, scorecards, emails,
    documents…).

    ``visible_targets`` maps a target type (``"interviews.application"``) to a
    queryset of the target ids, as text, that the viewer may see: entries about
    other objects of that type are left out (an interviewer does not see the
    candidate's other applications). The higher app that knows the rules builds it.
    """
    activities = Activity.objects.filter(candidate=candidate)
    for target_type, target_ids in (visible_targets or {}).items():
        activities = activities.filter(~Q(target_type=target_type) | Q(target_id__in=target_ids))
    return list(activities.select_related("actor").order_by("-occurred_at", "-id")[:limit])


# --- Duplicates: the create/edit form's warning -------------------------------------

# Names + companies at least this trigram-similar to the typed ones are flagged.
DUPLICATE_SIMILARITY = 0.5
DUPLICATE_LIMIT = 10


@dataclass(frozen=True)
class Duplicate:
    candidate: Candidate
    reasons: tuple[str, ...]  # of "email", "phone", "name_company", "name"


def candidate_duplicates_for(
    user: User,
    *,
    email: str = "",
    phone: str = "",
    full_name: str = "",
    company: str = "",
    exclude: UUID | None = None,
    limit: int = DUPLICATE_LIMIT,
) -> list[Duplicate]:
    """Candidates ``user`` may see that may be the person typed into the form.

    Exact matches by the blind-indexed email and phone (normalised, so any case
    or spelling of the same number), and fuzzy ones by trigram similarity of
    name (with its pinyin) and company against ``search_names``. ``exclude`` is
    the candidate being edited. At most three queries, each on an index.
    """
    visible = candidate_list_for(user)
    if exclude is not None:
        visible = visible.exclude(public_id=exclude)
    reasons: dict[int, list[str]] = {}
    found: dict[int, Candidate] = {}

    def add(candidates: QuerySet[Candidate], reason: str) -> None:
        for candidate in candidates.only("pk", "public_id", "full_name", "headline", "company", "location")[:limit]:
            found.setdefault(candidate.pk, candidate)
            reasons.setdefault(candidate.pk, []).append(reason)

    if email and email.strip():
        add(visible.filter(pk__in=candidate_find_by_email(email).values("pk")), "email")
    if phone and phone.strip():
        add(visible.filter(pk__in=candidate_find_by_phone(phone).values("pk")), "phone")
    text = search.names_text(full_name.strip(), company.strip()) if full_name and full_name.strip() else ""
    if len(text.replace(" ", "")) >= 3:
        add(
            visible.filter(search_names__trigram_similar=text)  # the GIN index, at pg_trgm's 0.3
            .annotate(name_similarity=TrigramSimilarity("search_names", text))
            .filter(name_similarity__gte=DUPLICATE_SIMILARITY)
            .order_by("-name_similarity", "-id"),
            "name_company" if company.strip() else "name",
        )
    return [Duplicate(candidate=found[pk], reasons=tuple(reasons[pk])) for pk in list(found)[:limit]]


def candidate_merged_into(public_id: UUID | str, *, hops: int = 5) -> str | None:
    """The public_id of the record a merged-away candidate now lives in, if any,
    following merges of merges; so old links to it can be redirected."""
    found = None
    for _hop in range(hops):
        target = (
            AuditEvent.objects.filter(action="candidates.candidate.merge", data__merged=str(public_id))
            .order_by("-created_at")
            .values_list("target_id", flat=True)
            .first()
        )
        if target is None:
            break
        found = public_id = target
    return found


@dataclass(frozen=True)
class Conflict:
    """A row of the other record that cannot move: the survivor already holds
    its counterpart under a unique constraint (e.g. both active in one job)."""

    model: type[models.Model]
    row: models.Model

    def __str__(self) -> str:
        return f"{self.model._meta.verbose_name}: {self.row}"


def candidate_relations() -> list[models.ForeignObjectRel]:
    """Every foreign key to Candidate, from any app, except the candidate's own
    reverse many-to-many (tags are handled as a union)."""
    return [
        rel
        for rel in Candidate._meta.related_objects
        if rel.one_to_many and isinstance(rel.field, models.ForeignKey) and rel.field.concrete
    ]


def _unique_sets(model: type[models.Model], field: str) -> list[tuple[list[str], models.Q | None]]:
    """(other fields, condition) of each unique rule on ``model`` that includes ``field``."""
    rules = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field in (constraint.fields or ()):
            rules.append(([f for f in constraint.fields if f != field], constraint.condition))
    for together in model._meta.unique_together:
        if field in together:
            rules.append(([f for f in together if f != field], None))
    return rules


def candidate_merge_conflicts(*, survivor: Candidate, other: Candidate) -> list[Conflict]:
    """Rows of ``other`` that would break a unique rule if moved to ``survivor``."""
    conflicts = []
    for rel in candidate_relations():
        model, field = rel.related_model, rel.field.name
        for rest, condition in _unique_sets(model, field):
            condition = condition or models.Q()
            twin = model._default_manager.filter(condition, **{field: survivor}, **{f: OuterRef(f) for f in rest})
            clashing = model._default_manager.filter(condition, Exists(twin), **{field: other})
            conflicts.extend(Conflict(model=model, row=row) for row in clashing)
    return conflicts


def candidate_related_counts(candidate: Candidate) -> list[tuple[str, int]]:
    """(plural name, count) of each kind of row pointing at ``candidate``: what a
    merge would move. One count query per relation."""
    counts = []
    for rel in candidate_relations():
        model, field = rel.related_model, rel.field.name
        if count := model._default_manager.filter(**{field: candidate}).count():
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts
