"""Candidates arriving by mail: connected IMAP mailboxes and the intake inbox."""
