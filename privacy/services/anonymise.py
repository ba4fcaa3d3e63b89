"""The anonymiser: a person's data destroyed, their anonymous rows kept.

PLACEHOLDER for the integration branch only: the retention part replaces this
module with the real anonymiser before anything lands.
"""

from __future__ import annotations

from accounts.models import User
from candidates.models import Candidate


def candidate_anonymise(*, candidate: Candidate, actor: User | None, reason: str) -> Candidate:
    """Destroy ``candidate``'s personal data (fields, documents, notes' text,
    outbox bodies, tokens, search document), keep applications, transitions and
    ratings as anonymous rows; sets ``Candidate.anonymised_at``. Refuses
    (ValidationError) a candidate under legal hold. ``reason``: "retention",
    "deletion request" and the like, audited."""
    raise NotImplementedError
