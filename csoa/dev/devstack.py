"""The two-command dev stack: ``make run`` and ``make test`` run through here.

``run``: start PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set),
migrate, load the demo data, then run the web server, a Celery worker and Celery beat until
Ctrl-C, and stop every process it started. ``test``: the same services (in their own state
folder) for pytest, with Debian's Chromium for the browser tests. ``manage``: any manage.py
command against the dev services.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import embedded

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def _say(message: str) -> None:
    print(f"[csoa] {message}", flush=True)


def _services(state_dir: Path) -> tuple[embedded.EmbeddedServices, dict[str, str]]:
    """Start what is missing; return the handles and the environment the children need."""
    env = dict(os.environ)
    need_postgres = not env.get("DATABASE_URL")
    need_redis = not env.get("REDIS_URL")
    started = time.monotonic()
    services = embedded.start(state_dir, need_postgres=need_postgres, need_redis=need_redis)
    if need_postgres:
        env["DATABASE_URL"] = embedded.database_url(state_dir)
    if need_redis:
        env["REDIS_URL"] = embedded.redis_url(state_dir)
    env["CSOA_STATE_DIR"] = str(state_dir)
    which = [
        ("embedded PostgreSQL" if need_postgres else "PostgreSQL at DATABASE_URL"),
        ("embedded Redis" if need_redis else "Redis at REDIS_URL"),
    ]
    _say(f"{' and '.join(which)} ready in {time.monotonic() - started:.1f} s")
    return services, env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The development web server: gunicorn with threads, as in production, so a burst of
# requests waits for a thread instead of opening a database connection each.
WEB_WORKERS, WEB_THREADS = 2, 8
# A process of the stack that stops is started again, unless it stops this often.
RESTARTS_PER_MINUTE = 5


def _web_command(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "csoa.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(WEB_WORKERS),
        "--threads",
        str(WEB_THREADS),
        "--reload",
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--access-logfile",
        "-",
    ]


class _Supervised:
    """A process of the stack, started again when it stops on its own."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]):
        self.name, self.command, self.env = name, command, env
        self.restarts: list[float] = []
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(self.command, cwd=ROOT, env=self.env)  # noqa: S603

    def keep_running(self) -> bool:
        """Start the process again if it stopped; False when it keeps stopping."""
        code = self.process.poll()
        if code is None:
            return True
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < 60] + [now]
        if len(self.restarts) > RESTARTS_PER_MINUTE:
            _say(f"the {self.name} stopped {len(self.restarts)} times in a minute; giving up")
            return False
        _say(f"the {self.name} stopped (exit code {code}); starting it again")
        self.process = self._start()
        return True


def run() -> int:
    port = int(os.environ.get("PORT", "8000"))
    if not _port_free(port):
        _say(f"port {port} is in use: stop what runs there, or set PORT=8001")
        return 2
    started = time.monotonic()
    _ensure_pdf_libraries()
    services, env = _services(Path(os.environ.get("CSOA_STATE_DIR") or ROOT / "var"))
    env.setdefault("DJANGO_ENV", "development")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("FEEDS_ALLOW_PRIVATE_URLS", "true")
    supervised: list[_Supervised] = []
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        _manage(env, "migrate", "--no-input", "-v", "0")
        _manage(env, "seed_demo")
        _manage(env, "feeds", "archives")
        _manage(env, "feeds", "defaults")
        commands = {
            "web server": _web_command(port),
            "worker": [str(BIN / "celery"), "-A", "csoa", "worker", "-l", "INFO", "-c", "2"],
            "beat": [str(BIN / "celery"), "-A", "csoa", "beat", "-l", "INFO"],
        }
        supervised = [_Supervised(name, command, env) for name, command in commands.items()]
        _banner(port, time.monotonic() - started)
        redis_restarts: list[float] = []
        while not stopping:
            if not all(process.keep_running() for process in supervised):
                return 1
            if services.redis_stopped():
                now = time.monotonic()
                redis_restarts = [t for t in redis_restarts if now - t < 60] + [now]
                if len(redis_restarts) > RESTARTS_PER_MINUTE:
                    _say("the embedded Redis keeps stopping; giving up")
                    return 1
                _say("the embedded Redis stopped; starting it again")
                services.restart_redis()
            time.sleep(0.3)
        return 0
    except subprocess.CalledProcessError as error:
        _say(f"setup failed: {error}")
        return 1
    finally:
        _say("stopping the web server, worker, beat, Redis and PostgreSQL")
        _stop([process.process for process in supervised])
        services.stop()
        _say("stopped")


def _banner(port: int, seconds: float) -> None:
    from csoa.dev.demo_people import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TOTP_SECRET

    lines = [
        "",
        f"  CSOA platform: http://127.0.0.1:{port}/   (up in {seconds:.1f} s; Ctrl-C stops it)",
        f"  Mail it sends: http://127.0.0.1:{port}/dev/outbox/",
        f"  Demo accounts (password {DEMO_PASSWORD}):",
    ]
    lines += [f"    {role:<9} {email}" for email, _name, _org, role in DEMO_PEOPLE]
    lines.append(f"  Editors and staff use MFA: TOTP secret {DEMO_TOTP_SECRET}")
    print("\n".join(lines) + "\n", flush=True)


def _apt_install(packages: list[str], why: str) -> bool:
    """Install Debian packages when this is Debian and we are root; say so otherwise."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        _say(f"{' '.join(packages)} missing and cannot be installed here: {why}")
        return False
    _say(f"installing Debian's {' '.join(packages)}: {why}")
    quiet = {"stdout": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, **quiet)  # noqa: S607
    subprocess.run(  # noqa: S603 (a fixed list of Debian packages)
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],  # noqa: S607
        check=True,
        env=env,
        **quiet,
    )
    return True


def _ensure_chromium() -> None:
    if not embedded.chromium_path():
        _apt_install(["chromium"], "the browser tests need it")


def _ensure_pdf_libraries() -> None:
    """WeasyPrint draws the PDF reports with Pango, a system library."""
    if not embedded.pdf_libraries_missing():
        return
    _apt_install(
        ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"],
        "PDF reports need Pango",
    )


def _parallel(args: list[str]) -> list[str]:
    """pytest-xdist's options: as many test processes as cores (``CSOA_TEST_WORKERS``
    chooses; 1: none), unless the arguments choose themselves."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses")) or "xdist" in a for a in args):
        return []
    workers = int(os.environ.get("CSOA_TEST_WORKERS") or min(os.cpu_count() or 1, 4))
    return ["-n", str(workers), "--dist", "worksteal"] if workers > 1 else []


def test(args: list[str]) -> int:
    _ensure_chromium()
    _ensure_pdf_libraries()
    services, env = _services(Path(os.environ.get("CSOA_TEST_STATE_DIR") or ROOT / "var/test"))
    env["DJANGO_ENV"] = "test"
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    try:
        started = time.monotonic()
        command = [PYTHON, "-m", "pytest", *_parallel(args), *args]
        code = subprocess.call(command, cwd=ROOT, env=env)  # noqa: S603
        _say(f"tests took {time.monotonic() - started:.0f} s")
        return code
    finally:
        services.stop()


def manage(args: list[str]) -> int:
    services, env = _services(Path(os.environ.get("CSOA_STATE_DIR") or ROOT / "var"))
    try:
        return subprocess.call([PYTHON, "manage.py", *args], cwd=ROOT, env=env)  # noqa: S603
    finally:
        services.stop()


def bench() -> int:
    """``make bench``: csoa.dev.bench against the dev services (their own state folder)."""
    services, env = _services(Path(os.environ.get("CSOA_BENCH_STATE_DIR") or ROOT / "var/bench"))
    try:
        return subprocess.call([PYTHON, "-m", "csoa.dev.bench"], cwd=ROOT, env=env)  # noqa: S603
    finally:
        services.stop()


def main(argv: list[str]) -> int:
    commands = {"run", "test", "manage", "bench"}
    if not argv or argv[0] not in commands:
        print(
            "usage: python -m csoa.dev.devstack run | test [pytest ARGS] | manage COMMAND | bench"
        )
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "bench":
        return bench()
    return manage(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
