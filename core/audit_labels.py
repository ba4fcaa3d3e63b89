"""What an audit action (``interviews.application.rejected``) is called on a
page: the object's name and the verb, both in the reader's language, never
the code. The object comes from the model registry (``app.model``); the verb
from VERBS; an unknown verb reads as words, not as a code."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import pgettext, pgettext_lazy

# Objects named in actions that are not a model of their app.
SUBJECTS = {
    ("analytics", "report"): pgettext_lazy("audit event", "report"),
    ("candidates", "import"): pgettext_lazy("audit event", "import"),
    ("interviews", "invitation"): pgettext_lazy("audit event", "scheduling invitation"),
    ("interviews", "slot"): pgettext_lazy("audit event", "interview times"),
    ("interviews", "job"): pgettext_lazy("audit event", "job"),
    ("accounts", "address"): pgettext_lazy("audit event", "sign-in address"),
}
VERBS = {
    "create": pgettext_lazy("audit event", "created"),
    "give": pgettext_lazy("audit event", "consent given"),
    "withdraw": pgettext_lazy("audit event", "consent withdrawn"),
    "build": pgettext_lazy("audit event", "archive built"),
    "deletion_ask": pgettext_lazy("audit event", "deletion asked for"),
    "confirm": pgettext_lazy("audit event", "confirmed"),
    "publish": pgettext_lazy("audit event", "published"),
    "unpublish": pgettext_lazy("audit event", "unpublished"),
    "update": pgettext_lazy("audit event", "changed"),
    "delete": pgettext_lazy("audit event", "deleted"),
    "merge": pgettext_lazy("audit event", "merged"),
    "opt_out": pgettext_lazy("audit event", "opted out of contact"),
    "view": pgettext_lazy("audit event", "viewed"),
    "download": pgettext_lazy("audit event", "downloaded"),
    "preview": pgettext_lazy("audit event", "previewed"),
    "export": pgettext_lazy("audit event", "exported"),
    "start": pgettext_lazy("audit event", "started"),
    "finish": pgettext_lazy("audit event", "finished"),
    "upload": pgettext_lazy("audit event", "uploaded"),
    "invite": pgettext_lazy("audit event", "invited"),
    "invitation_accept": pgettext_lazy("audit event", "accepted the invitation"),
    "invitation_resend": pgettext_lazy("audit event", "invitation sent again"),
    "login": pgettext_lazy("audit event", "signed in"),
    "login_failed": pgettext_lazy("audit event", "sign-in failed"),
    "logout": pgettext_lazy("audit event", "signed out"),
    "sso_login": pgettext_lazy("audit event", "signed in through single sign-on"),
    "sso_refused": pgettext_lazy("audit event", "single sign-on refused"),
    "sso_create": pgettext_lazy("audit event", "created at a first single sign-on"),
    "locked_out": pgettext_lazy("audit event", "sign-in locked after failed attempts"),
    "unlock": pgettext_lazy("audit event", "sign-in unlocked"),
    "session_end": pgettext_lazy("audit event", "session signed out"),
    "sessions_end": pgettext_lazy("audit event", "signed out everywhere"),
    "role_change": pgettext_lazy("audit event", "role changed"),
    "mfa_add": pgettext_lazy("audit event", "second factor added"),
    "mfa_remove": pgettext_lazy("audit event", "second factor removed"),
    "mfa_use": pgettext_lazy("audit event", "second factor used"),
    "mfa_failed": pgettext_lazy("audit event", "wrong second-factor code"),
    "mfa_reset": pgettext_lazy("audit event", "two-factor sign-in reset by an administrator"),
    "recovery_codes_regenerate": pgettext_lazy("audit event", "recovery codes generated again"),
    "recovery_code_use": pgettext_lazy("audit event", "recovery code used"),
    "override": pgettext_lazy("audit event", "moved on without the missing scorecards"),
    "submit": pgettext_lazy("audit event", "submitted"),
    "repeat": pgettext_lazy("audit event", "applied again"),
    "cancel": pgettext_lazy("audit event", "cancelled"),
    "reschedule": pgettext_lazy("audit event", "rescheduled"),
    "reorder": pgettext_lazy("audit event", "reordered"),
    "stages_reorder": pgettext_lazy("audit event", "stages reordered"),
    "book": pgettext_lazy("audit event", "booked"),
    "other_times": pgettext_lazy("audit event", "other times asked for"),
    "send": pgettext_lazy("audit event", "sent"),
    "send_now": pgettext_lazy("audit event", "sent now"),
    "revise": pgettext_lazy("audit event", "revised"),
    "offer": pgettext_lazy("audit event", "offered"),
    "archive": pgettext_lazy("audit event", "archived"),
    "grant": pgettext_lazy("audit event", "access granted"),
    "revoke": pgettext_lazy("audit event", "access withdrawn"),
    "member_add": pgettext_lazy("audit event", "team member added"),
    "member_remove": pgettext_lazy("audit event", "team member removed"),
    "status": pgettext_lazy("audit event", "status changed"),
    "resend": pgettext_lazy("audit event", "sent again"),
    "answer": pgettext_lazy("audit event", "answered"),
    "rejected": pgettext_lazy("audit event", "rejected"),
    "reject_undo": pgettext_lazy("audit event", "rejection undone"),
    "withdrawn": pgettext_lazy("audit event", "withdrawn"),
    "hired": pgettext_lazy("audit event", "hired"),
    "active": pgettext_lazy("audit event", "reopened"),
    "accept": pgettext_lazy("audit event", "accepted"),
    "dismiss": pgettext_lazy("audit event", "dismissed"),
    "resume_confirm": pgettext_lazy("audit event", "confirmed the values from the resume"),
    "decline": pgettext_lazy("audit event", "declined"),
    "expire": pgettext_lazy("audit event", "expired"),
    "approve": pgettext_lazy("audit event", "approved"),
    "reopen": pgettext_lazy("audit event", "reopened"),
    "retire": pgettext_lazy("audit event", "retired"),
    "restore": pgettext_lazy("audit event", "restored"),
    "fill": pgettext_lazy("audit event", "filled, remaining applications closed"),
    "fee_terms": pgettext_lazy("audit event", "fee terms changed"),
    "fall_through": pgettext_lazy("audit event", "fell through"),
    "fall_through_undo": pgettext_lazy("audit event", "fall-through undone"),
    "deactivate": pgettext_lazy("audit event", "deactivated"),
    "connection_test": pgettext_lazy("audit event", "connection tested"),
    "convert": pgettext_lazy("audit event", "turned into a candidate"),
    "attach": pgettext_lazy("audit event", "attached to a candidate"),
    "reconsent_ask": pgettext_lazy("audit event", "candidates asked to consent again"),
    "anonymise": pgettext_lazy("audit event", "anonymised"),
    "legal_hold": pgettext_lazy("audit event", "legal hold placed"),
    "legal_hold_release": pgettext_lazy("audit event", "legal hold lifted"),
    "renewal_ask": pgettext_lazy("audit event", "asked to renew consent"),
}


def audit_action_label(action: str) -> str:
    """``action`` as words: "<object>: <verb>" (``candidates.candidate.merge``
    → "candidate: merged")."""
    parts = action.split(".")
    if len(parts) < 3:
        return _humanise(action)
    app_label, model_name, verb = parts[0], parts[1], ".".join(parts[2:])
    subject = SUBJECTS.get((app_label, model_name))
    if subject is None:
        try:
            subject = apps.get_model(app_label, model_name.replace("_", ""))._meta.verbose_name
        except LookupError:
            subject = _humanise(model_name)
    label = VERBS.get(verb)
    return pgettext("an audit event: object, what happened", "%(object)s: %(verb)s") % {
        "object": str(subject),
        "verb": str(label) if label is not None else _humanise(verb),
    }


def _humanise(code: str) -> str:
    return code.replace("_", " ").replace(".", " ")
