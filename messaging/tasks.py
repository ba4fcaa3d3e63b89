"""Celery tasks of the outbox. They take ids, load rows and claim them with a
conditional update, so a task delivered twice does its work once."""

from celery import shared_task

from messaging.services import outbound_email_send, outbox_sweep


@shared_task(name="messaging.outbound_email_send", ignore_result=True, time_limit=60, soft_time_limit=45)
def outbound_email_send_task(email_id: int) -> str:
    # No autoretry: a failed send goes back to the queue with a due time in the
    # database (outbound_email_send), and the sweeper hands it over again.
    return outbound_email_send(email_id=email_id)


@shared_task(name="messaging.outbox_sweep", ignore_result=True, time_limit=120, soft_time_limit=100)
def outbox_sweep_task() -> int:
    return outbox_sweep()
