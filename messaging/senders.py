"""Who candidate mail comes from: the sender identity of a job or its client.

A job's ``sender_name``/``sender_email``/``reply_to`` win; where the job has
no sender email, its client's identity is used; with neither, the site's
``DEFAULT_FROM_EMAIL``. Messaging sits below jobs, so the job is taken as it
comes (anything with those attributes and a ``client``) and jobs is not imported.
"""

from __future__ import annotations

from email.headerregistry import Address
from typing import Any

from django.conf import settings


def sender_for(*, job: Any) -> tuple[str, str]:
    """``(from_address, reply_to)`` for candidate mail about ``job``.

    The From is the job's sender if it has a sender email, else its client's,
    else ``settings.DEFAULT_FROM_EMAIL``; a name without an email is ignored
    (there is nothing to send from). Reply-To is the job's, else the client's,
    else empty. Reads only the given objects: no query beyond ``job.client``.
    """
    client = getattr(job, "client", None)
    owners = [owner for owner in (job, client) if owner is not None]
    from_address = settings.DEFAULT_FROM_EMAIL
    for owner in owners:
        if owner.sender_email:
            from_address = str(Address(display_name=owner.sender_name, addr_spec=owner.sender_email))
            break
    reply_to = next((owner.reply_to for owner in owners if owner.reply_to), "")
    return from_address, reply_to


def sender_headers(*, job: Any, reply_to: str = "") -> dict[str, str]:
    """``from_address`` and ``reply_to`` for ``email_queue`` about ``job`` (``sender_for``);
    ``reply_to`` is used when neither the job nor its client names one (the acting user, say)."""
    from_address, identity_reply_to = sender_for(job=job)
    return {"from_address": from_address, "reply_to": identity_reply_to or reply_to}
