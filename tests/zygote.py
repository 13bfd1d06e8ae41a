"""A fork server for crash tests: one process imports a worker module once, then forks a fresh
child for every run, so a test that SIGKILLs its worker 50 times pays Python's start-up and
imports (seconds each on a loaded machine) once instead of 50 times.

    python -m tests.zygote MODULE

The zygote imports ``MODULE`` (which has ``main(argv: list[str])``), starts no thread, prints
``ready`` and then reads one JSON command per line from standard input:
``{"argv": [...], "out": FIFO}``. For each it forks; the child points its standard output at
the named pipe ``FIFO`` (and its standard input at /dev/null) and runs ``MODULE.main(argv)``
exactly as ``python -m MODULE`` would; the zygote prints ``pid <n>``, waits for the child and
prints ``exit <n> <code>`` (``-<signal>`` when a signal ended it, as ``subprocess`` says).

Use it from a test through :class:`Zygote`.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from types import TracebackType
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def _serve(module_name: str) -> None:
    module = importlib.import_module(module_name)
    # fork() copies only the calling thread: with another thread alive a child could inherit a
    # lock held forever. The workers start their threads in the child.
    assert threading.active_count() == 1, threading.enumerate()
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the child
            code = 0
            try:
                out = os.open(command["out"], os.O_WRONLY)
                os.dup2(out, 1)
                os.close(out)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.close(null)
                sys.stdin = open(0, encoding="utf-8")  # noqa: SIM115 - lives as long as the child
                sys.stdout = open(1, "w", encoding="utf-8")  # noqa: SIM115
                result = module.main(command["argv"])
                code = int(result or 0)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {pid} {code}", flush=True)


class Child:
    """One forked run: ``stdout`` (text) is what its ``main`` prints."""

    def __init__(self, zygote: Zygote, pid: int, stdout: IO[str]) -> None:
        self._zygote = zygote
        self.pid = pid
        self.stdout = stdout
        self.returncode: int | None = None

    def send_signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def communicate(self) -> str:
        """The rest of its output, once it has ended; sets ``returncode``."""
        rest = self.stdout.read()
        self.stdout.close()
        self.returncode = self._zygote._ended(self.pid)
        return rest


class Zygote:
    """``with Zygote("tests.store.crash_worker", tmp_path) as z: child = z.spawn([...])``; one
    child at a time (``communicate()`` it before the next ``spawn``). ``folder`` holds the
    named pipes for a moment; ``env`` is the zygote's (and so the children's) environment."""

    def __init__(self, module: str, folder: Path, env: dict[str, str] | None = None) -> None:
        self._module = module
        self._folder = folder
        self._env = {**(env or os.environ), "PYTHONPATH": str(REPO_ROOT)}
        self._proc: subprocess.Popen[str] | None = None
        self._running: int | None = None

    def __enter__(self) -> Zygote:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.zygote", self._module],
            cwd=REPO_ROOT, env=self._env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        first = self._line()
        assert first == "ready", f"the zygote of {self._module} did not start: {first!r}"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        proc = self._proc
        if proc is None:
            return
        if self._running is not None:  # a failed test left its child running: end it
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._running, signal.SIGKILL)
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def _line(self) -> str:
        assert self._proc is not None and self._proc.stdout is not None
        return self._proc.stdout.readline().strip()

    def spawn(self, argv: list[str]) -> Child:
        assert self._proc is not None and self._proc.stdin is not None
        fifo = self._folder / f"zygote-{uuid.uuid4().hex}.fifo"
        os.mkfifo(fifo, 0o600)
        try:
            self._proc.stdin.write(json.dumps({"argv": argv, "out": str(fifo)}) + "\n")
            self._proc.stdin.flush()
            started = self._line()
            assert started.startswith("pid "), started
            stdout = open(fifo, encoding="utf-8")  # noqa: SIM115 - the Child closes it
        finally:
            fifo.unlink()
        self._running = int(started.split()[1])
        return Child(self, self._running, stdout)

    def _ended(self, pid: int) -> int:
        line = self._line()
        word, which, code = line.split()
        assert (word, int(which)) == ("exit", pid), line
        self._running = None
        return int(code)


def _main(argv: list[str]) -> Any:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _serve(argv[0])


if __name__ == "__main__":
    _main(sys.argv[1:])
