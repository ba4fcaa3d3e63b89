"""An approver's decision sent twice at the same instant (a double click, two
tabs), each on its own database connection: offer_approval_decide locks the
offer, so exactly one decision is recorded and the other is told why."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from messaging.models import OutboundEmail
from offers.models import Offer, OfferApproval
from offers.services import offer_approval_decide, offer_approvers_set, offer_submit

pytestmark = pytest.mark.django_db(transaction=True)


def decide_at_once(offer, *calls: dict) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def decide(index: int, kwargs: dict) -> None:
        try:
            barrier.wait(10)
            results[index] = offer_approval_decide(offer=Offer.objects.get(pk=offer.pk), **kwargs)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(n, kwargs)) for n, kwargs in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_the_last_approver_approving_twice_at_once_approves_once(offer, recruiter, hiring_manager, admin_user, job):
    offer_approvers_set(job=job, users=[hiring_manager], actor=admin_user)
    offer_submit(offer=offer, actor=recruiter)
    results = decide_at_once(
        offer, {"actor": hiring_manager, "approve": True}, {"actor": hiring_manager, "approve": True}
    )
    decided = [result for result in results if isinstance(result, OfferApproval)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], ValidationError) and "not waiting" in refused[0].messages[0]
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.APPROVED
    assert OutboundEmail.objects.filter(template="offer_approved").count() == 2  # the drafter and the job's recruiter


def test_approving_and_rejecting_at_once_records_one_decision(offer, recruiter, hiring_manager, admin_user, job):
    offer_approvers_set(job=job, users=[hiring_manager, admin_user], actor=admin_user)
    offer_submit(offer=offer, actor=recruiter)
    results = decide_at_once(
        offer,
        {"actor": hiring_manager, "approve": True},
        {"actor": hiring_manager, "approve": False, "comment": "Too high"},
    )
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], PermissionDenied | ValidationError), results
    approvals = OfferApproval.objects.filter(version__offer=offer).exclude(decision="pending")
    assert approvals.count() == 1 and approvals.get().approver == hiring_manager
