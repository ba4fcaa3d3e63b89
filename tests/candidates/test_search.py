"""Candidate search: Chinese and English, pinyin, typos,
resume text, filters, scope and keyset pagination."""

import pytest

from accounts.roles import Role
from candidates.selectors import BadCursor, CandidateFilters, candidate_search
from candidates.services import candidate_create, candidate_update, document_create, note_create
from interviews.services import application_create, application_move
from jobs.services import client_grant
from tests import factories


def names(page):
    return [candidate.full_name for candidate in page.results]


def found(user, query, **kwargs):
    return names(candidate_search(user, query=query, **kwargs))


@pytest.fixture
def people(recruiter):
    zhang = candidate_create(
        actor=recruiter, full_name="张伟", headline="资深后端工程师", company="星云科技", skills="Python, Go"
    )
    john = candidate_create(actor=recruiter, full_name="John Smith", headline="Data Engineer", company="Acme Analytics")
    li = candidate_create(
        actor=recruiter, full_name="李娜", headline="产品经理", company="华星科技", tags=["双语", "product"]
    )
    return {"zhang": zhang, "john": john, "li": li}


def test_a_chinese_name_finds_its_candidate(recruiter, people):
    assert found(recruiter, "张伟") == ["张伟"]


@pytest.mark.parametrize("query", ["zhang wei", "zhangwei", "Zhang Wei", "ZHANGWEI"])
def test_pinyin_with_or_without_spaces_finds_a_chinese_name(recruiter, people, query):
    assert found(recruiter, query) == ["张伟"]


@pytest.mark.parametrize("query", ["Jonh Smiht", "jon smith", "Smtih"])
def test_typos_in_a_name_still_find_the_candidate(recruiter, people, query):
    assert "John Smith" in found(recruiter, query)


def test_a_typo_in_a_company_finds_its_people(recruiter, people):
    assert found(recruiter, "Acme Analitics") == ["John Smith"]


def test_title_company_skills_and_tags_are_searchable_in_both_languages(recruiter, people):
    assert found(recruiter, "后端工程师") == ["张伟"]
    assert found(recruiter, "产品经理") == ["李娜"]
    assert found(recruiter, "星云") == ["张伟"]
    assert found(recruiter, "双语") == ["李娜"]
    assert found(recruiter, "data engineer") == ["John Smith"]


def test_a_phrase_from_a_resume_finds_its_candidate(recruiter, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document_create(
        candidate=people["john"],
        actor=recruiter,
        filename="cv.pdf",
        content=b"%PDF",
        content_type="application/pdf",
        text="Built a streaming pipeline on Apache Flink for fraud detection. Contact john@example.com +1 415 555 0100",
    )
    document_create(
        candidate=people["zhang"],
        actor=recruiter,
        filename="简历.pdf",
        content=b"%PDF",
        content_type="application/pdf",
        text="负责分布式消息队列的设计与实现，身份证 110101199003074514",
    )
    assert found(recruiter, "fraud detection") == ["John Smith"]
    assert found(recruiter, "Flink") == ["John Smith"]
    assert found(recruiter, "分布式消息队列") == ["张伟"]
    # Contact details and ID numbers are left out of the document.
    assert found(recruiter, "john@example.com") == []
    assert found(recruiter, "4155550100") == []
    assert found(recruiter, "110101199003074514") == []


def test_notes_are_searchable_once_written(recruiter, people):
    assert found(recruiter, "relocation") == []
    note_create(candidate=people["li"], author=recruiter, body="Open to relocation to Singapore")
    assert found(recruiter, "relocation") == ["李娜"]


def test_the_document_follows_profile_changes(recruiter, people):
    candidate_update(candidate=people["john"], actor=recruiter, company="Globex")
    assert found(recruiter, "Globex") == ["John Smith"]
    assert found(recruiter, "Acme") == []


def test_a_name_ranks_above_a_mention_in_notes(recruiter, people):
    note_create(candidate=people["li"], author=recruiter, body="Referred by John Smith")
    assert found(recruiter, "John Smith")[:2] == ["John Smith", "李娜"]


def test_filters_combine_with_the_query_and_with_each_other(recruiter, people):
    job = factories.job(recruiter=recruiter)
    other_job = factories.job(recruiter=recruiter)
    stages = list(job.stages.order_by("order"))
    zhang_app = application_create(candidate=people["zhang"], job=job, actor=recruiter)
    application_create(candidate=people["li"], job=job, actor=recruiter)
    application_create(candidate=people["john"], job=other_job, actor=recruiter)
    application_move(application=zhang_app, to_stage=stages[1], actor=recruiter)

    on_job = CandidateFilters(job=job.public_id)
    assert sorted(names(candidate_search(recruiter, filters=on_job, sort="name"))) == ["张伟", "李娜"]
    at_stage = CandidateFilters(job=job.public_id, stage=stages[1].pk)
    assert names(candidate_search(recruiter, filters=at_stage)) == ["张伟"]
    # The stage criterion applies to the same application as the job criterion.
    other_stage = CandidateFilters(job=other_job.public_id, stage=stages[1].pk)
    assert names(candidate_search(recruiter, filters=other_stage)) == []
    tagged = CandidateFilters(job=job.public_id, tags=("双语",))
    assert names(candidate_search(recruiter, filters=tagged)) == ["李娜"]
    assert set(found(recruiter, "科技", filters=CandidateFilters(client=job.client.public_id))) == {"张伟", "李娜"}
    assert found(recruiter, "科技", filters=CandidateFilters(client=other_job.client.public_id)) == []
    assert found(recruiter, "Smith", filters=CandidateFilters(job=job.public_id)) == []


def test_a_hiring_manager_never_finds_candidates_outside_their_jobs(recruiter, hiring_manager, people):
    from jobs.services import job_member_add

    job = factories.job(recruiter=recruiter)
    job_member_add(job=job, user=hiring_manager, job_role="hiring_manager", actor=recruiter)
    application_create(candidate=people["zhang"], job=job, actor=recruiter)
    assert found(hiring_manager, "张伟") == ["张伟"]
    assert found(hiring_manager, "John Smith") == []
    assert found(hiring_manager, "Jonh Smiht") == []
    assert names(candidate_search(hiring_manager, sort="name")) == ["张伟"]


def test_an_interviewer_finds_only_their_panels_candidates(recruiter, interviewer, people):
    application = application_create(candidate=people["john"], job=factories.job(recruiter=recruiter), actor=recruiter)
    assert found(interviewer, "John") == []
    factories.interview(application_=application, panel=[interviewer])
    assert found(interviewer, "John") == ["John Smith"]
    assert found(interviewer, "张伟") == []


@pytest.mark.parametrize("sort", ["newest", "updated", "name", "relevance"])
def test_keyset_pages_walk_every_match_once_in_order(recruiter, sort):
    for n in range(23):
        candidate_create(actor=recruiter, full_name=f"Engineer {n:02d}", headline="Software engineer")
    seen, cursor = [], None
    while True:
        page = candidate_search(
            recruiter, query="engineer" if sort == "relevance" else "", sort=sort, after=cursor, limit=5
        )
        seen += [c.pk for c in page.results]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 23
    everything = candidate_search(recruiter, query="engineer" if sort == "relevance" else "", sort=sort, limit=100)
    assert seen == [c.pk for c in everything.results]


def test_a_tampered_cursor_is_refused(recruiter, people):
    for cursor in ["not-base64!", "eyJhIjoxfQ", "WzEsMiwzXQ"]:
        with pytest.raises(BadCursor):
            candidate_search(recruiter, sort="name", after=cursor)


def test_a_search_page_is_two_queries_however_many_rows(recruiter, django_assert_num_queries):
    # The scores of the newest RANK_CAP matches, then the page's rows with owner and source.
    for n in range(30):
        candidate_create(actor=recruiter, full_name=f"Person {n}", headline="Engineer")
    for size in (5, 25):
        with django_assert_num_queries(2):
            page = candidate_search(recruiter, query="engineer", limit=size)
            [(c.owner, c.source) for c in page.results]
        assert len(page.results) == size
    with django_assert_num_queries(1):
        page = candidate_search(recruiter, sort="name", limit=25)
        [(c.owner, c.source) for c in page.results]


def test_relevance_pages_follow_each_other_without_gaps_or_repeats(recruiter):
    # Equal scores (same text) are ordered by id, newest first; the cursor carries (rank, id).
    for n in range(12):
        candidate_create(actor=recruiter, full_name=f"Same {n}", headline="Welder")
    candidate_create(actor=recruiter, full_name="Welder Welder", headline="Welder")
    seen, after = [], None
    while True:
        page = candidate_search(recruiter, query="welder", limit=5, after=after)
        seen += [c.full_name for c in page.results]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen[0] == "Welder Welder"  # the name matches too: ranked first
    assert sorted(seen) == sorted(["Welder Welder", *(f"Same {n}" for n in range(12))])
    assert seen[1:] == [f"Same {n}" for n in reversed(range(12))]


def test_a_recruiter_without_grants_finds_every_candidate_but_learns_nothing_of_unseen_jobs(outsider, people):
    # Recruiters see all candidates (accounts.roles); grants limit jobs, not people.
    assert set(found(outsider, "科技")) == {"张伟", "李娜"}
    job = factories.job()
    application_create(candidate=people["zhang"], job=job, actor=job.recruiter)
    assert outsider.role == Role.RECRUITER
    assert names(candidate_search(outsider, filters=CandidateFilters(job=job.public_id))) == []
    assert names(candidate_search(outsider, filters=CandidateFilters(client=job.client.public_id))) == []
    client_grant(client=job.client, user=outsider, actor=None)
    assert names(candidate_search(outsider, filters=CandidateFilters(job=job.public_id))) == ["张伟"]


def test_typo_tolerance_is_a_fallback_only_when_nothing_matches_exactly(recruiter, people):
    candidate_create(actor=recruiter, full_name="张敏")
    candidate_create(actor=recruiter, full_name="王伟")
    assert found(recruiter, "zhang wei") == ["张伟"]
    assert set(found(recruiter, "zhang wie")) >= {"张伟"}  # a typo: similar names are offered


def test_the_connection_sets_the_word_similarity_threshold_the_typo_fallback_uses(db):
    from django.db import connection

    from candidates.selectors import TYPO_SIMILARITY

    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == TYPO_SIMILARITY
