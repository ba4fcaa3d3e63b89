"""Tokenized links (core.AccessToken)."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AccessToken
from core.services import (
    TokenInvalid,
    access_token_issue,
    access_token_resolve,
    access_token_revoke_for,
    access_token_use,
)

PURPOSE = AccessToken.Purpose.FEEDBACK_SURVEY


@pytest.fixture
def issued(recruiter):
    return access_token_issue(purpose=PURPOSE, target=recruiter, valid_for=timedelta(days=7))


def test_only_the_tokens_sha256_is_stored(issued):
    token, row = issued
    assert len(token) >= 43  # 256 bits, URL-safe base64
    assert bytes(AccessToken.objects.get(pk=row.pk).token_hash) == hashlib.sha256(token.encode()).digest()
    assert token.encode() not in bytes(row.token_hash)


def test_resolving_is_read_only_and_finds_the_target(issued, recruiter):
    token, row = issued
    for _ in range(3):  # a mail scanner prefetching the link changes nothing
        assert access_token_resolve(token=token, purpose=PURPOSE).target_id == recruiter.pk
    row.refresh_from_db()
    assert row.used_at is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda row: setattr(row, "expires_at", timezone.now() - timedelta(seconds=1)), "expired"),
        (lambda row: setattr(row, "revoked_at", timezone.now()), "revoked"),
        (lambda row: setattr(row, "used_at", timezone.now()), "used"),
    ],
)
def test_a_dead_link_says_why(issued, change, code):
    token, row = issued
    change(row)
    row.save()
    with pytest.raises(TokenInvalid) as raised:
        access_token_resolve(token=token, purpose=PURPOSE)
    assert raised.value.code == code


def test_a_token_opens_only_its_own_purpose_and_unknown_tokens_fail(issued):
    token, _row = issued
    with pytest.raises(TokenInvalid) as raised:
        access_token_resolve(token=token, purpose=AccessToken.Purpose.CHECK_IN)
    assert raised.value.code == "unknown"
    with pytest.raises(TokenInvalid):
        access_token_resolve(token="x" * 43, purpose=PURPOSE)


def test_using_a_token_is_once_only(issued):
    token, _row = issued
    access_token_use(token=token, purpose=PURPOSE)
    with pytest.raises(TokenInvalid) as raised:
        access_token_use(token=token, purpose=PURPOSE)
    assert raised.value.code == "used"


def test_revoking_withdraws_every_open_link_to_the_object(issued, recruiter):
    token, _row = issued
    second, _ = access_token_issue(purpose=PURPOSE, target=recruiter, valid_for=timedelta(days=1))
    assert access_token_revoke_for(target=recruiter) == 2
    for value in (token, second):
        with pytest.raises(TokenInvalid):
            access_token_resolve(token=value, purpose=PURPOSE)
