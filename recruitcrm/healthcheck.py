"""The container's health probe: ``python -m recruitcrm.healthcheck [URL]``.

Asks the web server's ``/healthz`` (PostgreSQL and Redis answer) and exits 0 on
200, 1 otherwise. The Host header is the first of ``ALLOWED_HOSTS``, so the
request is allowed whatever the deployment's host names; plain HTTP is fine,
as ``/healthz`` is exempt from the HTTPS redirect. Standard library only.
"""

from __future__ import annotations

import http.client
import os
import sys
from urllib.parse import urlsplit

DEFAULT_URL = "http://127.0.0.1:8000/healthz"
TIMEOUT_SECONDS = 8


def probe(url: str = DEFAULT_URL) -> bool:
    parts = urlsplit(url)
    host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(
            "GET", parts.path or "/healthz", headers={"Host": host if host not in ("", "*") else "localhost"}
        )
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(0 if probe(*sys.argv[1:2]) else 1)
