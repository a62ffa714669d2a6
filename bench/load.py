"""Load from a separate process: N concurrent clients send GET requests to one URL for a
while and report throughput, latency percentiles and errors as JSON.

    python -m bench.load http://127.0.0.1:8123/livez --concurrency 16 --duration 10

Clients are threads in a few processes (so the load generator is not held back by one
interpreter lock), each with its own HTTP/1.1 connection, reused while the server keeps it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def _client(url: str, extra: dict, start: float, stop: float, out: list, errors: list) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Host": f"{parts.hostname}:{parts.port}", "Accept": "*/*", **extra}
    # A conditional request expects 304 Not Modified: that is its success.
    expected = 304 if "If-None-Match" in headers else None
    while (now := time.perf_counter()) < stop:
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = 200 <= response.status < 300 or response.status == expected
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
        elapsed = time.perf_counter() - now
        if now >= start:  # after the warm-up
            (out if ok else errors).append(elapsed)


def _process(url: str, extra: dict, threads: int, start: float, stop: float, queue) -> None:
    out: list[float] = []
    errors: list[float] = []
    workers = [
        threading.Thread(target=_client, args=(url, extra, start, stop, out, errors))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put((out, len(errors)))


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(
    url: str,
    concurrency: int,
    duration: float,
    warmup: float = 1.0,
    cookie: str = "",
    if_none_match: str = "",
    authorization: str = "",
) -> dict:
    extra = {"Cookie": cookie} if cookie else {}
    if if_none_match:
        extra["If-None-Match"] = if_none_match
    if authorization:
        extra["Authorization"] = authorization
    processes = min(concurrency, max(1, multiprocessing.cpu_count()))
    per_process = [concurrency // processes] * processes
    for index in range(concurrency % processes):
        per_process[index] += 1
    queue: multiprocessing.Queue = multiprocessing.Queue()
    # perf_counter is system-wide (CLOCK_MONOTONIC) on Linux, so processes share the window.
    start = time.perf_counter() + warmup
    stop = start + duration
    children = [
        multiprocessing.Process(target=_process, args=(url, extra, threads, start, stop, queue))
        for threads in per_process
    ]
    for child in children:
        child.start()
    latencies: list[float] = []
    errors = 0
    for _child in children:
        out, failed = queue.get()
        latencies += out
        errors += failed
    for child in children:
        child.join()
    return {
        "url": url,
        "concurrency": concurrency,
        "seconds": duration,
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / duration, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(1000 * _percentile(latencies, 0.95), 2) if latencies else None,
        "p99_ms": round(1000 * _percentile(latencies, 0.99), 2) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--cookie", default="", help="a Cookie header, for signed-in pages")
    parser.add_argument(
        "--if-none-match", default="", help="an ETag: conditional requests, 304 is success"
    )
    parser.add_argument(
        "--authorization",
        default="",
        help="an Authorization header (any: the public page cache serves no such request)",
    )
    args = parser.parse_args()
    result = run(
        args.url,
        args.concurrency,
        args.duration,
        args.warmup,
        args.cookie,
        args.if_none_match,
        args.authorization,
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
