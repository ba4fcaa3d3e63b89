# RecruitCRM production image. One image runs every process of docker-compose.yml:
# gunicorn (the default command; WhiteNoise serves the static files), the Celery
# worker and beat, and the one-shot migrations. All configuration comes from the
# environment at run time (.env.example documents every variable).
FROM python:3.12.12-slim-bookworm

# gunicorn reads its worker count from WEB_CONCURRENCY and extra options from
# GUNICORN_CMD_ARGS; override either at run time.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    WEB_CONCURRENCY=4

# The processes run as this user; the code stays owned by root, read-only to it.
RUN groupadd --system --gid 10001 recruitcrm \
    && useradd --system --uid 10001 --gid recruitcrm --create-home --home-dir /home/recruitcrm \
        --shell /usr/sbin/nologin recruitcrm

WORKDIR /app

# requirements.txt is the lock: every package, transitive ones included, at an exact
# version with its files' hashes; pip refuses anything else.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt --require-hashes

COPY . .

# Settings are read at import, so collectstatic needs values to start with; these
# exist for this command only and never reach the image's environment. It does not
# connect to PostgreSQL or Redis. STATIC_MANIFEST=true because its default follows
# DEBUG: the hashed manifest must exist for the DEBUG=false processes that serve it.
# The compiled translations (locale/*/LC_MESSAGES/django.mo) are committed.
RUN DEBUG=true STATIC_MANIFEST=true \
    DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# Uploaded files (MEDIA_ROOT) live in a volume mounted here; a new named volume
# takes this directory's owner, so the app user can write to it.
RUN install -d -o recruitcrm -g recruitcrm /srv/recruitcrm/media

USER recruitcrm

EXPOSE 8000

# Asks gunicorn's /healthz (PostgreSQL and Redis answer) over plain HTTP, with the
# first of ALLOWED_HOSTS as Host: anything but 200 is unhealthy. The worker, beat
# and migrate services of docker-compose.yml replace or disable it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "recruitcrm.healthcheck"]

# Access log to stdout, errors to stderr; --worker-tmp-dir keeps the workers'
# heartbeat files in memory rather than on the container's overlay filesystem.
CMD ["gunicorn", "recruitcrm.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
