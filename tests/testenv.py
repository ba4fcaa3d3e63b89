"""Environment for the test run, loaded as a pytest plugin (``-p tests.testenv``)
so it is in place before pytest-django imports the settings.

Production defaults stay on (DEBUG off) except HTTPS-only behaviour, which the
test client and the live server on plain HTTP cannot follow. DATABASE_URL and
REDIS_URL come from the caller: `make test` (embedded servers) or `.ci/run`.
"""

import base64
import os
import secrets
import tempfile
from urllib.parse import urlsplit, urlunsplit


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


_DEFAULTS = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": f"1:{_key()}",
    "BLIND_INDEX_KEY": _key(),
    "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_MANIFEST": "false",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "LOG_LEVEL": "WARNING",
    # Uploaded documents of the test run go to a scratch folder, not var/media.
    "MEDIA_ROOT": tempfile.mkdtemp(prefix="recruitcrm-test-media-"),
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)

if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
    raise SystemExit(
        "Tests need DATABASE_URL and REDIS_URL. Run `make test` (it starts embedded servers) "
        "or set both to a PostgreSQL and a Redis."
    )


def _redis_of_worker(url: str, worker: str) -> str:
    """REDIS_URL for one pytest-xdist worker ("gw<n>"): the next database
    number n along, so the workers' caches and rate limits never meet (each
    worker's test database is its own already: pytest-django names it)."""
    parts = urlsplit(url)
    n = int(worker.removeprefix("gw"))
    if parts.scheme == "unix":  # the embedded server of `make test`: unix:///path?db=N
        return urlunsplit(parts._replace(query=f"db={n % 16}"))
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + n) % 16}"))


if os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    os.environ["REDIS_URL"] = _redis_of_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])
