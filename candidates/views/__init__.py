"""Candidate pages, one module per entity page (STYLE.md: views split by entity)."""
