"""Forms of the interview-plan pages: plan templates and stages, questions,
kits, scorecard templates and criteria, and a job's stage actions.

Plain forms whose cleaned data are the keyword arguments of the services in
interviews.services.plans and interviews.services.job_stages; the fields take
their labels from the models.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.limits import long_text
from interviews.models import Criterion, InterviewPlanTemplate, Question, Stage
from interviews.selectors import plans as selectors
from interviews.selectors.scheduling import panel_role_users
from interviews.services.plans import SCORES, STAGE_FIELDS


def _field(model, name: str, **kwargs) -> forms.Field:
    return model._meta.get_field(name).formfield(**kwargs)


class PlanForm(forms.Form):
    name = _field(InterviewPlanTemplate, "name")
    description = _field(InterviewPlanTemplate, "description", **long_text(widget=forms.Textarea(attrs={"rows": 3})))
    is_active = _field(InterviewPlanTemplate, "is_active")

    @classmethod
    def for_plan(cls, plan: InterviewPlanTemplate, data=None) -> PlanForm:
        return cls(data, initial={name: getattr(plan, name) for name in cls.base_fields})


class StageForm(forms.Form):
    """A stage of a plan template or of a job: the fields they share."""

    name = _field(Stage, "name")
    kind = _field(Stage, "kind")
    goal = _field(Stage, "goal", **long_text(widget=forms.Textarea(attrs={"rows": 2})))
    duration_minutes = _field(Stage, "duration_minutes", min_value=5)
    interviewers_needed = _field(Stage, "interviewers_needed", min_value=0)
    sla_days = _field(Stage, "sla_days", min_value=1)
    kit = forms.ModelChoiceField(label=_("Interview kit"), queryset=None, required=False)
    scorecard_template = forms.ModelChoiceField(label=_("Scorecard template"), queryset=None, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kit"].queryset = selectors.kits_for_choice()
        self.fields["scorecard_template"].queryset = selectors.scorecard_templates_for_choice()

    @classmethod
    def for_stage(cls, stage, data=None) -> StageForm:
        return cls(data, initial={name: getattr(stage, name) for name in STAGE_FIELDS})


class JobStageForm(StageForm):
    """A job's own stage: the shared fields and who is qualified for its panels."""

    interviewers = forms.ModelMultipleChoiceField(
        label=_("Qualified interviewers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these people can be put on this stage's panels. Nobody ticked: anyone who interviews."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = panel_role_users()

    @classmethod
    def for_stage(cls, stage, data=None) -> JobStageForm:
        initial = {name: getattr(stage, name) for name in STAGE_FIELDS}
        return cls(data, initial={**initial, "interviewers": list(stage.interviewers.all())})


def _scale_field(label, *, required: bool) -> forms.CharField:
    return forms.CharField(**long_text(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2})))


class _ScaleForm(forms.Form):
    """A form with four text inputs, one per point of the 1–4 scale, gathered
    into ``cleaned_data[scale_name]`` as {"1": …, "4": …}."""

    scale_name = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        texts = {score: (data.pop(f"{self.scale_name}_{score}", "") or "").strip() for score in SCORES}
        # Blank points are left out, as the services store them.
        data[self.scale_name] = {score: text for score, text in texts.items() if text}
        return data

    @classmethod
    def initial_scale(cls, values: dict[str, str]) -> dict[str, str]:
        return {f"{cls.scale_name}_{score}": values.get(score, "") for score in SCORES}


class QuestionForm(_ScaleForm):
    scale_name = "rubric"
    competency = _field(Question, "competency")
    text = _field(Question, "text", **long_text(widget=forms.Textarea(attrs={"rows": 3})))
    good_answer = _field(Question, "good_answer", **long_text(widget=forms.Textarea(attrs={"rows": 3})))
    rubric_1 = _scale_field(_("Rubric: what a 1 sounds like"), required=False)
    rubric_2 = _scale_field(_("Rubric: what a 2 sounds like"), required=False)
    rubric_3 = _scale_field(_("Rubric: what a 3 sounds like"), required=False)
    rubric_4 = _scale_field(_("Rubric: what a 4 sounds like"), required=False)

    @classmethod
    def for_question(cls, question: Question, data=None) -> QuestionForm:
        initial = {"competency": question.competency, "text": question.text, "good_answer": question.good_answer}
        return cls(data, initial={**initial, **cls.initial_scale(question.rubric)})


class CriterionForm(_ScaleForm):
    scale_name = "anchors"
    group = _field(Criterion, "group")
    name = _field(Criterion, "name")
    description = _field(Criterion, "description", **long_text(widget=forms.Textarea(attrs={"rows": 2})))
    anchors_1 = _scale_field(_("1 – anchor text"), required=True)
    anchors_2 = _scale_field(_("2 – anchor text"), required=True)
    anchors_3 = _scale_field(_("3 – anchor text"), required=True)
    anchors_4 = _scale_field(_("4 – anchor text"), required=True)
    weight = _field(Criterion, "weight", min_value=1)
    required = _field(Criterion, "required")

    @classmethod
    def for_criterion(cls, criterion: Criterion, data=None) -> CriterionForm:
        initial = {name: getattr(criterion, name) for name in ("group", "name", "description", "weight", "required")}
        return cls(data, initial={**initial, **cls.initial_scale(criterion.anchors)})


class NameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class KitQuestionForm(forms.Form):
    question = forms.ModelChoiceField(label=_("Question"), queryset=Question.objects.none(), to_field_name="public_id")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = selectors.question_list()


class MoveForm(forms.Form):
    """One place up or down in an ordered list (stages, kit questions, criteria)."""

    UP, DOWN = "up", "down"
    direction = forms.ChoiceField(choices=[(UP, _("Up")), (DOWN, _("Down"))])

    def moved(self, ids: list[int], pk: int) -> list[int]:
        """``ids`` with ``pk`` moved one place in the valid form's direction
        (unchanged at either end)."""
        ids = list(ids)
        at = ids.index(pk)
        to = at - 1 if self.cleaned_data["direction"] == self.UP else at + 1
        if 0 <= to < len(ids):
            ids[at], ids[to] = ids[to], ids[at]
        return ids


class _OtherStageForm(forms.Form):
    def __init__(self, *args, stages: QuerySet[Stage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.queryset = stages


class ArchiveForm(_OtherStageForm):
    move_to = forms.ModelChoiceField(label=_("Move its active applications to"), queryset=None, required=False)


class MergeForm(_OtherStageForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None)
