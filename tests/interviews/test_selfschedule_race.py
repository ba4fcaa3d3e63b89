"""Two bookings of one slot at the same instant, each on its own database
connection: exactly one gets it (interviews.services.selfschedule.slot_book
claims the slot with one conditional UPDATE)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from core.services import TokenInvalid
from interviews.models import Interview, InterviewSlot
from interviews.services import selfschedule as ss
from tests import factories
from tests.interviews.test_selfschedule import times

pytestmark = pytest.mark.django_db(transaction=True)


def shared_slots(count: int):
    """``count`` slots, each offered to two candidates; returns (slots, first token, second token)."""
    job = factories.job()
    panelist = factories.user("interviewer")
    first, second = factories.application(job_=job), factories.application(job_=job)
    slots = ss.slots_offer(stage=first.stage, actor=None, times=times(*range(9, 9 + count)), panel=[panelist])
    _inv, first_token = ss.scheduling_invitation_send(application=first, slots=slots, actor=None)
    _inv, second_token = ss.scheduling_invitation_send(application=second, slots=slots, actor=None)
    return slots, first_token, second_token


def book_at_once(*bookings: tuple[str, object]) -> list[object]:
    """Run each (token, slot public id) booking on its own thread and connection,
    released together by a barrier; returns each result or exception."""
    barrier = threading.Barrier(len(bookings))
    results: list[object] = [None] * len(bookings)

    def book(index: int, token: str, slot_public_id) -> None:
        try:
            barrier.wait(10)
            results[index] = ss.slot_book(token=token, slot_public_id=slot_public_id)[0]
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n, *booking)) for n, booking in enumerate(bookings)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_candidates_booking_one_slot_at_the_same_instant_get_exactly_one_interview():
    slots, first_token, second_token = shared_slots(1)
    results = book_at_once((first_token, slots[0].public_id), (second_token, slots[0].public_id))
    booked = [result for result in results if isinstance(result, Interview)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], ss.SlotTaken) and refused[0].code == "taken"
    assert Interview.objects.count() == 1
    assert InterviewSlot.objects.get(pk=slots[0].pk).interview_id == booked[0].pk


def test_the_same_link_submitted_twice_at_once_books_once():
    slots, token, _other = shared_slots(2)
    results = book_at_once((token, slots[0].public_id), (token, slots[1].public_id))
    booked = [result for result in results if isinstance(result, Interview)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], TokenInvalid) and refused[0].code == "used"
    assert Interview.objects.count() == 1


def test_a_booking_waiting_on_an_uncommitted_claim_is_refused_once_it_commits():
    slots, first_token, second_token = shared_slots(1)
    claimed, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        # Connection 1 books and holds its transaction open.
        try:
            with transaction.atomic():
                ss.slot_book(token=first_token, slot_public_id=slots[0].public_id)
                claimed.set()
                release.wait(10)
        finally:
            connection.close()

    def second() -> None:
        try:
            results["interview"] = ss.slot_book(token=second_token, slot_public_id=slots[0].public_id)
        except Exception as exc:
            results["error"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert claimed.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.5)
    assert not results  # waiting on the slot's row lock
    release.set()
    one.join(10)
    two.join(10)
    assert isinstance(results.get("error"), ss.SlotTaken), results
    assert Interview.objects.count() == 1
