"""The Celery application: worker and beat are started with ``-A recruitcrm``.

Delivery guarantees: a task is acknowledged only after it
ran (``acks_late``) and is handed back if its worker dies, so a lost worker
never loses work; the Redis visibility timeout is short so such a task comes
back within minutes. Time-driven work is a beat sweep over due times in the
database, never an ETA or countdown.
"""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitcrm.settings")

app = Celery("recruitcrm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # A task not acknowledged within 10 minutes (its worker vanished) is
    # delivered again; every task's hard time limit is well below that.
    broker_transport_options={"visibility_timeout": 600, "socket_timeout": 2, "socket_connect_timeout": 2},
    broker_connection_timeout=2,
    broker_connection_retry_on_startup=True,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_time_limit=300,
    task_soft_time_limit=240,
    timezone="UTC",
    # Sweeps over indexed due times in the database; each claims
    # rows conditionally, so an overlapping or repeated run is harmless.
    beat_schedule={
        "outbox-sweep": {"task": "messaging.outbox_sweep", "schedule": timedelta(seconds=30)},
        "survey-sweep": {"task": "interviews.survey_sweep", "schedule": timedelta(minutes=10)},
        "checkin-sweep": {"task": "talentpool.checkin_sweep", "schedule": timedelta(minutes=1)},
        "scorecard-reminder-sweep": {"task": "interviews.scorecard_reminder_sweep", "schedule": timedelta(minutes=5)},
        "thank-you-sweep": {"task": "interviews.thank_you_sweep", "schedule": timedelta(minutes=5)},
        "sla-nudge-sweep": {"task": "interviews.sla_nudge_sweep", "schedule": timedelta(minutes=15)},
        # Nightly, after the day is over in UTC; the dashboards also refresh on demand.
        "analytics-rollup": {"task": "analytics.rollup_refresh", "schedule": crontab(hour=2, minute=15)},
        "recruiter-digest-sweep": {"task": "interviews.recruiter_digest_sweep", "schedule": timedelta(minutes=5)},
        "offer-expiry-sweep": {"task": "offers.offer_expiry_sweep", "schedule": timedelta(minutes=5)},
        "mailbox-sweep": {"task": "intake.mailbox_sweep", "schedule": timedelta(minutes=3)},
        "bulk-upload-sweep": {"task": "candidates.bulk_upload_sweep", "schedule": timedelta(minutes=2)},
        # Daily: renewal requests, then anonymisation on each candidate's date.
        "retention-sweep": {"task": "privacy.retention_sweep", "schedule": crontab(hour=3, minute=30)},
    },
)
app.autodiscover_tasks()
