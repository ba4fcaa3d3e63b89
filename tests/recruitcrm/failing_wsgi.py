"""recruitcrm.wsgi serving tests/recruitcrm/failing_urls.py, for a real gunicorn."""

from django.conf import settings

from recruitcrm.wsgi import application

settings.ROOT_URLCONF = "tests.recruitcrm.failing_urls"

__all__ = ["application"]
