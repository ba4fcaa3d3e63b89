import pytest

from tests.admin.world import build_world


@pytest.fixture
def world(admin_user, recruiter, interviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
