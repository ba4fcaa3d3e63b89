"""The web shell: home page, error pages in both languages, headers, CSP-clean markup."""

import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse


@login_not_required
def boom(request):
    raise RuntimeError("test failure")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
]


@pytest.fixture
def error_urls(settings):
    from recruitcrm import urls

    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": urls.urlpatterns + urlpatterns})
    return settings


@pytest.mark.parametrize(
    "persona", ["administrator", "recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager"]
)
def test_every_role_sees_the_home_page(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert personas[persona].full_name in response.content.decode()


def test_only_administrators_get_the_administration_link(client, personas):
    for persona, user in personas.items():
        client.force_login(user)
        has_link = reverse("admin:index") in client.get(reverse("home")).content.decode()
        assert has_link == (persona == "administrator"), persona


def test_the_home_page_refuses_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("home")).status_code == 405


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("zh-hans", "页面不存在")])
def test_the_404_page_speaks_the_users_language(client, recruiter, language, text):
    recruiter.language = language
    recruiter.save()
    client.force_login(recruiter)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("en", "You are not allowed"), ("zh-hans", "您无权执行此操作")])
def test_the_403_page_speaks_the_users_language(client, recruiter, error_urls, language, text):
    recruiter.language = language
    recruiter.save()
    client.force_login(recruiter)
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert text in response.content.decode()


@pytest.mark.parametrize(("accept", "text"), [("en", "Something went wrong"), ("zh-CN", "我们这边出了问题")])
def test_the_500_page_speaks_the_visitors_language(client, db, error_urls, accept, text):
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"accept-language": accept})
    assert response.status_code == 500
    assert text in response.content.decode()


def test_the_500_page_renders_for_a_signed_in_user(client, recruiter, error_urls):
    client.raise_request_exception = False
    client.force_login(recruiter)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_responses_carry_the_strict_content_security_policy(client, db):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


INLINE = [
    # inline script; a JSON data block (type="application/json") is data the browser never runs
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style\b", re.I),  # inline stylesheet
    re.compile(r"\sstyle=", re.I),  # style attribute
    re.compile(r"\son[a-z]+=", re.I),  # event handler attribute
    re.compile(r"\shx-on", re.I),
]


def test_pages_hold_no_inline_script_or_style(client, recruiter):
    pages = [client.get(reverse("account_login")).content.decode()]
    client.force_login(recruiter)
    pages += [client.get(reverse("home")).content.decode(), client.get("/missing/").content.decode()]
    for html in pages:
        for pattern in INLINE:
            assert not pattern.search(html), pattern.pattern


def test_a_browser_asking_favicon_ico_gets_the_sites_icon_without_signing_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")
