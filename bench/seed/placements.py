"""Placements for the seeded hires: every hire into an agency job has one, as
placements.services.placement_create makes it on the client's fee terms,
written in one INSERT … SELECT (the bulk loader's exception to "services
write"; tests/bench/test_seed.py compares a row with a service-made one).

The hire's closing day is the placement day; the fee is the client's flat
amount, so the placements page's totals have figures to add up; one in
twenty fell through inside its guarantee, owing a replacement."""

from __future__ import annotations

from django.conf import settings

# The client's terms, as placement_create copies them; a flat fee, because the
# seeded hires have no offer and so no first-year base for a percentage.
PLACEMENTS_INSERT = """
INSERT INTO placements_placement (
    created_at, updated_at, public_id, application_id, client_id, recruiter_id, placed_on, first_year_base,
    fee_type, rate, fee, currency, invoice_date, guarantee_days, guarantee_ends_on, note,
    fell_through_on, replacement_owed, created_by_id
)
SELECT
    a.closed_at, a.closed_at, gen_random_uuid(), a.id, j.client_id, j.recruiter_id,
    (a.closed_at AT TIME ZONE %(zone)s)::date, NULL,
    'flat', c.fee_rate, c.fee_rate, c.fee_currency, NULL, c.guarantee_days,
    (a.closed_at AT TIME ZONE %(zone)s)::date + c.guarantee_days, '',
    CASE WHEN mod(a.id, 20) = 0 THEN (a.closed_at AT TIME ZONE %(zone)s)::date + LEAST(30, c.guarantee_days) END,
    mod(a.id, 20) = 0, j.recruiter_id
FROM interviews_application a
JOIN jobs_job j ON j.id = a.job_id
JOIN jobs_client c ON c.id = j.client_id
WHERE a.status = 'hired' AND NOT c.is_internal AND a.closed_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM placements_placement p WHERE p.application_id = a.id)
"""

# The seeded clients' agreements: a flat fee per client, so totals differ by client.
CLIENT_TERMS_UPDATE = """
UPDATE jobs_client
SET fee_type = 'flat', fee_rate = 30000 + mod(id, 7) * 5000, fee_currency = 'CNY', guarantee_days = 90
WHERE NOT is_internal
"""


def seed_placements(cursor) -> int:
    """Set the clients' fee terms and place every hire into their jobs; the number of placements."""
    cursor.execute(CLIENT_TERMS_UPDATE)
    # The placement day is the hire's day where the product runs, as timezone.localdate gives it.
    cursor.execute(PLACEMENTS_INSERT, {"zone": settings.TIME_ZONE})
    return cursor.rowcount
