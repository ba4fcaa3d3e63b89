"""`manage.py check --deploy --fail-level WARNING` with production-like values.

Fresh random secrets and production defaults (DEBUG off, HTTPS, HSTS) prove the
shipped settings pass Django's deployment checks and ours; DATABASE_URL and
REDIS_URL are the ones the caller has.
"""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path


def main() -> int:
    key = lambda: base64.b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "CSRF_")) and k not in {"EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=f"1:{key()}",
        BLIND_INDEX_KEY=key(),
        ALLOWED_HOSTS="crm.example.com",
        CSRF_TRUSTED_ORIGINS="https://crm.example.com",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
    )
    manage = Path(__file__).resolve().parent.parent / "manage.py"
    args = [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING", *sys.argv[1:]]
    return subprocess.run(args, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
