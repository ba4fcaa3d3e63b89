"""Background work of the intake app."""

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from intake.services import mailboxes_sweep


@shared_task(name="intake.mailbox_sweep", **SWEEP_TASK_OPTIONS)
def mailbox_sweep_task() -> int:
    """Take the new messages of every active mailbox (intake.services.mailbox_sweep);
    returns how many were taken. Overlapping runs take each message once."""
    return mailboxes_sweep()
