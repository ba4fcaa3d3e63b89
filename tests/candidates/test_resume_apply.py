"""A resume's parsed values written into its candidate's profile
(candidates.services.resume.resume_apply), run by the extraction task."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from candidates.models import Activity, Candidate, Document, Education, Experience, ProposedUpdate, SkillTerm
from candidates.parsing.vocabulary import DEFAULT_SKILLS
from candidates.services import candidate_update, document_create
from candidates.services.resume import resume_apply
from candidates.skills import skill_vocabulary_ensure
from candidates.tasks import document_extract_text_task
from candidates.uploads import PDF
from tests import factories

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "resume_corpus" / "files"
RESUME = (
    "张伟\n电话：13812345678\n邮箱：zhang.wei@example.cn\n现居：深圳\n"
    "工作经历\n2020.03 - 至今  华为技术有限公司  高级软件工程师\n2017.07 - 2020.02  美团  后端开发工程师\n"
    "教育背景\n2013.09 - 2017.06  浙江大学  软件工程  本科\n专业技能\nPython、Kubernetes、机器学习\n"
)


def resume(candidate: Candidate, text: str = RESUME, name: str = "cv.pdf") -> Document:
    document = document_create(
        candidate=candidate, actor=None, filename=name, content=b"%PDF-1.4 stub", content_type=PDF, text=text
    )
    Document.objects.filter(pk=document.pk).update(parse_requested=True)
    return document


def test_empty_fields_are_filled_and_marked_from_resume_with_the_history_and_a_timeline_entry():
    candidate = factories.candidate(full_name="张伟", email="zhang.wei@example.cn")
    resume_apply(document=resume(candidate))
    candidate.refresh_from_db()
    assert (candidate.headline, candidate.company, candidate.location) == ("高级软件工程师", "华为技术有限公司", "深圳")
    assert candidate.phone == "+8613812345678"
    assert candidate.skills == "Python, Kubernetes, Machine learning"
    assert sorted(candidate.from_resume) == ["company", "headline", "location", "phone", "skills"]
    work = list(candidate.experiences.order_by("order").values_list("company", "title", "start", "is_current"))
    assert work == [
        ("华为技术有限公司", "高级软件工程师", datetime.date(2020, 3, 1), True),
        ("美团", "后端开发工程师", datetime.date(2017, 7, 1), False),
    ]
    assert all(candidate.experiences.values_list("from_resume", flat=True))
    assert list(candidate.educations.values_list("school", "degree", "major", "from_resume")) == [
        ("浙江大学", "本科", "软件工程", True)
    ]
    assert Document.objects.get(candidate=candidate).parsed_at is not None
    entry = Activity.objects.filter(candidate=candidate, data__work=2).get()
    assert "cv.pdf" in entry.summary


def test_values_that_differ_from_the_profile_wait_as_proposals_from_the_resume():
    candidate = factories.candidate(full_name="张伟", email="old@example.cn", company="腾讯")
    resume_apply(document=resume(candidate))
    candidate.refresh_from_db()
    assert (candidate.email, candidate.company) == ("old@example.cn", "腾讯")
    proposals = {p.field: p for p in ProposedUpdate.objects.filter(candidate=candidate)}
    assert set(proposals) == {"email", "company"}
    assert proposals["company"].value == "华为技术有限公司"
    assert proposals["company"].origin == ProposedUpdate.Origin.RESUME
    assert "email" not in candidate.from_resume and "company" not in candidate.from_resume


def test_a_parsed_document_is_left_alone_the_second_time():
    candidate = factories.candidate(full_name="张伟")
    document = resume(candidate)
    resume_apply(document=document)
    activities = Activity.objects.filter(candidate=candidate).count()
    assert resume_apply(document=document) is None
    assert Activity.objects.filter(candidate=candidate).count() == activities
    assert Experience.objects.filter(candidate=candidate).count() == 2


def test_a_second_resume_proposes_values_but_never_repeats_the_history():
    candidate = factories.candidate(full_name="张伟")
    resume_apply(document=resume(candidate))
    other = RESUME.replace("华为技术有限公司", "字节跳动").replace("浙江大学", "复旦大学")
    resume_apply(document=resume(candidate, other, name="cv-2025.pdf"))
    assert Experience.objects.filter(candidate=candidate).count() == 2
    assert Education.objects.filter(candidate=candidate).get().school == "浙江大学"
    assert ProposedUpdate.objects.get(candidate=candidate, field="company").value == "字节跳动"


def test_a_person_changing_a_field_takes_its_from_resume_mark_away():
    candidate = factories.candidate(full_name="张伟")
    resume_apply(document=resume(candidate))
    candidate_update(candidate=candidate, actor=None, headline="Staff Engineer")
    candidate.refresh_from_db()
    assert "headline" not in candidate.from_resume and "company" in candidate.from_resume


def test_a_shortened_or_empty_text_is_not_parsed_but_counts_as_done():
    candidate = factories.candidate(full_name="张伟")
    document = resume(candidate, text="")
    resume_apply(document=document)
    document.refresh_from_db()
    assert document.parsed_at is not None
    assert not Experience.objects.filter(candidate=candidate).exists()


def test_the_extraction_task_parses_a_real_chinese_pdf_of_the_corpus():
    label = json.loads((CORPUS / "zh-02-table.pdf.json").read_text())
    candidate = factories.candidate(full_name=label["full_name"], email=label["email"])
    document = document_create(
        candidate=candidate,
        actor=None,
        filename="resume.pdf",
        content=(CORPUS / "zh-02-table.pdf").read_bytes(),
        content_type=PDF,
    )
    Document.objects.filter(pk=document.pk).update(parse_requested=True)
    assert document_extract_text_task(document.pk) == "extracted"
    candidate.refresh_from_db()
    assert candidate.phone == label["phone"]
    assert candidate.headline == label["title"] and candidate.company == label["company"]
    assert candidate.experiences.count() == len(label["work"])


def test_a_document_without_parse_requested_is_not_parsed_by_the_task():
    candidate = factories.candidate(full_name="Lena Park")
    document = document_create(
        candidate=candidate,
        actor=None,
        filename="resume.pdf",
        content=(CORPUS / "en-00-single.pdf").read_bytes(),
        content_type=PDF,
    )
    document_extract_text_task(document.pk)
    document.refresh_from_db()
    assert document.parsed_at is None and not candidate.experiences.exists()


def test_the_starting_vocabulary_comes_back_when_the_table_is_empty_and_only_then():
    assert SkillTerm.objects.count() == len(DEFAULT_SKILLS)
    assert SkillTerm.objects.get(name="Machine learning").aliases == ["机器学习", "ML"]
    SkillTerm.objects.all().delete()
    SkillTerm.objects.create(name="COBOL")
    skill_vocabulary_ensure()
    assert list(SkillTerm.objects.values_list("name", flat=True)) == ["COBOL"]
    SkillTerm.objects.all().delete()
    skill_vocabulary_ensure()
    assert SkillTerm.objects.count() == len(DEFAULT_SKILLS)
