"""The privacy notice every deployment starts with, so the application form
has a notice in force from the first day. The team replaces it with its own
(a new version) in Django admin."""

from __future__ import annotations

from datetime import UTC, datetime

FIRST_VERSION = "2026-12"

FIRST_TITLE = "Privacy notice for applicants"

FIRST_BODY = """\
We keep the details you send us (your name, contact details, resume and answers)
to consider you for the job you apply to, and for no other purpose unless you agree.

- **This application.** We use your details to assess your application and to
  contact you about it. Without this we cannot consider you.
- **Our talent pool (optional).** If you agree, we keep your profile after this
  application and may contact you about other roles.
- **Sharing with our client (optional, agency jobs only).** If you agree, we send
  your profile to the company that is hiring for this job. We share it with
  nobody else.

You may withdraw any consent at any time by writing to us; withdrawing does not
affect what was done before. You may ask to see, correct or delete your details.
"""

FIRST_BODY_ZH_HANS = """\
我们保存您提交的信息（姓名、联系方式、简历和回答），用于评估您所申请的职位；
未经您同意，不作其他用途。

- **本次申请。** 我们使用您的信息评估申请并就此与您联系。没有这项同意，我们无法考虑您的申请。
- **人才库（可选）。** 如您同意，我们会在本次申请之后保留您的资料，并可能就其他职位与您联系。
- **与客户共享（可选，仅限猎头职位）。** 如您同意，我们会把您的资料发送给该职位的招聘公司，不会与任何其他方共享。

您可以随时写信给我们撤回任何同意；撤回不影响此前已进行的处理。您也可以要求查阅、更正或删除您的信息。
"""

FIRST_IN_FORCE_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def first_notice_ensure(sender=None, **kwargs) -> None:
    """Create the first notice when there is none (post_migrate: a database
    emptied by ``flush`` gets it back, as it gets its closing reasons)."""
    from candidates.models import PrivacyNotice

    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(
            version=FIRST_VERSION,
            title=FIRST_TITLE,
            body=FIRST_BODY,
            body_zh_hans=FIRST_BODY_ZH_HANS,
            in_force_from=FIRST_IN_FORCE_FROM,
        )
