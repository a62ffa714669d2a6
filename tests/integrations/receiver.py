"""A real HTTP receiver for webhook tests: a server on 127.0.0.1 (a port below 32768) in a
thread, answering with the statuses it is told and keeping every request it got."""

from __future__ import annotations

import http.server
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    # Statuses to answer with, in turn; the last one repeats.
    statuses: list[int] = field(default_factory=lambda: [200])
    requests: list[Received] = field(default_factory=list)
    redirect_to: str = ""
    # Seconds to wait before answering.
    delay: float = 0


@contextmanager
def receiver(statuses: list[int] | None = None) -> Iterator[Receiver]:
    state = Receiver(url="", statuses=list(statuses or [200]))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                Received(
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
            )
            status = state.statuses.pop(0) if len(state.statuses) > 1 else state.statuses[0]
            if state.delay:
                time.sleep(state.delay)
            self.send_response(status)
            if state.redirect_to:
                self.send_header("Location", state.redirect_to)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = None
    for _attempt in range(50):
        try:
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", random.randint(20000, 32000)),
                Handler,
            )
            break
        except OSError:
            continue
    assert server is not None, "no free port below 32768"
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/kkr"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
