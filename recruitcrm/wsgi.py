import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitcrm.settings")
application = get_wsgi_application()

# Load jieba's dictionary (about a second) as the worker starts, not during
# the first Chinese search a user makes.
from candidates.search import segment  # noqa: E402

segment("预热")
