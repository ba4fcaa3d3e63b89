"""The fixed cast of personas and shared fixtures."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.roles import Role
from accounts.services import user_create

# Real SMTP server, private Redis, Celery worker, browser (Playwright) and OIDC provider fixtures.
pytest_plugins = ["tests.realparts", "tests.browser", "tests.oidc"]

PASSWORD = "correct-horse-battery-staple"


def pytest_addoption(parser):
    parser.addoption(
        "--failure-scale",
        type=int,
        default=1,
        help="multiply the sizes of the outbox failure tests (tests/messaging/test_failures.py) by N",
    )
    parser.addoption(
        "--checkin-members",
        type=int,
        default=1000,
        help="members in the talent-pool check-in cycle test (tests/talentpool/test_checkins.py)",
    )


# A test that drives a browser, a live server, worker processes or the whole
# product weighs this many plain tests when the suite is shared out.
HEAVY = 15
HEAVY_FIXTURES = {"live_server", "browser", "page", "celery_worker", "celery_workers", "private_redis"}


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (`make test`: -n auto --dist loadgroup), share the test
    files out into exactly one group per worker, so each worker runs its whole
    share in the order pytest-django gives the suite (every test in a
    transaction before any test that truncates the tables) as a serial run
    does. Files are dealt heaviest first to the lightest group."""
    workers = getattr(config, "workerinput", {}).get("workercount")
    if not workers:
        return
    weights: dict[str, int] = {}
    for item in items:
        heavy = item.get_closest_marker("browser") or item.get_closest_marker("launcher")
        heavy = heavy or HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))
        weights[item.location[0]] = weights.get(item.location[0], 0) + (HEAVY if heavy else 1)
    loads = [0] * workers
    group = {}
    for path in sorted(weights, key=lambda path: (-weights[path], path)):
        lightest = loads.index(min(loads))
        group[path] = f"share{lightest}"
        loads[lightest] += weights[path]
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group[item.location[0]]))


@pytest.fixture
def report(capsys):
    """Print one line of figures where `make test` shows it (output is captured)."""

    def line(text: str) -> None:
        with capsys.disabled():
            print(f"\n{text}", flush=True)

    return line


def make_user(email: str, role: str, *, full_name: str | None = None, language: str = "en"):
    return user_create(
        email=email, full_name=full_name or email.split("@")[0].title(), role=role, password=PASSWORD, language=language
    )


@pytest.fixture(autouse=True)
def default_language():
    # A request for a Chinese-speaking user leaves zh-hans active on the thread,
    # as Django does between requests; each test starts from the default.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def second_factor_not_enforced():
    """Most tests sign personas in directly (force_login) and are not about
    the second factor, which administrators and reviewers must otherwise set
    up before anything else; the tests of it ask for ``second_factor_enforced``."""
    from django.conf import settings

    settings.SECOND_FACTOR_ENFORCED = False


@pytest.fixture
def second_factor_enforced(settings):
    """The product as deployed: the roles on Settings → Security must use a
    second factor (administrator and reviewer until an administrator changes it)."""
    from django.core.cache import cache

    from accounts.selectors import SECURITY_POLICY_CACHE_KEY

    cache.delete(SECURITY_POLICY_CACHE_KEY)
    settings.SECOND_FACTOR_ENFORCED = True
    yield
    cache.delete(SECURITY_POLICY_CACHE_KEY)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Production hashing costs ~0.5 s a user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.test", Role.ADMINISTRATOR, full_name="Ada Admin")


@pytest.fixture
def recruiter(db):
    return make_user("recruiter@example.test", Role.RECRUITER, full_name="Rita Recruiter")


@pytest.fixture
def coordinator(db):
    return make_user("coordinator@example.test", Role.COORDINATOR, full_name="Colin Coordinator")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer@example.test", Role.REVIEWER, full_name="Rae Reviewer")


@pytest.fixture
def interviewer(db):
    return make_user("interviewer@example.test", Role.INTERVIEWER, full_name="Ivan Interviewer")


@pytest.fixture
def hiring_manager(db):
    return make_user("manager@example.test", Role.HIRING_MANAGER, full_name="Mia Manager")


@pytest.fixture
def outsider(db):
    """A recruiter with no grant on any object under test."""
    return make_user("outsider@example.test", Role.RECRUITER, full_name="Otto Outsider")


@pytest.fixture
def personas(admin_user, recruiter, coordinator, reviewer, interviewer, hiring_manager, outsider):
    return {
        "administrator": admin_user,
        "recruiter": recruiter,
        "coordinator": coordinator,
        "reviewer": reviewer,
        "interviewer": interviewer,
        "hiring_manager": hiring_manager,
        "outsider": outsider,
    }
