"""The password reset answers in the same time whether or not the address has
an account: both are mailed through the outbox, so both requests do the same work."""

from __future__ import annotations

import statistics
import time

from django.test import Client
from django.urls import reverse

from messaging.models import OutboundEmail

RESET = reverse("account_reset_password")
ROUNDS = 30


def timed_reset(client: Client, email: str) -> float:
    started = time.perf_counter()
    response = client.post(RESET, {"email": email})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    return elapsed


def test_the_reset_takes_the_same_time_for_an_existing_and_an_unknown_address(
    settings, recruiter, outbox_mailer, report
):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 1000
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1000
    client = Client()
    addresses = {"existing": recruiter.email, "unknown": "nobody@example.test"}
    for _warm_up in range(5):
        for email in addresses.values():
            timed_reset(client, email)

    times: dict[str, list[float]] = {kind: [] for kind in addresses}
    for _round in range(ROUNDS):
        for kind, email in addresses.items():
            times[kind].append(timed_reset(client, email))

    medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
    report(
        f"password reset median over {ROUNDS} requests: existing {medians['existing']:.2f} ms,"
        f" unknown {medians['unknown']:.2f} ms, difference {abs(medians['existing'] - medians['unknown']):.2f} ms"
    )
    assert abs(medians["existing"] - medians["unknown"]) < 5
    # Both were mailed every time.
    assert OutboundEmail.objects.count() == 2 * (ROUNDS + 5)
