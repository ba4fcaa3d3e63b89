"""Tokenized links and notes in Django admin."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from candidates.models import Activity, Note
from core.models import AccessToken


def test_the_token_hash_is_never_shown(admin_client, world):
    response = admin_client.get(reverse("admin:core_accesstoken_change", args=[world.access_token.pk]))

    assert response.status_code == 200
    assert "token_hash" not in response.content.decode()
    assert world.access_token.token_hash.hex() not in response.content.decode()


def test_withdrawing_a_link_in_admin_withdraws_every_open_link_to_the_same_object(admin_client, world):
    response = admin_client.post(
        reverse("admin:core_accesstoken_changelist"),
        {"action": "revoke_for_target", ACTION_CHECKBOX_NAME: [world.access_token.pk]},
    )

    assert response.status_code == 302
    same_target = AccessToken.objects.filter(
        target_type=world.access_token.target_type, target_id=world.access_token.target_id
    )
    assert not same_target.filter(revoked_at__isnull=True).exists()
    # A link to another object (the world's self-scheduling invitation) stays open.
    assert AccessToken.objects.exclude(pk__in=same_target.values("pk")).filter(revoked_at__isnull=True).exists()


def test_adding_a_note_in_admin_goes_through_note_create(admin_client, admin_user, world):
    response = admin_client.post(
        reverse("admin:candidates_note_add"), {"candidate": world.candidate.pk, "body": "  Call back in May.  "}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    note = Note.objects.get(body="Call back in May.")
    assert note.author == admin_user
    assert Activity.objects.filter(candidate=world.candidate, kind=Activity.Kind.NOTE, params__text=note.body).exists()
