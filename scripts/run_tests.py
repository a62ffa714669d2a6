#!/usr/bin/env python3
"""Run the whole test suite against real services (``make test``).

Starts throwaway PostgreSQL and Redis servers on 127.0.0.1 (ports below 32768) in a
temporary folder, points the suite at them, runs pytest, and stops and removes them
afterwards, also when the tests fail or on Ctrl-C. Where a service or tool is not installed
it says which parts are skipped; with ``CI=true`` a missing part is a failure instead.

Extra arguments go to pytest: ``make test ARGS="-k rules -x"``.

The whole suite (no arguments) runs in parallel with pytest-xdist, one worker process per
CPU (at most four; ``KKR_TEST_WORKERS=1`` for one process). Each worker has its own test
database, Redis databases and live-server port (``tests/settings.py``), so the real
services are shared but nothing in them is. With arguments it runs in one process unless
they say ``-n``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = os.environ.get("KKR_CHROMIUM", "/usr/bin/chromium")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def say(message: str) -> None:
    print(f"[make test] {message}", flush=True)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 below 32768 (higher ones collide with outgoing ones)."""
    for _ in range(200):
        port = random.randint(20000, 32000)  # noqa: S311 - not for security
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


def postgres_bin_dir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _as_service_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, so drop to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def wait_for_port(port: int, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} while starting")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start listening on port {port} within 30 s")


@contextlib.contextmanager
def postgres(tmp: Path, bin_dir: Path) -> Iterator[str]:
    data, sockets = tmp / "pg", tmp / "pgsock"
    sockets.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (tmp, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    port = free_port()
    subprocess.run(
        _as_service_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "kkr",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    subprocess.run(
        _as_service_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(tmp / "postgres.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, "PostgreSQL")
        yield f"postgres://kkr@127.0.0.1:{port}/kkr"
    finally:
        subprocess.run(
            _as_service_user(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


@contextlib.contextmanager
def redis(tmp: Path, binary: str) -> Iterator[str]:
    port = free_port()
    directory = tmp / "redis"
    directory.mkdir()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            # Two databases per pytest-xdist worker (broker and cache: tests/settings.py).
            "--databases",
            "64",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, "Redis", process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def xdist_workers(args: list[str]) -> int:
    """How many pytest-xdist workers: one per CPU (at most four) for the whole suite, none
    when the arguments pick tests or set ``-n`` themselves; ``KKR_TEST_WORKERS`` overrides."""
    if os.environ.get("KKR_TEST_WORKERS"):
        return max(1, int(os.environ["KKR_TEST_WORKERS"]))
    if args and any(not a.startswith("-") or a.startswith(("-n", "--numprocesses")) for a in args):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def requested_workers(args: list[str]) -> int:
    """The number of xdist workers the arguments ask for themselves (``-n 2``, ``-n2``,
    ``--numprocesses=2``, ``-n auto``), or 0: each needs its own live-server port."""
    for index, arg in enumerate(args):
        value = None
        if arg in ("-n", "--numprocesses") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--numprocesses="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-n") and len(arg) > 2:
            value = arg[2:]
        if value is not None:
            return int(value) if value.isdigit() else (os.cpu_count() or 1)
    return 0


def run_pytest(env: dict[str, str], args: list[str]) -> int:
    """Run pytest and wait for it to finish, also after Ctrl-C or SIGTERM.

    The signal is passed on to pytest, which ends its tests and fixtures (the browser, the
    worker) in order; only then are the servers stopped, by the caller.
    """
    process = subprocess.Popen(
        [str(PYTHON), "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        # A shell starts background jobs with SIGINT ignored, and pytest would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def pass_on(signum: int, _frame: object) -> None:
        say("interrupted: letting the tests wind down, then stopping the test services")
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    previous = {sig: signal.signal(sig, pass_on) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main() -> int:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    missing: dict[str, str] = {}
    pg_bin = postgres_bin_dir()
    if pg_bin is None:
        missing["postgres"] = "PostgreSQL (initdb/pg_ctl not found; apt-get install postgresql)"
    redis_bin = shutil.which("redis-server")
    if redis_bin is None:
        missing["redis"] = "Redis and the Celery worker (apt-get install redis-server)"
    if not Path(CHROMIUM).exists() or not AXE.exists():
        missing["browser"] = "browser tests (needs /usr/bin/chromium and npm's axe-core)"
    if shutil.which("java") is None or not VNU_JAR.exists():
        missing["vnu"] = "HTML validation (needs java and npm's vnu-jar)"
    if shutil.which("docker-compose") is None:
        missing["compose"] = "docker-compose.yml check (apt-get install docker-compose)"
    for part in missing.values():
        say(f"SKIPPING {part}")
    if missing and ci:
        say("CI=true: nothing may be skipped. Install what is missing (see .ci/run).")
        return 2

    env = dict(os.environ)
    env["KKR_TEST_MISSING"] = ",".join(sorted(missing))
    env["KKR_ENV"] = "development"
    tmp = Path(tempfile.mkdtemp(prefix="kkr-test-"))
    # The postgres user (CI runs as root) must reach its data folder inside.
    os.chmod(tmp, 0o755)
    code = 1
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        try:
            if "postgres" not in missing and pg_bin is not None:
                env["KKR_DATABASE_URL"] = stack.enter_context(postgres(tmp, pg_bin))
                say(f"PostgreSQL ready: {env['KKR_DATABASE_URL']}")
            else:
                env.pop("KKR_DATABASE_URL", None)
            if "redis" not in missing and redis_bin is not None:
                env["KKR_REDIS_URL"] = stack.enter_context(redis(tmp, redis_bin))
                say(f"Redis ready: {env['KKR_REDIS_URL']}")
            else:
                env.pop("KKR_REDIS_URL", None)
            env["KKR_TEST_TMP"] = str(tmp)
            args = sys.argv[1:]
            workers = xdist_workers(args)
            # The browser tests' live servers, on ports below 32768 like every server here:
            # one per xdist worker (tests/settings.py picks its own).
            ports: list[str] = []
            while len(ports) < max(workers, requested_workers(args)):
                port = str(free_port())
                if port not in ports:
                    ports.append(port)
            env["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"127.0.0.1:{ports[0]}"
            env["KKR_LIVE_SERVER_PORTS"] = ",".join(ports)
            if workers > 1:
                say(f"{workers} test processes (pytest-xdist; KKR_TEST_WORKERS=1 for one)")
                # Whole files per worker: module-scoped fixtures are built once, not per worker.
                args = ["-n", str(workers), "--dist", "loadfile", *args]
            code = run_pytest(env, args)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            say(f"could not start a test service: {error}")
            log = tmp / "postgres.log"
            if log.exists():
                print(log.read_text()[-3000:])
            code = 2
    if missing:
        say("Skipped parts: " + "; ".join(missing.values()))
    return code


if __name__ == "__main__":
    sys.exit(main())
