import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.demo import DEMO_PASSWORD_DEFAULT, DEMO_USERS
from accounts.models import User


def test_seed_demo_creates_the_demo_cast_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.count() == len(DEMO_USERS) == 7
    for email, _name, role, language in DEMO_USERS:
        user = User.objects.get(email=email)
        assert (user.role, user.language) == (role, language)
        assert user.check_password(DEMO_PASSWORD_DEFAULT)
        assert list(user.groups.values_list("name", flat=True)) == [role]


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", force=True)
    assert User.objects.count() == 7
