"""Benchmark-only middleware, installed by settings only when BENCH_QUERY_HEADER=1.

``QueryCountMiddleware`` (outermost) counts the SQL statements a request runs
and answers them in ``X-Query-Count``; when the request carries
``X-Bench-Capture: <name>`` and BENCH_SQL_DIR is set, it also writes the
statements, parameters bound (psycopg2's own mogrify), one per line as JSON, to
``<BENCH_SQL_DIR>/<name>.jsonl`` so that bench/run can replay them with
psycopg2 alone (the raw-SQL floor).

``FloorMiddleware`` (innermost) answers two floor URLs after every other
middleware has run: ``/__bench__/hello`` (no user needed) and
``/__bench__/auth`` (the session and user loaded; 403 when anonymous).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.http import HttpRequest, HttpResponse

HELLO_PATH = "/__bench__/hello"
AUTH_PATH = "/__bench__/auth"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        directory = os.environ.get("BENCH_SQL_DIR", "")
        self.sql_dir = Path(directory) if directory else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        capture = request.headers.get("X-Bench-Capture", "")
        statements: list[str] = []
        count = 0

        def wrapper(execute, sql, params, many, context):
            nonlocal count
            count += 1
            if capture and not many:
                try:
                    statements.append(context["cursor"].cursor.mogrify(sql, params).decode())
                except Exception:  # a statement we cannot bind is left out of the replay, not the count
                    statements.append("")
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        if capture and self.sql_dir is not None and _SAFE_NAME.match(capture):
            self.sql_dir.mkdir(parents=True, exist_ok=True)
            with open(self.sql_dir / f"{capture}.jsonl", "w", encoding="utf-8") as out:
                for statement in statements:
                    out.write(json.dumps(statement) + "\n")
        return response


class FloorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HELLO_PATH:
            return HttpResponse(b"hello", content_type="text/plain")
        if request.path == AUTH_PATH:
            if not request.user.is_authenticated:
                return HttpResponse(b"anonymous", status=403, content_type="text/plain")
            return HttpResponse(b"ok", content_type="text/plain")
        return self.get_response(request)
