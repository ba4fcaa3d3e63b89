"""A recruiter's day in a real browser, once in English and once in 简体中文.

Log in through the login page, find a candidate by search, open the profile,
upload a PDF resume, add the candidate to a job, drag the card to the next
stage of the pipeline board and reject another candidate with a reason. Each
page is left as a screenshot under var/test-artifacts (TEST_ARTIFACTS_DIR),
named ``journey-<language>-<step>-<page>.png``.

The steps go by the labels a user reads, in the language of the journey, so
the Chinese run also proves those pages are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from accounts.roles import Role
from candidates.models import Document
from interviews.models import Application
from jobs.services import client_create, client_grant
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

JOB_TITLE = "Robot Whisperer"
CLIENT_NAME = "Acme Robotics"
RESUME_NAME = "zhang-wei-resume.pdf"


@dataclass(frozen=True)
class Journey:
    """What the user types and reads in one language."""

    language: str
    switch_to: str | None  # the language button pressed on the login page, if any
    # Login and home
    email: str
    password: str
    sign_in: str
    login_heading: str
    welcome: str
    # Candidates
    candidates: str
    search: str
    query: str  # how the recruiter looks for 张伟
    other_name: str  # the candidate already on the job, to reject
    documents: str
    kind: str
    resume: str
    file: str
    upload: str
    uploaded: str
    add_to_job: str
    add: str
    applications: str
    # Jobs and the board
    jobs: str
    pipeline_board: str
    board_heading: str
    active_applications: str
    moved: str
    actions: str  # a card's link to its actions
    reject: str
    reject_ask: str
    reason: str
    reason_choice: str
    note: str
    rejected: str


ENGLISH = Journey(
    language="en",
    switch_to=None,
    email="Email",
    password="Password",
    sign_in="Sign in",
    login_heading="Sign in to RecruitCRM",
    welcome="Welcome, Rita",
    candidates="Candidates",
    search="Search",
    query="zhang wei",  # by the pinyin of the Chinese name
    other_name="Grace Hopper",
    documents="Documents",
    kind="Kind",
    resume="resume",
    file="File",
    upload="Upload",
    uploaded="Document uploaded. Its text will be searchable in a moment.",
    add_to_job="Add to job",
    add="Add",
    applications="Applications",
    jobs="Jobs",
    pipeline_board="Pipeline board",
    board_heading=f"Pipeline: {JOB_TITLE}",
    active_applications="Active applications",
    moved="{name} moved to {stage}.",
    actions="Actions",
    reject="Reject",
    reject_ask="Reject…",
    reason="Reason",
    reason_choice="Skills or experience",
    note="Note",
    rejected="{name} rejected.",
)

CHINESE = Journey(
    language="zh-hans",
    switch_to="简体中文",
    email="邮箱地址",
    password="密码",
    sign_in="登录",
    login_heading="登录 RecruitCRM",
    welcome="欢迎，Rita",
    candidates="候选人",
    search="搜索",
    query="张伟",  # by the name itself
    other_name="李娜",
    documents="文档",
    kind="类型",
    resume="简历",
    file="文件",
    upload="上传",
    uploaded="文档已上传，稍后即可搜索其中的文本。",
    add_to_job="加入职位",
    add="添加",
    applications="应聘记录",
    jobs="职位",
    pipeline_board="招聘看板",
    board_heading=f"招聘流程：{JOB_TITLE}",
    active_applications="进行中的应聘记录",
    moved="已将 {name} 调整到 {stage}。",
    actions="操作",
    reject="淘汰",
    reject_ask="淘汰…",
    reason="原因",
    reason_choice="技能或经验",
    note="备注",
    rejected="已淘汰 {name}。",
)


def resume_pdf(path):
    """A small, real one-page PDF."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Zhang Wei - Resume")
    pdf.drawString(72, 770, "Zhang Wei (张伟)")
    pdf.drawString(72, 750, "Robotics engineer - ROS, Python, motion planning")
    pdf.save()
    return path


@pytest.mark.parametrize("ui", [ENGLISH, CHINESE], ids=lambda ui: ui.language)
def test_recruiter_journey(page, recruiter, admin_user, tmp_path, ui, screenshot):
    shots = []

    def shot(name: str) -> None:
        shots.append(screenshot(page, f"{len(shots) + 1:02d}-{name}"))

    # A job on a client the recruiter is granted, with a four-stage plan and one
    # candidate already in its first stage; the candidate to find, and one who
    # must not come up in the search.
    client = client_create(actor=admin_user, name=CLIENT_NAME)
    client_grant(client=client, user=recruiter, actor=admin_user)
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=client, title=JOB_TITLE)
    first, second = list(job.stages.order_by("order"))[:2]
    other = factories.application(job_=job, candidate_=factories.candidate(full_name=ui.other_name))
    zhang = factories.candidate(full_name="张伟", headline="Robotics engineer")
    factories.candidate(full_name="王芳", headline="Accountant")

    # 1. Log in through the login page (switching to Chinese there for the zh journey).
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    if ui.switch_to:
        page.get_by_role("button", name=ui.switch_to).click()
    expect(page.locator("html")).to_have_attribute("lang", ui.language)
    expect(page.get_by_role("heading", name=ui.login_heading)).to_be_visible()
    shot("login")
    page.get_by_label(ui.email).fill(recruiter.email)
    page.get_by_label(ui.password).fill(PASSWORD)
    page.get_by_role("button", name=ui.sign_in, exact=True).click()
    expect(page.get_by_role("heading", name=ui.welcome)).to_be_visible()
    shot("home")

    # 2. Search from the candidate list.
    page.get_by_role("link", name=ui.candidates, exact=True).click()
    expect(page.get_by_role("heading", name=ui.candidates, exact=True)).to_be_visible()
    page.get_by_label(ui.search, exact=True).fill(ui.query)
    page.get_by_role("button", name=ui.search, exact=True).click()
    rows = page.get_by_test_id("results").get_by_test_id("candidate-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("张伟")
    expect(page.get_by_test_id("results")).not_to_contain_text("王芳")
    expect(page.get_by_test_id("results")).not_to_contain_text(ui.other_name)
    shot("candidate-search")

    # 3. Open the candidate.
    rows.first.get_by_role("link", name="张伟").click()
    expect(page.get_by_test_id("candidate-name")).to_have_text("张伟")
    shot("candidate-profile")

    # 4. Upload a PDF resume and see it listed.
    documents = page.get_by_role("region", name=ui.documents)
    documents.get_by_label(ui.kind).select_option(label=ui.resume)
    documents.get_by_label(ui.file).set_input_files(resume_pdf(tmp_path / RESUME_NAME))
    documents.get_by_role("button", name=ui.upload).click()
    expect(page.get_by_test_id("documents").get_by_role("link", name=RESUME_NAME)).to_be_visible()
    expect(page.get_by_test_id("documents")).to_contain_text(ui.resume)
    document = Document.objects.get(candidate=zhang)
    assert (document.filename, document.kind, document.content_type) == (
        RESUME_NAME,
        Document.Kind.RESUME,
        "application/pdf",
    )
    shot("resume-uploaded")

    # 5. Add the candidate to the job, from the profile's applications.
    applications = page.get_by_role("region", name=ui.applications)
    adder = applications.get_by_test_id("add-to-job")
    adder.get_by_label(ui.add_to_job).select_option(label=f"{JOB_TITLE} · {CLIENT_NAME}")
    shot("add-to-job")
    adder.get_by_role("button", name=ui.add, exact=True).click()
    expect(applications.get_by_test_id("applications")).to_contain_text(JOB_TITLE)
    expect(applications.get_by_test_id("applications")).to_contain_text(first.name)
    application = Application.objects.get(candidate=zhang, job=job)
    assert (application.status, application.stage) == (Application.Status.ACTIVE, first)
    shot("candidate-applications")

    # 6. Open the board from the job, drag the card to the next stage.
    page.get_by_role("link", name=ui.jobs, exact=True).click()
    page.get_by_role("link", name=JOB_TITLE).click()
    expect(page.get_by_role("heading", name=JOB_TITLE)).to_be_visible()
    shot("job")
    page.get_by_role("link", name=ui.pipeline_board).click()
    expect(page.get_by_role("heading", name=ui.board_heading)).to_be_visible()
    first_column = page.get_by_role("region", name=first.name, exact=True)
    second_column = page.get_by_role("region", name=second.name, exact=True)
    expect(first_column.get_by_title(ui.active_applications)).to_have_text("2")
    expect(second_column.get_by_title(ui.active_applications)).to_have_text("0")
    shot("board")

    card = first_column.get_by_test_id("card").filter(has_text="张伟")
    card.get_by_test_id("days-in-stage").drag_to(second_column.get_by_role("list"))
    expect(page.locator("#board-alert")).to_have_text(ui.moved.format(name="张伟", stage=second.name))
    expect(second_column.get_by_test_id("card").filter(has_text="张伟")).to_be_visible()
    expect(first_column.get_by_test_id("card").filter(has_text="张伟")).to_have_count(0)
    expect(first_column.get_by_title(ui.active_applications)).to_have_text("1")
    expect(second_column.get_by_title(ui.active_applications)).to_have_text("1")
    application.refresh_from_db()
    assert application.stage == second
    shot("board-after-drag")

    # 7. Reject the other candidate with a reason.
    other_card = first_column.get_by_test_id("card").filter(has_text=ui.other_name)
    other_card.get_by_role("link", name=ui.actions).click()
    panel = page.get_by_test_id("board-panel")  # the card's actions open in a side panel
    reject_form = panel.get_by_test_id("reject-form")
    reject_form.get_by_label(ui.reason).select_option(label=ui.reason_choice)
    reject_form.get_by_label(ui.note).fill("Needs more ROS experience.")
    shot("board-reject")
    reject_form.get_by_role("button", name=ui.reject_ask).click()
    confirm = panel.get_by_test_id("reject-confirm")
    shot("board-reject-confirm")
    confirm.get_by_role("button", name=ui.reject, exact=True).click()
    expect(page.locator("#board-alert")).to_contain_text(ui.rejected.format(name=ui.other_name))
    expect(page.get_by_test_id("card").filter(has_text=ui.other_name)).to_have_count(0)
    expect(first_column.get_by_title(ui.active_applications)).to_have_text("0")
    expect(second_column.get_by_title(ui.active_applications)).to_have_text("1")
    other.refresh_from_db()
    assert (other.status, other.rejection_reason, other.rejection_note) == (
        Application.Status.REJECTED,
        "skills",
        "Needs more ROS experience.",
    )
    shot("board-after-reject")

    assert all(path.stat().st_size > 0 for path in shots)
    assert page.csp_violations == []
