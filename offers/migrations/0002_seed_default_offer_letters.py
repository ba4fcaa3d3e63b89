"""The default offer letter, in English and in Simplified Chinese, so an
approved offer can be sent on day one; administrators edit or replace it."""

from django.db import migrations

NAME = {"en": "Standard offer", "zh-hans": "标准录用通知书"}

SUBJECT = {
    "en": "Your offer from {{ client_name }}: {{ job_title }}",
    "zh-hans": "{{ client_name }} 录用通知：{{ job_title }}",
}

BODY = {
    "en": """Dear {{ candidate_name }},

We are delighted to offer you the position of {{ job_title }} at {{ client_name }}.

Your base salary will be {{ base_salary }} {{ pay_period }}. Every term of the offer, with any bonus and equity, is set out below.

You will start on {{ start_date }}, working in {{ work_location }}.

This offer is open until {{ expiry_date }}. Please accept or decline it on the offer page.

We look forward to working with you.

{{ recruiter_signature }}""",
    "zh-hans": """{{ candidate_name }}，您好：

我们很高兴地通知您，{{ client_name }} 诚邀您加入，担任{{ job_title }}一职。

您的基本工资为{{ base_salary }}（{{ pay_period }}）。奖金、股权等全部录用条款见下文。

入职日期为{{ start_date }}，工作地点为{{ work_location }}。

本录用通知有效期至{{ expiry_date }}，请在此之前于录用页面接受或拒绝。

期待与您共事！

{{ recruiter_signature }}""",
}


def seed(apps, schema_editor):
    OfferLetterTemplate = apps.get_model("offers", "OfferLetterTemplate")
    for language in ("en", "zh-hans"):
        OfferLetterTemplate.objects.get_or_create(
            name=NAME[language],
            language=language,
            archived_at=None,
            defaults={"subject": SUBJECT[language], "body": BODY[language]},
        )


def unseed(apps, schema_editor):
    OfferLetterTemplate = apps.get_model("offers", "OfferLetterTemplate")
    for language in ("en", "zh-hans"):
        OfferLetterTemplate.objects.filter(name=NAME[language], language=language, subject=SUBJECT[language]).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_create_offers_approvals_letters")]

    operations = [migrations.RunPython(seed, unseed)]
