"""Candidate pages, one module per entity page."""
