"""Who a single sign-on provider's answer signs in: a verified address of an
active user; nobody else, unless account creation is switched on."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.services import user_update
from accounts.sso import Decision, Refusal, claims_of, is_verified, refusal_message, sso_decide

pytestmark = pytest.mark.django_db


def claims(email="recruiter@example.test", verified=True, **extra):
    return {"sub": "42", "email": email, "email_verified": verified, **extra}


def test_a_verified_address_signs_in_the_active_user_who_has_it_whatever_its_case(recruiter):
    assert sso_decide(claims=claims(" Recruiter@Example.TEST "), linked_user=None, create_users=False) == Decision(
        user=recruiter
    )


def test_an_unverified_address_signs_nobody_in_even_the_user_who_has_it(admin_user):
    for verified in (False, "false", None, "yes", 1):
        decision = sso_decide(claims=claims("admin@example.test", verified), linked_user=None, create_users=True)
        assert decision == Decision(user=admin_user, refusal=Refusal.UNVERIFIED), verified


@pytest.mark.parametrize("verified", [True, "true", "TRUE"])
def test_a_provider_may_say_verified_as_a_boolean_or_the_string_true(verified):
    assert is_verified(verified)


def test_an_unknown_address_is_refused_unless_accounts_are_created_then_it_makes_one(recruiter):
    stranger = claims("stranger@elsewhere.test")
    assert sso_decide(claims=stranger, linked_user=None, create_users=False) == Decision(refusal=Refusal.UNKNOWN)
    assert sso_decide(claims=stranger, linked_user=None, create_users=True) == Decision(create=True)


def test_an_unverified_unknown_address_never_creates_an_account():
    decision = sso_decide(claims=claims("stranger@elsewhere.test", False), linked_user=None, create_users=True)
    assert decision == Decision(refusal=Refusal.UNVERIFIED)


def test_a_deactivated_user_is_refused_by_address_and_by_an_earlier_link(admin_user, recruiter):
    user_update(user=recruiter, actor=admin_user, is_active=False)

    by_address = sso_decide(claims=claims(), linked_user=None, create_users=True)
    by_link = sso_decide(claims=claims("changed@elsewhere.test"), linked_user=recruiter, create_users=True)

    assert by_address == Decision(user=recruiter, refusal=Refusal.INACTIVE)
    assert by_link == Decision(user=recruiter, refusal=Refusal.INACTIVE)


def test_a_linked_account_signs_in_its_user_even_after_the_address_changed_at_the_provider(recruiter):
    decision = sso_decide(claims=claims("rita@new-domain.test"), linked_user=recruiter, create_users=False)
    assert decision == Decision(user=recruiter)


def test_an_answer_without_an_address_is_refused():
    for missing in ({"sub": "42"}, {"sub": "42", "email": "", "email_verified": True}):
        assert sso_decide(claims=missing, linked_user=None, create_users=True) == Decision(refusal=Refusal.NO_EMAIL)


def test_the_claims_are_the_userinfo_answer_first_then_the_id_token():
    userinfo, id_token = {"email": "a@example.test"}, {"email": "b@example.test"}
    assert claims_of({"userinfo": userinfo, "id_token": id_token}) == userinfo
    assert claims_of({"id_token": id_token}) == id_token


def test_every_refusal_has_a_message_in_both_languages_naming_the_provider_where_it_helps():
    for refusal in Refusal:
        with translation.override("en"):
            english = refusal_message(refusal, "Keycloak")
        with translation.override("zh-hans"):
            chinese = refusal_message(refusal, "Keycloak")
        assert english != chinese, refusal
        assert ("Keycloak" in english) == (refusal != Refusal.INACTIVE), refusal
