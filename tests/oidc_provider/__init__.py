"""A small OpenID Connect provider for the single sign-on tests.

It is the tests' outside world, not part of RecruitCRM: its own Django project
(django-oauth-toolkit with OIDC on, SQLite in a scratch folder), run as its own
process by ``python -m tests.oidc_provider`` (see ``tests/oidc.py`` for the
fixture that starts it). Everything it needs comes from the environment:

- ``OIDC_PROVIDER_PORT``: the port to listen on (127.0.0.1 only);
- ``OIDC_PROVIDER_DIR``: a scratch folder for its database;
- ``OIDC_PROVIDER_CLIENT``: JSON ``{"client_id", "client_secret", "redirect_uris": [...],
  "skip_authorization": false}``, the one confidential client it knows;
- ``OIDC_PROVIDER_USERS``: JSON ``[{"username", "password", "email",
  "email_verified", "name"}, ...]``, the people who can sign in at it.

The RS256 signing key is generated at start and lives only in the process.
"""
