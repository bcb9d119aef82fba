"""`make run` on embedded services: it serves, and Ctrl-C leaves no process behind."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_mentioning(text: str) -> list[str]:
    """Processes whose command line or environment mentions ``text`` (the stack's children
    all inherit CSOA_STATE_DIR)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environ = (proc / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if text in cmdline or text in environ:
            found.append(f"{proc.name}: {cmdline}")
    return found


def stack_env(state: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        CSOA_STATE_DIR=str(state),
        PORT=str(port),
        DJANGO_ENV="development",
        DJANGO_SETTINGS_MODULE="csoa.settings",
    )
    return env


class Stack(subprocess.Popen):
    """``make run``'s process, whose output is read as it comes (so that waiting for it can
    follow its progress) and kept for the assertions."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)


def start_stack(state: Path, port: int) -> Stack:
    return Stack(
        [sys.executable, "-m", "csoa.dev.devstack", "run"],
        cwd=ROOT,
        env=stack_env(state, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )


def wait_until_healthy(port: int, stack: Stack, stall: float = 300) -> None:
    """Until /healthz answers: as long as the stack lives and goes on saying what it does
    (loading the archives takes minutes on a busy machine). It fails when the stack dies,
    or says nothing for ``stall`` seconds."""
    said, quiet_since = 0, time.monotonic()
    while True:
        assert stack.poll() is None, stack.output()
        if len(stack.lines) != said:
            said, quiet_since = len(stack.lines), time.monotonic()
        elif time.monotonic() - quiet_since > stall:
            raise AssertionError("the stack stalled before it was healthy:\n" + stack.output())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)


def ctrl_c(stack: Stack) -> str:
    os.killpg(stack.pid, signal.SIGINT)
    stack.wait(timeout=60)
    stack.reader.join(timeout=10)
    return stack.output()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 (http only)
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def assert_serves_a_burst(port: int, concurrent: int = 64) -> None:
    """64 requests at once: each waits for a thread, none fails for want of a database
    connection."""
    urls = [f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/incidents/"] * (concurrent // 2)
    with ThreadPoolExecutor(max_workers=concurrent) as pool:
        statuses = list(pool.map(status_of, urls))
    assert statuses == [200] * concurrent, sorted(set(statuses))


def celery_workers(state: Path) -> set[str]:
    return {
        line.split(":")[0]
        for line in processes_mentioning(str(state))
        if "celery" in line and " worker" in line
    }


def assert_a_killed_worker_is_started_again(state: Path, port: int) -> None:
    before = celery_workers(state)
    for pid in before:
        os.kill(int(pid), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = celery_workers(state)
        if now and not now & before:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the worker was not started again")
    assert status_of(f"http://127.0.0.1:{port}/healthz") == 200


def assert_a_killed_redis_is_started_again(state: Path, port: int) -> None:
    """The embedded Redis killed: the stack starts it again, and health comes back."""
    before = {
        line.split(":")[0] for line in processes_mentioning(str(state)) if "redis-server" in line
    }
    assert before
    for pid in before:
        os.kill(int(pid), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if status_of(f"http://127.0.0.1:{port}/healthz") == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        raise AssertionError("Redis was not started again")
    after = {
        line.split(":")[0] for line in processes_mentioning(str(state)) if "redis-server" in line
    }
    assert after and not after & before


def test_make_run_serves_and_stops_everything_it_started(tmp_path):
    state = tmp_path / "state"
    port = free_port()
    stack = start_stack(state, port)
    try:
        wait_until_healthy(port, stack)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as home:
            assert b"CSOA" in home.read()
        # The public history is loaded and public: the anonymous map counts it.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/v1/incidents/map/?bbox=-180,-90,180,90&zoom=1",
            timeout=30,
        ) as data:
            assert json.load(data)["total"] >= 14_000
        running = processes_mentioning(str(state))
        assert any("postgres" in p for p in running), running
        assert any("redis-server" in p for p in running), running
        assert any("celery" in p and " beat" in p for p in running), running
        assert any("celery" in p and " worker" in p for p in running), running
        assert any("gunicorn" in p for p in running), running
        assert_serves_a_burst(port)
        assert_a_killed_worker_is_started_again(state, port)
        assert_a_killed_redis_is_started_again(state, port)
        # A command run beside it uses the same servers and leaves them running.
        command = subprocess.run(
            [sys.executable, "-m", "csoa.dev.devstack", "manage", "counted_cells", "--check"],
            cwd=ROOT,
            env=stack_env(state, port),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert command.returncode == 0, command.stdout + command.stderr
        assert "The trends cells match the incidents." in command.stdout
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as health:
            assert json.load(health) == {"status": "ok", "database": "ok", "redis": "ok"}
    finally:
        output = ctrl_c(stack)
    assert "staff@csoa.example" in output  # the banner lists the demo accounts
    assert "NGA ASAM archive: 8,642 records" in output, output
    assert "IMB piracy archive (Benden et al. 2021): 7,511 records" in output, output
    assert stack.returncode == 0, output
    time.sleep(1)
    assert processes_mentioning(str(state)) == []
    assert processes_mentioning(f"gunicorn csoa.wsgi --bind 127.0.0.1:{port}") == []

    # A second start reuses the data: the demo data is not loaded twice.
    stack = start_stack(state, port)
    try:
        wait_until_healthy(port, stack)
    finally:
        output = ctrl_c(stack)
    assert "Demo data ready (0 new records)" in output, output
    assert "The public archives are loaded already." in output, output
    time.sleep(1)
    assert processes_mentioning(str(state)) == []
