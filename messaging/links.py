"""Absolute links for emails: core.links.absolute_url, under the name the
messaging callers import (core keeps it so accounts can link too)."""

from core.links import absolute_url

__all__ = ["absolute_url"]
