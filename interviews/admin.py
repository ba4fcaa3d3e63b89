"""Admin for interview plans, pipelines, interviews and scorecards.

Plans, kits, scorecard templates and a job's stages are audited reference
rows (core.services.reference_save); questions and criteria are changed with
question_update / criterion_update, which add a version instead of editing a
scored one in place. Applications are created and
moved with interviews.services; interviews are scheduled with
interview_schedule and cancelled with interview_cancel (an action). History
(stage transitions), scorecards with their ratings, candidates' feedback, slots
and scheduling invitations are read-only; unavailable times are reference rows.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import ActionLocation
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    ReadOnlyInlineMixin,
    ReadOnlyModelAdmin,
    ServiceAdminMixin,
    ServiceModelAdmin,
    adopt,
)
from interviews.models import (
    Application,
    CandidateFeedback,
    Criterion,
    Interview,
    InterviewKit,
    InterviewPlanTemplate,
    InterviewSlot,
    KitQuestion,
    Panelist,
    Question,
    Rating,
    SchedulingInvitation,
    Scorecard,
    ScorecardTemplate,
    Stage,
    StageTemplate,
    StageTransition,
    Trigger,
    Unavailability,
)
from interviews.models.closing import OTHER as OTHER_REASON
from interviews.services import (
    CRITERION_FIELDS,
    QUESTION_FIELDS,
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_withdraw,
    criterion_update,
    interview_schedule,
    question_update,
)
from interviews.services.scheduling import interview_cancel
from interviews.services.triggers import trigger_delete, trigger_save

# Related rows a changelist of applications or interviews prints: an
# application's str() names its candidate and its job, a job's its client.
APPLICATION_LABEL = ("application__candidate", "application__job__client")


# --- Question bank, kits, scorecard templates, plans -----------------------------------


def versioned_changes(obj, changed_fields, allowed) -> dict:
    """The changed values of ``obj`` that a versioned update service accepts."""
    return {name: getattr(obj, name) for name in changed_fields if name in allowed}


@admin.register(Question)
class QuestionAdmin(ServiceModelAdmin):
    """The shared question bank. Added as a reference row; changed with
    question_update, which turns the change into a new version when the
    question has been used in a scored interview. Old versions are read-only."""

    list_display = ("text_preview", "competency", "version", "is_current", "updated_at")
    list_filter = ("is_current", "competency")
    list_select_related = ()
    search_fields = ("text", "competency")
    readonly_fields = ("version", "is_current", "public_id", "family", "created_at", "updated_at")
    fields = ("competency", "text", "good_answer", "rubric", *readonly_fields)

    @admin.display(description=_("question"), ordering="text")
    def text_preview(self, obj: Question) -> str:
        return str(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = versioned_changes(obj, form.changed_data, QUESTION_FIELDS)
        adopt(obj, question_update(question=obj, actor=request.user, **changes))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_current)


class KitQuestionInline(admin.TabularInline):
    model = KitQuestion
    extra = 0
    fields = ("order", "question")
    ordering = ("order",)
    autocomplete_fields = ("question",)


@admin.register(InterviewKit)
class InterviewKitAdmin(ServiceModelAdmin):
    inlines = (KitQuestionInline,)
    list_display = ("name", "updated_at")
    list_select_related = ()
    search_fields = ("name",)
    readonly_fields = ("created_at", "updated_at")


class CriterionInline(admin.StackedInline):
    """The template's current criteria; a change to a scored one becomes a new
    version (criterion_update)."""

    model = Criterion
    extra = 0
    fields = (("name", "group", "order"), ("weight", "required", "version"), "description", "anchors")
    readonly_fields = ("version",)
    ordering = ("order", "id")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_current=True)


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(ServiceModelAdmin):
    inlines = (CriterionInline,)
    list_display = ("name", "updated_at")
    list_select_related = ()
    search_fields = ("name",)
    readonly_fields = ("created_at", "updated_at")

    def save_inline(self, request, obj, changed_fields):
        if isinstance(obj, Criterion) and changed_fields is not None:
            criterion_update(
                criterion=obj, actor=request.user, **versioned_changes(obj, changed_fields, CRITERION_FIELDS)
            )
        else:
            super().save_inline(request, obj, changed_fields)


@admin.register(Criterion)
class CriterionAdmin(ServiceModelAdmin):
    """Scorecard criteria. Added as reference rows; changed with
    criterion_update: ratings point at the exact version scored, so changing a
    scored criterion adds a version. Old versions are read-only."""

    list_display = ("name", "template", "group", "version", "is_current", "weight", "required", "order")
    list_filter = ("group", "is_current", "required")
    list_select_related = ("template",)
    search_fields = ("name", "template__name")
    readonly_fields = ("version", "is_current", "public_id", "family", "created_at", "updated_at")
    fields = ("template", "group", "name", "description", "anchors", "weight", "required", "order", *readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        # A criterion stays on its template; a new version is added there.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else ["template", *readonly]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = versioned_changes(obj, form.changed_data, CRITERION_FIELDS)
        adopt(obj, criterion_update(criterion=obj, actor=request.user, **changes))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_current)


class StageTemplateInline(admin.TabularInline):
    model = StageTemplate
    extra = 0
    fields = (
        "order",
        "name",
        "kind",
        "duration_minutes",
        "interviewers_needed",
        "sla_days",
        "kit",
        "scorecard_template",
    )
    ordering = ("order",)


@admin.register(InterviewPlanTemplate)
class InterviewPlanTemplateAdmin(ServiceModelAdmin):
    """Plan templates; a new job copies the stages (editing them here never
    changes existing jobs)."""

    inlines = (StageTemplateInline,)
    list_display = ("name", "is_active", "updated_at")
    list_filter = ("is_active",)
    list_select_related = ()
    search_fields = ("name",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Stage)
class StageAdmin(ServiceModelAdmin):
    """A job's own stages. A stage that holds applications is protected from
    deletion (archive it instead)."""

    list_display = ("job", "order", "name", "kind", "sla_days", "archived_at")
    list_filter = ("kind",)
    list_select_related = ("job", "job__client")
    search_fields = ("name", "job__title")
    autocomplete_fields = ("job",)
    readonly_fields = ("created_at", "updated_at")


# --- Applications --------------------------------------------------------------------


class StageTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = StageTransition
    fields = ("created_at", "from_stage", "to_stage", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    ordering = ("created_at", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_stage", "to_stage", "actor")


class ApplicationChangeForm(forms.ModelForm):
    move_note = forms.CharField(label=_("note on the move"), max_length=300, required=False)

    class Meta:
        model = Application
        fields = ("stage",)


ACTIONS_EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Application)
class ApplicationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Applications: added with application_create, moved with
    application_move (changing the stage writes a StageTransition), closed
    with the reject / hire / withdraw actions. Never deleted: the history
    stays."""

    change_form_class = ApplicationChangeForm
    inlines = (StageTransitionInline,)
    list_display = ("candidate", "job", "stage", "status", "stage_entered_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("candidate", "job", "job__client", "stage")
    search_fields = ("candidate__full_name", "job__title")
    autocomplete_fields = ("candidate", "job", "source")
    raw_id_fields = ("stage",)
    show_full_result_count = False
    actions = ("reject_other", "hire", "withdraw")
    add_fields = ("candidate", "job", "stage", "source")
    readonly_fields = (
        "public_id",
        "candidate",
        "job",
        "status",
        "rejection_reason",
        "rejection_note",
        "withdrawal_reason",
        "withdrawal_note",
        "source",
        "stage_entered_at",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("candidate", "job", "stage", "move_note", "status", "stage_entered_at")}),
        (
            _("Outcome"),
            {"fields": ("rejection_reason", "rejection_note", "withdrawal_reason", "withdrawal_note", "closed_at")},
        ),
        (_("History"), {"fields": ("public_id", "source", "created_by", "created_at", "updated_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": self.add_fields}),)
        fieldsets = super().get_fieldsets(request, obj)
        if obj.status == Application.Status.ACTIVE:
            return fieldsets
        first = [name for name in fieldsets[0][1]["fields"] if name != "move_note"]
        return ((None, {"fields": first}), *fieldsets[1:])

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.status != Application.Status.ACTIVE:
            return (*self.readonly_fields, "stage")
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return () if obj is None else self.inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = self.change_form_class
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            form.base_fields["stage"].required = False
            form.base_fields["stage"].help_text = _("Empty: the job's first stage.")
        elif "stage" in form.base_fields:
            # Only the application's own job's live stages are destinations.
            form.base_fields["stage"] = forms.ModelChoiceField(
                label=Application._meta.get_field("stage").verbose_name,
                queryset=obj.job.stages.filter(archived_at__isnull=True).order_by("order"),
            )
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            saved = application_create(
                candidate=obj.candidate,
                job=obj.job,
                actor=request.user,
                stage=form.cleaned_data.get("stage"),
                source=obj.source,
            )
        elif "stage" in form.changed_data:
            saved = application_move(
                application=obj,
                to_stage=form.cleaned_data["stage"],
                actor=request.user,
                note=form.cleaned_data.get("move_note", ""),
            )
        else:
            return
        adopt(obj, saved)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Reject (reason: other)"), permissions=["change"], location=ACTIONS_EVERYWHERE)
    def reject_other(self, request, queryset):
        self.run_service_action(
            request,
            queryset,
            lambda application: application_reject(application=application, actor=request.user, reason=OTHER_REASON),
            lambda count: (
                ngettext("%(count)d application rejected.", "%(count)d applications rejected.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Hire"), permissions=["change"], location=ACTIONS_EVERYWHERE)
    def hire(self, request, queryset):
        self.run_service_action(
            request,
            queryset,
            lambda application: application_hire(application=application, actor=request.user),
            lambda count: (
                ngettext("%(count)d application hired.", "%(count)d applications hired.", count) % {"count": count}
            ),
        )

    @admin.action(description=_("Withdraw (reason: other)"), permissions=["change"], location=ACTIONS_EVERYWHERE)
    def withdraw(self, request, queryset):
        self.run_service_action(
            request,
            queryset,
            lambda application: application_withdraw(application=application, actor=request.user, reason=OTHER_REASON),
            lambda count: (
                ngettext("%(count)d application withdrawn.", "%(count)d applications withdrawn.", count)
                % {"count": count}
            ),
        )


@admin.register(StageTransition)
class StageTransitionAdmin(ReadOnlyModelAdmin):
    """Every move of every application, append-only."""

    list_display = ("created_at", "application", "from_stage", "to_stage", "from_status", "to_status", "actor")
    list_filter = ("to_status",)
    list_select_related = (*APPLICATION_LABEL, "from_stage", "to_stage", "actor")
    search_fields = ("application__candidate__full_name", "application__job__title")
    raw_id_fields = ("application", "from_stage", "to_stage", "actor")
    show_full_result_count = False


# --- Interviews ----------------------------------------------------------------------


class PanelistInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Panelist
    fields = ("user",)
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Interview)
class InterviewAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Interviews, scheduled with interview_schedule (which seats the panel and
    sends the invitations). Rescheduling is done on the interview's page in the
    product; here an interview can be cancelled (the panel and the candidate get
    the calendar cancellation) and is otherwise view-only."""

    inlines = (PanelistInline,)
    actions = ("cancel_interviews",)
    list_display = ("starts_at", "application", "stage", "status", "created_by")
    list_filter = ("status",)
    list_select_related = (*APPLICATION_LABEL, "stage", "created_by")
    search_fields = ("application__candidate__full_name", "application__job__title")
    raw_id_fields = ("application", "stage")
    show_full_result_count = False
    add_fields = ("application", "stage", "starts_at", "ends_at", "location", "video_url", "panel")
    fields = (
        "application",
        "stage",
        "starts_at",
        "ends_at",
        "location",
        "video_url",
        "status",
        "sequence",
        "created_by",
        "public_id",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("status", "sequence", "created_by", "public_id", "created_at", "updated_at")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return () if obj is None else self.inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["fields"] = [name for name in self.add_fields if name != "panel"]
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            panel_field = Interview._meta.get_field("panel")
            form.base_fields["stage"].required = False
            form.base_fields["stage"].help_text = _("Empty: the application's current stage.")
            form.base_fields["panel"] = forms.ModelMultipleChoiceField(
                label=panel_field.verbose_name,
                queryset=panel_field.remote_field.model._default_manager.filter(is_active=True),
                widget=AutocompleteSelectMultiple(panel_field, self.admin_site),
            )
        return form

    def save_model(self, request, obj, form, change):
        saved = interview_schedule(
            application=obj.application,
            actor=request.user,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            panel=list(form.cleaned_data["panel"]),
            stage=form.cleaned_data.get("stage"),
            location=obj.location,
            video_url=obj.video_url,
        )
        adopt(obj, saved)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Cancel the selected interviews (sends the calendar cancellation)"))
    def cancel_interviews(self, request, queryset):
        done = 0
        for interview in queryset.filter(status=Interview.Status.SCHEDULED):
            interview_cancel(interview=interview, actor=request.user, reason=_("Cancelled in the administration"))
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d interview cancelled.", "%(count)d interviews cancelled.", done) % {"count": done},
        )


@admin.register(Trigger)
class TriggerAdmin(ServiceModelAdmin):
    """Automatic emails: saved with trigger_save (validated, audited), deleted
    with trigger_delete. The pipeline's trigger pages do the same for
    recruiters."""

    list_display = ("event", "job", "stage", "rejection_reason", "template_name", "delay_hours", "timing", "is_active")
    list_filter = ("event", "is_active", "timing")
    list_select_related = ("job__client", "stage")
    search_fields = ("template_name", "job__title", "stage__name")
    autocomplete_fields = ("job", "stage")
    readonly_fields = ("public_id", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        trigger_save(trigger=obj, actor=request.user)

    def delete_model(self, request, obj):
        trigger_delete(trigger=obj, actor=request.user)


@admin.register(Unavailability)
class UnavailabilityAdmin(ServiceModelAdmin):
    """Times users declared they cannot interview; scheduling shows them as conflicts."""

    list_display = ("user", "starts_at", "ends_at", "reason")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_name", "reason")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(InterviewSlot)
class InterviewSlotAdmin(ReadOnlyModelAdmin):
    """Times offered for self-scheduling; booked through the candidate's link."""

    list_display = ("starts_at", "stage", "interview", "booked_at", "created_by")
    list_filter = (("interview", admin.EmptyFieldListFilter),)
    list_select_related = ("stage", "stage__job", "interview", "created_by")
    search_fields = ("stage__name", "stage__job__title")
    raw_id_fields = ("stage", "interview", "created_by")


@admin.register(SchedulingInvitation)
class SchedulingInvitationAdmin(ReadOnlyModelAdmin):
    """Invitations to pick a slot, sent from the offer page; read-only."""

    list_display = ("created_at", "application", "stage", "status", "expires_at", "created_by")
    list_filter = ("status",)
    list_select_related = (*APPLICATION_LABEL, "stage", "created_by")
    search_fields = ("application__candidate__full_name", "application__job__title")
    raw_id_fields = ("application", "stage", "interview", "created_by")


# --- Scorecards and feedback ---------------------------------------------------------


class RatingInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Rating
    fields = ("criterion", "score", "note")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyModelAdmin):
    """Scorecards, read-only: panelists submit them (scorecard_submit) and a
    submitted scorecard is final."""

    inlines = (RatingInline,)
    list_display = ("interview", "interviewer", "status", "recommendation", "submitted_at")
    list_filter = ("status", "recommendation")
    list_select_related = ("interview__stage", "interviewer")
    search_fields = ("interviewer__full_name", "interview__application__candidate__full_name")
    raw_id_fields = ("interview", "interviewer")


@admin.register(Rating)
class RatingAdmin(ReadOnlyModelAdmin):
    """Every rating given, for calibration; written by scorecard_submit."""

    list_display = ("criterion", "score", "scorecard")
    list_filter = ("score",)
    list_select_related = ("criterion", "scorecard__interviewer", "scorecard__interview__stage")
    search_fields = ("criterion__name",)
    raw_id_fields = ("scorecard", "criterion")
    show_full_result_count = False


@admin.register(CandidateFeedback)
class CandidateFeedbackAdmin(ReadOnlyModelAdmin):
    """Candidates' survey answers, read-only."""

    list_display = ("submitted_at", "application", "stage", "satisfaction", "recommend_score")
    list_filter = ("satisfaction",)
    list_select_related = (*APPLICATION_LABEL, "stage")
    search_fields = ("application__candidate__full_name", "comment")
    raw_id_fields = ("application", "interview", "stage")
