"""The intake tests' real IMAP server (dovecot), as the ``imap_server`` fixture."""

from tests.intake.imap_server import imap_server  # noqa: F401 - the fixture
