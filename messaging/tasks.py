"""Celery tasks of the outbox. They take ids, load rows and claim them with a
conditional update, so a task delivered twice does its work once."""

from celery import shared_task

from messaging.services.outbox import outbound_email_send, outbound_email_send_batch, outbox_sweep


@shared_task(name="messaging.outbound_email_send", ignore_result=True, time_limit=60, soft_time_limit=45)
def outbound_email_send_task(email_id: int) -> str:
    # No autoretry: a failed send goes back to the queue with a due time in the
    # database (outbound_email_send), and the sweeper hands it over again.
    return outbound_email_send(email_id=email_id)


# The batch stops claiming after outbox.BATCH_SECONDS; the limits only stop a
# send that hangs. Each row is claimed just before its own send, so these need
# not stay below the lease as a whole (outbox.LEASE covers one send).
@shared_task(name="messaging.outbound_email_send_batch", ignore_result=True, time_limit=150, soft_time_limit=120)
def outbound_email_send_batch_task(email_ids: list[int]) -> dict[str, int]:
    # No autoretry either: rows not sent stay queued (or go back with a backoff).
    return outbound_email_send_batch(email_ids=email_ids)


@shared_task(name="messaging.outbox_sweep", ignore_result=True, time_limit=120, soft_time_limit=100)
def outbox_sweep_task() -> int:
    return outbox_sweep()
