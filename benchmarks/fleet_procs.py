"""The processes of ``bench_fleet.py``: started so they die with the benchmark, read from /proc.

Every child gets ``PR_SET_PDEATHSIG`` (Linux): if the benchmark itself is killed, the kernel
kills the bridge, the simulator and the CSMS too, so nothing outlives a run. A normal exit
stops them politely first (SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

_PR_SET_PDEATHSIG = 1
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls it


def child_setup() -> None:  # runs in the child between fork and exec
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:  # 10,000 WebSockets need as many descriptors
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Children:
    """The benchmark's child processes; ``stop_all`` ends every one still running."""

    def __init__(self) -> None:
        self._running: list[subprocess.Popen[Any]] = []

    def start(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None = None,
        stdin: int | None = subprocess.DEVNULL,
        stdout: int | IO[Any] | None = subprocess.DEVNULL,
        stderr: int | IO[Any] | None = subprocess.DEVNULL,
    ) -> subprocess.Popen[Any]:
        process = subprocess.Popen(
            list(argv), cwd=cwd, stdin=stdin, stdout=stdout, stderr=stderr,
            preexec_fn=child_setup, text=True,
        )  # fmt: skip
        self._running.append(process)
        return process

    def stop(self, process: subprocess.Popen[Any], grace_s: float = 10.0) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(grace_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        if process in self._running:
            self._running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self._running)):
            self.stop(process, grace_s=5.0)


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end the benchmark through ``finally`` blocks, like Ctrl-C does."""

    def _raise(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise)


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (all its threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # fields 14 and 15 of stat(5)


def rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def read_line(process: subprocess.Popen[Any], prefix: str, timeout_s: float) -> str:
    """The first stdout line of ``process`` that starts with ``prefix`` (its port line)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line[len(prefix):].strip()
        if not line and process.poll() is not None:
            break
    raise RuntimeError(f"{process.args[:3]} did not print {prefix!r} (exit {process.poll()})")


def http_json(url: str, body: object | None = None, timeout_s: float = 10.0) -> Any:
    """GET (or POST ``body``) ``url`` and return the JSON reply."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
    with urllib.request.urlopen(request, timeout=timeout_s) as reply:
        return json.loads(reply.read())


def http_get(url: str, timeout_s: float = 10.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout_s) as reply:
        body: bytes = reply.read()
        return body


class CsmsProcess:
    """``fleet_csms.py`` in its own process, asked for its records over stdin/stdout."""

    def __init__(self, children: Children, heartbeat_interval: int) -> None:
        script = Path(__file__).with_name("fleet_csms.py")
        self.process = children.start(
            [sys.executable, str(script), "--heartbeat-interval", str(heartbeat_interval)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.port = int(read_line(self.process, "listening ", timeout_s=30))

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, command: dict[str, object]) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the CSMS exited ({self.process.poll()})")
        return json.loads(line)

    def stats(self) -> dict[str, Any]:
        reply: dict[str, Any] = self.ask({"cmd": "stats"})
        return reply

    def statuses(self, boxes: Sequence[str]) -> dict[str, list[list[Any]]]:
        reply: dict[str, list[list[Any]]] = self.ask({"cmd": "statuses", "boxes": list(boxes)})
        return reply
