"""Fixtures of the candidate tests."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def refuse(db):
    """A trigger that refuses to insert a candidate named "Boom" (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_boom() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN IF NEW.full_name = 'Boom' THEN RAISE EXCEPTION 'simulated'; END IF; RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER test_refuse_boom BEFORE INSERT ON candidates_candidate"
            " FOR EACH ROW EXECUTE FUNCTION test_refuse_boom()"
        )
