"""PostgreSQL COPY in text format from in-memory buffers (psycopg2 ``copy_expert``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

NULL = "\\N"


def text(value: str | None) -> str:
    """A text field for COPY: backslash, tab and line breaks escaped."""
    if value is None:
        return NULL
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def blob(value: bytes | None) -> str:
    """A bytea field: the hex form, its backslash escaped for COPY."""
    return NULL if value is None else "\\\\x" + value.hex()


def ts(epoch: float | None) -> str:
    """A timestamptz field from seconds since the epoch (UTC)."""
    return NULL if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat()


def copy_lines(cursor, table: str, columns: Sequence[str], lines: list[str]) -> None:
    """COPY ``lines`` (fields formatted and joined by tabs) into ``table`` in one statement."""
    if not lines:
        return
    data = "\n".join(lines) + "\n"
    # One read of the whole buffer: a small read size would make the copy
    # wait for the GIL once per block while the generator thread runs.
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(data), len(data) + 1)
