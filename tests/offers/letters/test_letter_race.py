"""Two answers to one offer at the same instant, and an accept racing the
expiry sweep, each on its own database connection: exactly one outcome; the
other caller is told clearly (offers.services.letters takes the offer's row
lock first everywhere)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.models import AccessToken
from interviews.models import Application
from offers.models import Offer
from offers.services import letters as services
from placements.models import Placement
from tests import factories
from tests.offers.factories import approved_offer, default_letters

pytestmark = pytest.mark.django_db(transaction=True)


def sent_offer() -> tuple[Offer, str]:
    default_letters()
    offer = approved_offer(application=factories.application())
    return services.offer_send(offer=offer, actor=None)


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run each call on its own thread and connection, released together by a
    barrier; returns each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(10)
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_an_accept_and_a_decline_at_the_same_instant_give_exactly_one_answer():
    offer, token = sent_offer()
    results = at_once(
        lambda: services.offer_accept(token=token),
        lambda: services.offer_decline(token=token, reason=Offer.DeclineReason.PERSONAL),
    )
    answered = [result for result in results if isinstance(result, Offer)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(answered) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], ValidationError)
    final = Offer.objects.get(pk=offer.pk)
    assert final.status == answered[0].status
    expected = "already accepted" if final.status == Offer.Status.ACCEPTED else "already declined"
    assert expected in " ".join(refused[0].messages)
    hired = Application.objects.get(pk=offer.application_id).status == Application.Status.HIRED
    assert hired == (final.status == Offer.Status.ACCEPTED)
    assert Placement.objects.count() == (1 if hired else 0)


def test_an_accept_racing_the_expiry_sweep_gives_exactly_one_outcome():
    offer, token = sent_offer()
    # The sweep runs as if the expiry had come, while the candidate's accept is still in time.
    sweep_now = offer.expires_at + timedelta(seconds=1)
    results = at_once(lambda: services.offer_accept(token=token), lambda: services.offer_expiry_sweep(now=sweep_now))
    accepted, swept = results
    final = Offer.objects.get(pk=offer.pk)
    assert not isinstance(swept, Exception), swept
    if isinstance(accepted, Offer):
        assert final.status == Offer.Status.ACCEPTED and swept == 0
        assert AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER).revoked_at is None
    else:
        assert isinstance(accepted, ValidationError) and "expired" in " ".join(accepted.messages)
        assert final.status == Offer.Status.EXPIRED and swept == 1
        assert Application.objects.get(pk=offer.application_id).status == Application.Status.ACTIVE
