"""The load generator of bench/run: keep-alive HTTP/1.1 sessions over
http.client (stdlib), a login through the real form with its CSRF token, and
percentile figures."""

from __future__ import annotations

import http.client
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float

    @property
    def queries(self) -> int | None:
        value = self.headers.get("x-query-count")
        return int(value) if value is not None else None

    def csrf_token(self) -> str | None:
        found = _CSRF_INPUT.search(self.body)
        return found.group(1).decode() if found else None


class Session:
    """One browser-like user: its own keep-alive connection and cookies."""

    def __init__(self, host: str, port: int, timeout: float = 600) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | list | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Referer"] = f"http://{self.host}:{self.port}{path}"
            sent["Origin"] = f"http://{self.host}:{self.port}"
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
            if data is not None:
                body = urlencode(data, doseq=True).encode()
                content_type = "application/x-www-form-urlencoded"
            body = body or b""
            sent["Content-Type"] = content_type or "application/octet-stream"
        sent.update(headers or {})
        for attempt in (1, 2):
            conn = self._connection()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
                payload = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between requests: once more on a new one.
                self.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            break
        reply_headers = {name.lower(): value for name, value in response.getheaders()}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(morsel.key, None)
                    else:
                        self.cookies[morsel.key] = morsel.value
        if reply_headers.get("connection", "").lower() == "close":
            self.close()
        return Reply(response.status, payload, reply_headers, seconds)

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | list | None = None, **kwargs) -> Reply:
        return self.request("POST", path, data=data, **kwargs)

    def form_token(self, path: str) -> str:
        """The CSRF token of the form on ``path`` (also sets the csrftoken cookie)."""
        page = self.get(path)
        token = page.csrf_token()
        if page.status != 200 or token is None:
            raise RuntimeError(f"GET {path}: {page.status}, no CSRF token in the form")
        return token

    def login(self, email: str, password: str) -> None:
        token = self.form_token("/accounts/login/")
        reply = self.post("/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": password})
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: {reply.status} {reply.body[:300]!r}")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Stats:
    seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, reply: Reply, expected: tuple[int, ...]) -> None:
        self.seconds.append(reply.seconds)
        self.sizes.append(len(reply.body))
        if reply.queries is not None:
            self.queries.append(reply.queries)
        if reply.status not in expected:
            self.errors.append(f"HTTP {reply.status}")

    def ms(self, q: float) -> float | None:
        value = percentile(self.seconds, q)
        return None if value is None else value * 1000


def run_mixed(
    sessions: list[Session], paths: list[str], duration: float, expected: tuple[int, ...] = (200,)
) -> tuple[Stats, float]:
    """Each session requests ``paths`` in turn (each starting elsewhere in the
    list) from its own thread for ``duration`` seconds; returns the figures and
    the seconds the run took."""
    stats = Stats()
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(n: int, session: Session) -> None:
        i = n * 7
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            try:
                reply = session.get(path)
            except OSError as error:
                with lock:
                    stats.errors.append(f"{path}: {error}")
                continue
            with lock:
                stats.add(reply, expected)

    threads = [threading.Thread(target=worker, args=(n, s), daemon=True) for n, s in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.monotonic() - started
