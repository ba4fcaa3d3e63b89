"""Absolute links in emails: which origin they use."""

from django.test import RequestFactory

from messaging.links import absolute_url


def test_site_url_wins_over_the_request(settings):
    settings.SITE_URL = "https://crm.example.com"
    request = RequestFactory().get("/")
    assert absolute_url("/pipeline/s/abc/", request) == "https://crm.example.com/pipeline/s/abc/"


def test_without_site_url_the_sending_request_gives_the_host(settings):
    settings.SITE_URL = ""
    request = RequestFactory().get("/")
    assert absolute_url("/pipeline/s/abc/", request) == "http://testserver/pipeline/s/abc/"


def test_without_a_request_the_first_trusted_origin_then_the_local_server(settings):
    settings.SITE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = ["https://crm.example.net/"]
    assert absolute_url("/pools/check-in/t/") == "https://crm.example.net/pools/check-in/t/"
    settings.CSRF_TRUSTED_ORIGINS = []
    assert absolute_url("/pools/check-in/t/") == "http://localhost:8000/pools/check-in/t/"
