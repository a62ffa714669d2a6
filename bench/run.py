"""The benchmark (``make bench``): national-scale data, real servers, ratios and medians.

Starts a throwaway PostgreSQL and Redis (as ``make test`` does), fills the database with
``bench/generate.py``, starts gunicorn with the production settings and a Celery worker, and
measures pages under concurrent load (beside the server's cheapest endpoint, the floor), the
API against a plain query, query counts, PDFs, Celery start delays and the quota model.
Prints a table with each target, and writes JSON to ``bench/results/``.

    make bench                      # full size (about 20,000 meetings)
    make bench BENCH_SIZE=small     # a quick run
    make bench BENCH_SIZE=small ARGS="--only pages,pdf"   # some parts only (see PARTS)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
sys.path.insert(0, str(ROOT / "scripts"))

from run_tests import free_port, postgres, postgres_bin_dir, redis, wait_for_port  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def _run(env: dict[str, str], *args: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), *args],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if not quiet else subprocess.DEVNULL,
        text=True,
    )
    if result.returncode != 0:
        print(result.stdout)
        raise RuntimeError(f"{' '.join(args)} failed with code {result.returncode}")
    return result.stdout


def _json(env: dict[str, str], *args: str) -> Any:
    output = _run(env, "-m", "bench.measure", *args)
    return json.loads(output.strip().splitlines()[-1])


def _load(
    url: str,
    *,
    concurrency: int,
    duration: float,
    cookie: str = "",
    if_none_match: str = "",
    authorization: str = "",
) -> dict:
    env = dict(os.environ)
    args = [str(PYTHON), "-m", "bench.load", url, "--concurrency", str(concurrency)]
    args += ["--duration", str(duration)]
    if cookie:
        args += ["--cookie", cookie]
    if if_none_match:
        args += ["--if-none-match", if_none_match]
    if authorization:
        args += ["--authorization", authorization]
    output = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _process(command: list[str], env: dict[str, str], log: Path):
    with log.open("w") as handle:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _children_rss_mb(parent: int) -> list[float]:
    """Resident memory (MB) of ``parent``'s child processes (gunicorn's workers), from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:  # the process ended meanwhile
            continue
        if fields.get("PPid", "").strip() == str(parent) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def _oparl_meeting_list(base: str) -> tuple[str, str]:
    """The OParl meeting list of the benchmark's busiest body, and its ETag."""
    import urllib.request

    url, bodies = base + "/oparl/v1.1/body/", []
    while url:
        with urllib.request.urlopen(url) as answer:  # noqa: S310 (our own 127.0.0.1 server)
            page = json.load(answer)
        bodies += page["data"]
        url = page["links"].get("next")
    body = next(b for b in bodies if b.get("web", "").endswith("/organer/bench-organ-1/"))
    path = body["meeting"].removeprefix(base)
    with urllib.request.urlopen(base + path) as answer:  # noqa: S310 (as above)
        etag = answer.headers["ETag"]
    assert etag, "the OParl list has no ETag"
    return path, etag


def _etag(url: str) -> str:
    """The ETag a page is answered with (after this first request it is kept)."""
    import urllib.request

    with urllib.request.urlopen(url) as answer:  # noqa: S310 (our own 127.0.0.1 server)
        etag = answer.headers["ETag"]
    assert etag, f"{url} has no ETag"
    return str(etag)


def _create_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute("CREATE DATABASE kkr")


TARGETS = {
    "meeting_page_p95_ms": ("Meeting page p95 at 16 clients", "<=", 50),
    "meeting_page_floor_ratio": ("Meeting page throughput / floor's", ">=", 0.2),
    # Issue 17: at least the plain query's throughput, each published version's items kept
    # (decision 0039); the whole answer is made, not the public's kept page.
    "api_100_ratio": (
        "API 100 meetings, made (versions' items kept, page not), throughput / plain query's",
        ">=",
        1.0,
    ),
    "api_1000_p95_ms": ("API 1,000 meetings p95", "<", 400),
    "oparl_meeting_100_ratio": (
        "OParl meeting list page (up to 100), made (not kept), throughput / plain query's",
        ">=",
        0.6,
    ),
    "oparl_agendaitem_100_ratio": (
        "OParl agenda-item list page of 100, made (not kept), throughput / plain query's",
        ">=",
        0.6,
    ),
    "consultation_matrix_floor_ratio": (
        "Consultation response matrix (98 municipalities × 20 questions) throughput / floor's",
        ">=",
        0.2,
    ),
    "pdf_20_seconds": ("PDF of 20 items (PDF/UA), in a running worker", "<", 3),
    "pdf_50_seconds": ("PDF of 50 items, in a running worker", "<", 8),
    "pdf_peak_memory_mb": ("PDF peak memory", "<", 300),
    "pdf_burst_drained_seconds": (
        "A burst of 200 PDF jobs (100 versions × 2 audiences) drained, worker per core",
        "<=",
        100,
    ),
    "compiled_pdf_98_seconds": (
        "Compiled PDF of 98 answers (20 questions each), in a running worker",
        "<",
        10,
    ),
    "search_p95_ms": (
        "Search p95, 1-3 words incl. the commonest, public and member, 8 clients",
        "<=",
        150,
    ),
    "sync_seconds": (
        "Incremental sync of a day's changes: every REST list's change feed, in-process",
        "<",
        1,
    ),
    "public_pages_floor_ratio": (
        "Public pages (front, body, meeting, quota), the lowest throughput / floor's",
        ">=",
        0.5,
    ),
    "public_pages_p95_ms": ("Public pages, the highest p95 at 16 clients", "<=", 50),
    "signed_in_pages_floor_ratio": (
        "Signed-in pages (member's meeting page, agenda editor, appointments, response "
        "matrix), the lowest throughput / floor's",
        ">=",
        0.2,
    ),
    "page_304_floor_ratio": (
        "Body page answered 304 (If-None-Match) throughput / floor's",
        ">=",
        0.8,
    ),
    "web_worker_rss_mb": ("Web worker memory (RSS) after the load, the largest", "<=", 200),
    "oparl_304_floor_ratio": (
        "OParl meeting list answered 304 (If-None-Match) throughput / floor's",
        ">=",
        0.8,
    ),
    "dump_seconds": ("Nightly open-data dump (every public REST list, ZIP)", "<", 300),
    "dump_peak_memory_mb": ("Nightly open-data dump peak memory", "<", 500),
    "errors": ("Errors under load", "==", 0),
}


# The anonymous pages issue 17 wants near the floor (the bench's data has no agreements, and
# search is measured in its own part).
PUBLIC_PAGES = ("front page", "body page", "meeting page (20 items, minutes)", "quota page")

# The signed-in pages issue 17 wants at 0.2 of the floor or more (kept for their user,
# decision 0041; each is measured made as well).
SIGNED_IN_PAGES = (
    "meeting page as a member (28 items, 13 closed)",
    "agenda editor (secretariat, 28 items)",
    "appointments overview",
    "consultation response matrix (98 × 20)",
)

# The parts of a run; ``--only`` picks some (the data is generated in full either way). A
# part's targets are judged only when it ran.
PARTS = (
    "pages",
    "api",
    "quota",
    "pdf",
    "celery",
    "extraction",
    "search",
    "opendata",
    "sync",
)


def _check(value: float | None, operator: str, target: float) -> bool:
    if value is None:  # not measured to the end (a PDF failed): missed
        return False
    return {
        "<=": value <= target,
        "<": value < target,
        ">=": value >= target,
        "==": value == target,
    }[operator]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["full", "small"], default="full")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--duration", type=float, default=None, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run, of {', '.join(PARTS)} (default: all)",
    )
    args = parser.parse_args()
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(parts - set(PARTS)))}")
    duration = args.duration or (10.0 if args.size == "full" else 4.0)
    pg_bin = postgres_bin_dir()
    if pg_bin is None or shutil.which("redis-server") is None:
        say("needs PostgreSQL and Redis (apt-get install postgresql redis-server)")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="kkr-bench-"))
    os.chmod(tmp, 0o755)
    report: dict[str, Any] = {
        "size": args.size,
        "seed": args.seed,
        "concurrency": args.concurrency,
        "parts": sorted(parts),
        "seconds_per_page": duration,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
    }
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        database = stack.enter_context(postgres(tmp, pg_bin))
        broker = stack.enter_context(redis(tmp, shutil.which("redis-server")))
        _create_database(database)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.update(
            KKR_ENV="production",
            KKR_SECRET_KEY=secrets.token_urlsafe(60),
            KKR_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            KKR_DATABASE_URL=database,
            KKR_REDIS_URL=broker,
            KKR_MEDIA_ROOT=str(tmp / "media"),
            KKR_STATIC_ROOT=str(tmp / "static"),
            KKR_SECURE_SSL_REDIRECT="false",
            KKR_BEHIND_TLS_PROXY="false",
            KKR_HSTS_SECONDS="0",
            KKR_EMAIL_BACKEND="memory",
            KKR_LOG_LEVEL="WARNING",
            KKR_ACCESS_LOG="",
            KKR_SITE_URL=base,
            # The load comes from one address: measure the portal, not its rate limit.
            KKR_API_RATE_LIMIT_PER_CLIENT="0",
            KKR_API_RATE_LIMIT_PER_TOKEN="0",  # noqa: S106 (a limit, not a password)
        )
        say(f"PostgreSQL {database}, Redis {broker}; migrating and collecting static files")
        _run(env, "manage.py", "migrate", "--noinput", quiet=True)
        _run(env, "manage.py", "collectstatic", "--noinput", quiet=True)
        say(f"generating the {args.size} dataset (seed {args.seed})")
        # Generation runs tasks in-process: the PDFs of the demo meetings are made there.
        generated = subprocess.run(
            [str(PYTHON), "-m", "bench.generate", "--size", args.size, "--seed", str(args.seed)],
            cwd=ROOT,
            env={**env, "KKR_CELERY_EAGER": "true"},
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        print("\n".join(line for line in generated.splitlines()[:-1]))
        dataset = json.loads(generated.strip().splitlines()[-1])
        report["dataset"] = dataset
        meeting = dataset["page_meeting"]
        answers = f"sekretariat@/hoeringer/{dataset['consultation']}/svar"
        sessions = {who: _json(env, "session", who) for who in ("sekretariat", "medlem")}
        cookies = {who: browser["cookie"] for who, browser in sessions.items()}
        kd_net = dataset["kd_net_meeting"]

        pages = {
            "front page": "/",
            "body page": "/organer/bench-organ-1/",
            "meeting page (20 items, minutes)": f"/moeder/{meeting}/",
            "appointments overview": "sekretariat@/udpegninger/",
            # The demo's KD-Net meeting (28 items, 13 closed), as its body's member sees it
            # (the closed items too: made each time) and in its secretariat's editor.
            "meeting page as a member (28 items, 13 closed)": f"medlem@/moeder/{kd_net}/",
            "agenda editor (secretariat, 28 items)": f"sekretariat@/moeder/{kd_net}/dagsorden/",
            "quota page": "/kvoter/2027/",
            "API 100 meetings with items": "/api/meetings/?items=true&page_size=100",
            "consultation response matrix (98 × 20)": f"{answers}/",
            "consultation answers CSV (98 × 20)": f"{answers}.csv",
        }
        api_1000 = "/api/meetings/?items=true&page_size=1000"
        if "pages" in parts:
            say("query counts")
            counts = _json(env, "queries", *pages.values(), api_1000)
        if "api" in parts:
            say("API against a plain query of the same rows (in-process, medians)")
            report["api"] = _json(env, "api")
            say("OParl lists against a plain query producing the same JSON (in-process)")
            report["oparl"] = _json(env, "oparl")
        if "quota" in parts:
            say("quota model")
            report["quota_model"] = _json(env, "quota")
        if "pdf" in parts:
            say("PDFs (one process each: seconds, pages, peak memory)")
            report["pdf"] = {
                "KD-Net demo minutes": _json(env, "pdf", str(dataset["kd_net_meeting"]), "minutes"),
                "20 items (minutes)": _json(env, "pdf", str(meeting), "minutes"),
                "50 items (minutes)": _json(env, "pdf", str(dataset["pdf_meeting"]), "minutes"),
            }
            report["compiled_pdf"] = _json(env, "compiled_pdf", str(dataset["consultation"]))
        if "opendata" in parts:
            say("the nightly open-data dump (one process: seconds, peak memory, size)")
            report["opendata"] = _dump(env)
            dump = report["opendata"]
            say(
                f"dump: {dump['seconds']} s, {dump['peak_memory_mb']} MB peak, "
                f"{dump['rows']:,} rows"
            )
        if "sync" in parts:
            say("a day's changes, then an incremental sync of every REST list (in-process)")
            report["sync"] = _json(env, "sync")
            say(f"sync: {report['sync']['entries']:,} entries in {report['sync']['seconds']} s")
        if "extraction" in parts:
            say("attachment text extraction (bench/extraction.py: one process, pages per second)")
            files = "40" if args.size == "full" else "8"
            output = _run(env, "-m", "bench.extraction", "--pdfs", files, "--docx", files)
            report["extraction"] = json.loads(output.strip().splitlines()[-1])
            say(f"extraction: {report['extraction']['all']['pages_per_second']} pages/s")

        load: dict[str, Any] = {}
        if "pages" in parts:
            say(f"gunicorn (production settings) on {base}; {args.concurrency} clients per page")
            gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "kkr_portal.wsgi"]
            gunicorn += ["--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            with _process(gunicorn, env, tmp / "gunicorn.log") as server:
                wait_for_port(port, "gunicorn", server)
                # Warm every worker up (imports, connections) before anything is measured.
                _load(base + "/livez", concurrency=args.concurrency, duration=3)
                for spec in pages.values():
                    who, _at, path = spec.rpartition("@")
                    _load(base + path, concurrency=4, duration=1, cookie=cookies.get(who, ""))
                load["floor (/livez, before)"] = _load(
                    base + "/livez", concurrency=args.concurrency, duration=duration
                )
                for name, spec in pages.items():
                    who, _at, path = spec.rpartition("@")
                    load[name] = _load(
                        base + path,
                        concurrency=args.concurrency,
                        duration=duration,
                        cookie=cookies.get(who, ""),
                    )
                    load[name]["queries"] = counts[spec]["queries"]
                    load[name]["status"] = counts[spec]["status"]
                load["API 1,000 meetings with items (4 clients)"] = _load(
                    base + api_1000, concurrency=4, duration=duration * 2
                )
                load["API 1,000 meetings with items (4 clients)"]["queries"] = counts[api_1000][
                    "queries"
                ]
                # OParl: a body's meeting list answered in full, and as a 304 to a client
                # that sends its ETag back (the sync client's everyday answer).
                oparl_list, etag = _oparl_meeting_list(base)
                load["OParl meeting list (200)"] = _load(
                    base + oparl_list, concurrency=args.concurrency, duration=duration
                )
                load["OParl meeting list (304, If-None-Match)"] = _load(
                    base + oparl_list,
                    concurrency=args.concurrency,
                    duration=duration,
                    if_none_match=etag,
                )
                # The public's pages are kept whole (core.page_cache): a browser that has the
                # page gets a 304; a request with an Authorization header (any) is never
                # served a kept page, so it measures making the page, as before the cache.
                body_page = pages["body page"]
                load["body page (304, If-None-Match)"] = _load(
                    base + body_page,
                    concurrency=args.concurrency,
                    duration=duration,
                    if_none_match=_etag(base + body_page),
                )
                for name in ("body page", "meeting page (20 items, minutes)"):
                    load[f"{name}, made each time (not kept)"] = _load(
                        base + pages[name],
                        concurrency=args.concurrency,
                        duration=duration,
                        authorization="Bench made-each-time",
                    )
                # The signed-in pages are kept for their user (accounts.kept_pages) only
                # for a browser with a CSRF cookie; with the session cookie alone each is
                # made, as a browser's first page is and every page after a write.
                for name in SIGNED_IN_PAGES:
                    who, _at, path = pages[name].rpartition("@")
                    load[f"{name}, made each time (not kept)"] = _load(
                        base + path,
                        concurrency=args.concurrency,
                        duration=duration,
                        cookie=sessions[who]["session_only"],
                    )
                load["floor (/livez, after)"] = _load(
                    base + "/livez", concurrency=args.concurrency, duration=duration
                )
                # Each web worker's memory after all of that load (issue 17: at most 200 MB).
                report["web_worker_rss_mb"] = _children_rss_mb(server.pid)
                say(f"web workers' memory after the load: {report['web_worker_rss_mb']} MB")
            report["load"] = load

        if "search" in parts:
            report["search"] = _search(env, args, base, port, tmp, duration)

        if "celery" in parts:
            say("Celery: bursts of 200 e-mail and 200 PDF jobs; workers as in docker-compose.yml")
            worker = [str(PYTHON), "-m", "celery", "-A", "kkr_portal", "worker"]
            worker += ["--loglevel=WARNING", "--without-gossip", "--without-mingle"]
            with (
                _process(
                    [*worker, "-Q", "kkr", "--concurrency=2", "-n", "mail@%h"],
                    env,
                    tmp / "worker.log",
                ),
                _process(
                    # As docker-compose.yml runs it: one process per core.
                    [
                        *worker,
                        "-Q",
                        "pdf",
                        f"--concurrency={os.cpu_count() or 1}",
                        "--max-memory-per-child=300000",
                        "-n",
                        "pdf@%h",
                    ],
                    env,
                    tmp / "pdf-worker.log",
                ),
            ):
                time.sleep(4)
                report["celery"] = _json(env, "celery")

    values: dict[str, Any] = {}
    floor_rps = 0.0
    if "pages" in parts:
        floor_rps = (
            load["floor (/livez, before)"]["rps"] + load["floor (/livez, after)"]["rps"]
        ) / 2
        meeting_load = load["meeting page (20 items, minutes)"]
        values["meeting_page_p95_ms"] = meeting_load["p95_ms"]
        values["meeting_page_floor_ratio"] = round(meeting_load["rps"] / floor_rps, 3)
        values["consultation_matrix_floor_ratio"] = round(
            load["consultation response matrix (98 × 20)"]["rps"] / floor_rps, 3
        )
        values["api_1000_p95_ms"] = load["API 1,000 meetings with items (4 clients)"]["p95_ms"]
        values["oparl_304_floor_ratio"] = round(
            load["OParl meeting list (304, If-None-Match)"]["rps"] / floor_rps, 3
        )
        public = [load[name] for name in PUBLIC_PAGES]
        values["public_pages_floor_ratio"] = round(min(p["rps"] for p in public) / floor_rps, 3)
        values["public_pages_p95_ms"] = max(p["p95_ms"] for p in public)
        values["signed_in_pages_floor_ratio"] = round(
            min(load[name]["rps"] for name in SIGNED_IN_PAGES) / floor_rps, 3
        )
        values["page_304_floor_ratio"] = round(
            load["body page (304, If-None-Match)"]["rps"] / floor_rps, 3
        )
        values["web_worker_rss_mb"] = max(report["web_worker_rss_mb"], default=0.0)
        values["errors"] = sum(entry["errors"] for entry in load.values())
    if "search" in parts:
        values["search_p95_ms"] = report["search"]["p95_ms_max"]
        values["errors"] = values.get("errors", 0) + report["search"]["errors"]
    if "sync" in parts:
        values["sync_seconds"] = report["sync"]["seconds"]
    if "opendata" in parts:
        values["dump_seconds"] = report["opendata"]["seconds"]
        values["dump_peak_memory_mb"] = report["opendata"]["peak_memory_mb"]
    if "api" in parts:
        values["api_100_ratio"] = report["api"]["100"]["made_throughput_ratio"]
        # Judged on the answer made from the database: a kept answer (core.page_cache)
        # against an uncached query could not fail. The kept figures are in the report, and
        # so are the cold ones (nothing kept, every item made: "cold_throughput_ratio").
        for kind in ("meeting", "agendaitem"):
            values[f"oparl_{kind}_100_ratio"] = report["oparl"][kind]["made_throughput_ratio"]
    if "celery" in parts:
        values["pdf_burst_drained_seconds"] = report["celery"]["pdf"]["drained_seconds"]
    if "pdf" in parts:
        values["pdf_20_seconds"] = report["pdf"]["20 items (minutes)"]["warm_seconds"]
        values["pdf_50_seconds"] = report["pdf"]["50 items (minutes)"]["warm_seconds"]
        values["pdf_peak_memory_mb"] = max(p["peak_memory_mb"] for p in report["pdf"].values())
        if report["compiled_pdf"]["available"]:
            values["compiled_pdf_98_seconds"] = report["compiled_pdf"]["warm_seconds"]
    report["targets"] = {
        key: {
            "what": what,
            "value": values[key],
            "target": f"{operator} {target}",
            "met": _check(values[key], operator, target),
        }
        for key, (what, operator, target) in TARGETS.items()
        if key in values  # the parts that ran; the compiled PDF where the portal makes one
    }
    _print(report, floor_rps)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # A run of some parts only does not replace the latest complete one.
    label = args.size if parts == set(PARTS) else f"{args.size}-{'-'.join(sorted(parts))}"
    for name in (f"{stamp}-{label}.json", f"latest-{label}.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"written to bench/results/latest-{label}.json")
    return 0


def _dump(env: dict[str, str]) -> dict[str, Any]:
    """``manage.py build_open_data_dump`` in its own process: wall time, the process's peak
    RSS (from its own rusage, not the other children's), rows and bytes from its manifest."""
    started = time.monotonic()
    process = subprocess.Popen(
        [str(PYTHON), "manage.py", "build_open_data_dump"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = round(time.monotonic() - started, 1)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(output)
        raise RuntimeError("build_open_data_dump failed")
    path = Path(env["KKR_MEDIA_ROOT"]) / output.split()[0]
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return {
        "seconds": seconds,
        "peak_memory_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "rows": sum(d["rows"] for d in manifest["datasets"].values()),
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "datasets": {name: d["rows"] for name, d in manifest["datasets"].items()},
    }


def _search(
    env: dict[str, str], args: argparse.Namespace, base: str, port: int, tmp: Path, duration: float
) -> dict[str, Any]:
    """bench/search.py: attachment texts and the index build (rows/s); then the results page
    at 8 clients for one to three words (the commonest word of the index among them), as
    the public and as a member (the demo's "medlem"), with its query counts."""
    texts = "100000" if args.size == "full" else "2000"
    say(f"search: {texts} attachment texts, then the whole index (bench/search.py)")
    output = _run(env, "-m", "bench.search", "build", "--texts", texts, "--seed", str(args.seed))
    built = json.loads(output.strip().splitlines()[-1])
    say(
        f"search index: {built['rows']:,} rows in {built['seconds']} s, "
        f"{built['rows_per_second']} rows/s"
    )
    common = built["common_words"][0] if built["common_words"] else "kommunerne"
    queries = [common, "kvote flygtninge", "beskæftigelse indsats borgere", f"{common} budget"]
    made_args = [arg for q in queries for arg in ("--query", q)]
    made = json.loads(_run(env, "-m", "bench.search", "made", *made_args).strip().splitlines()[-1])
    for name, entry in made.items():
        say(
            f"  made, {name}: median {entry['median_ms']} ms, slowest {entry['max_ms']} ms, "
            f"{entry['queries']} queries, {entry['hits']} hits"
        )
    paths = {q: "/soeg/?" + urlencode({"q": q}) for q in queries}
    counts = _json(env, "queries", *paths.values(), *(f"medlem@{p}" for p in paths.values()))
    cookie = _json(env, "session", "medlem")["cookie"]
    load: dict[str, Any] = {}
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "kkr_portal.wsgi"]
    gunicorn += ["--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    with _process(gunicorn, env, tmp / "gunicorn-search.log") as server:
        wait_for_port(port, "gunicorn", server)
        for path in paths.values():
            _load(base + path, concurrency=4, duration=1)
        for q, path in paths.items():
            for who, who_cookie in (("public", ""), ("member", cookie)):
                entry = _load(base + path, concurrency=8, duration=duration, cookie=who_cookie)
                entry["queries"] = counts[f"medlem@{path}" if who_cookie else path]["queries"]
                load[f"{who}: {q}"] = entry
    for name, entry in load.items():
        say(
            f"  {name}: p50 {entry.get('p50_ms')} ms, p95 {entry['p95_ms']} ms, "
            f"{entry['rps']} req/s, {entry['queries']} queries"
        )
    return {
        "build": built,
        "made": made,
        "load": load,
        "p95_ms_max": max(entry["p95_ms"] for entry in load.values()),
        "errors": sum(entry["errors"] for entry in load.values()),
    }


def _print_load(load: dict[str, Any], floor_rps: float) -> None:
    print(
        f"{'page / endpoint':<44}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'queries':>9}{'÷floor':>8}"
    )
    for name, row in load.items():
        print(
            f"{name:<44}{row['rps']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}"
            f"{row['errors']:>8}{row.get('queries', ''):>9}{row['rps'] / floor_rps:>8.3f}"
        )
    print()


def _print(report: dict[str, Any], floor_rps: float) -> None:
    print()
    if report.get("load"):
        _print_load(report["load"], floor_rps)
    for size, row in report.get("api", {}).items():
        print(
            f"API {size} meetings with items: {row['api_ms']} ms kept ({row['made_ms']} ms made)"
            f" vs plain query {row['plain_ms']} ms → throughput ratio {row['throughput_ratio']}"
            f" ({row['made_throughput_ratio']} made) ({row['bytes']:,} bytes)"
        )
    for kind, row in report.get("oparl", {}).items():
        print(
            f"OParl {kind} list ({row['objects']} of {row['total']}): {row['kept_ms']} ms kept "
            f"({row['made_ms']} ms made) vs plain query {row['plain_ms']} ms → throughput ratio "
            f"{row['kept_throughput_ratio']} ({row['made_throughput_ratio']} made) "
            f"({row['bytes']:,} bytes)"
        )
    for name, row in report.get("pdf", {}).items():
        print(
            f"PDF {name}: {row['warm_seconds']} s in a running worker ({row['seconds']} s as "
            f"a new process's first), {row['pages']} pages "
            f"({row['combined_pages']} combined), peak {row['peak_memory_mb']} MB"
        )
    compiled = report.get("compiled_pdf")
    if compiled and compiled["available"]:
        print(
            f"Compiled PDF of {compiled['answers']} answers × {compiled['questions']} questions: "
            f"{compiled['warm_seconds']} s in a running worker ({compiled['seconds']} s as a new "
            f"process's first), {compiled['pages']} pages, peak {compiled['peak_memory_mb']} MB"
        )
    elif compiled:
        print("Compiled PDF of the answers: not in this portal (consultations.services_pdf)")
    for kind, row in report.get("celery", {}).items():
        print(
            f"Celery {kind} ({row['jobs']} jobs): start delay p50 {row['p50_ms']} ms, "
            f"p95 {row['p95_ms']} ms, max {row['max_ms']} ms"
            + (f", all done after {row['drained_seconds']} s" if "drained_seconds" in row else "")
        )
    quota = report.get("quota_model")
    if quota:
        print(f"Quota model, {quota['municipalities']} municipalities: {quota['median_ms']} ms")
    print()
    for row in report["targets"].values():
        mark = "met" if row["met"] else "MISSED"
        print(f"  [{mark:>6}] {row['what']}: {row['value']} (target {row['target']})")


if __name__ == "__main__":
    sys.exit(main())
