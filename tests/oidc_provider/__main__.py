"""Start the test OpenID Connect provider: migrate its scratch database, create
its client and people, then serve on 127.0.0.1 until terminated."""

from __future__ import annotations

import os


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for person in settings.USERS:
        get_user_model().objects.create_user(
            username=person["username"], password=person["password"], email=person["email"]
        )
    client = settings.CLIENT
    Application.objects.create(
        name="RecruitCRM",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=bool(client.get("skip_authorization", False)),
    )
    run("127.0.0.1", settings.PORT, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
