"""The form of the trigger pages (interviews.views.triggers).

It parses and checks what the model can (ModelForm validation runs
Trigger.clean); it never saves: the view hands the instance to
interviews.services.triggers.trigger_save, whose refusals (a template gone,
a scope already taken) come back as the form's errors.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from interviews.models import ClosingReason, Trigger
from interviews.models.triggers import MAX_DELAY_HOURS
from interviews.selectors.closing import closing_reason_choices
from interviews.selectors.triggers import trigger_template_names
from jobs.models import Job
from messaging.models import EmailTemplate


class TriggerForm(forms.ModelForm):
    template_name = forms.ChoiceField(
        label=_("Email template"),
        required=False,
        help_text=_(
            "Needed for stage entry and rejection; optional for the thank-you (else the built-in one); "
            "not used by the other events."
        ),
    )

    # The model keeps a code (interviews.ClosingReason); the list is read per form.
    rejection_reason = forms.ChoiceField(label=_("Rejection reason"), required=False, choices=[])
    delay_hours = forms.IntegerField(
        label=_("Delay (hours)"),
        min_value=0,
        max_value=MAX_DELAY_HOURS,
        initial=0,
        help_text=_("Hours after the event. Interview emails always go at once."),
    )

    class Meta:
        model = Trigger
        fields = ["event", "stage", "rejection_reason", "template_name", "delay_hours", "timing", "is_active"]

    def __init__(self, *args, job: Job | None = None, **kwargs) -> None:
        kwargs.setdefault("instance", Trigger(job=job))
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = Trigger.Event.choices
        reason = self.fields["rejection_reason"]
        # Active reasons, and the trigger's own if it was retired since (editing keeps it).
        active = closing_reason_choices(ClosingReason.Kind.REJECTION, keep=self.instance.rejection_reason)
        reason.choices = [("", _("any reason")), *active]
        reason.help_text = _("Rejection triggers only: a rule for one reason beats the one for any reason.")
        if job is None:
            del self.fields["stage"]
        else:
            stage = self.fields["stage"]
            # The trigger's own stage stays choosable after it was archived.
            current = Q(archived_at__isnull=True) | Q(pk=self.instance.stage_id)
            stage.queryset = job.stages.filter(current).order_by("order")
            stage.empty_label = _("every stage of this job")
            stage.help_text = _("A rule for a stage beats the one for the whole job.")
        groups: dict[str, list[tuple[str, str]]] = {}
        for purpose, name in trigger_template_names():
            groups.setdefault(purpose, []).append((name, name))
        labels = dict(EmailTemplate.Purpose.choices)
        self.fields["template_name"].choices = [
            ("", _("— built-in email —")),
            *((str(labels[purpose]).capitalize(), names) for purpose, names in groups.items()),
        ]
