"""What every sweep task shares."""

from django.db import OperationalError

# A sweep is safe to repeat: a lost database connection is retried a few times,
# anything else is a bug to see in the logs, not to retry. The time limits stop
# a stuck run; the next beat tick picks up what it left.
SWEEP_TASK_OPTIONS = {
    "ignore_result": True,
    "autoretry_for": (OperationalError,),
    "max_retries": 3,
    "retry_backoff": True,
    "time_limit": 300,
    "soft_time_limit": 240,
}
