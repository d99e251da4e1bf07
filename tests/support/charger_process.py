"""tests/support/crash_charger.py as a trio child process: write commands, read its lines."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import trio

SCRIPT = Path(__file__).resolve().parent / "crash_charger.py"


class Charger:
    """A crash_charger.py process: write commands, read its lines and (when captured) its
    log. The log is read through a pipe, not a file: the process may be denied growing
    files (its ``limit`` command)."""

    def __init__(self, process: trio.Process) -> None:
        self.process = process
        self._buffer = b""
        self._log = bytearray()
        self._logged = trio.Event()  # set (and replaced) whenever the log grows

    async def send(self, line: str) -> None:
        assert self.process.stdin is not None
        await self.process.stdin.send_all(line.encode() + b"\n")

    async def expect(self, prefix: str) -> str:
        assert self.process.stdout is not None
        while True:
            if b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                text = line.decode()
                if text.startswith(prefix):
                    return text
                continue
            chunk = await self.process.stdout.receive_some()
            assert chunk, f"charger exited before printing {prefix!r}"
            self._buffer += chunk

    def stderr(self) -> str:
        return self._log.decode(errors="replace")

    async def wait_log(self, text: str) -> None:
        """Until ``text`` appears in the log."""
        while text not in self.stderr():
            await self._logged.wait()

    async def read_log(self) -> None:
        assert self.process.stderr is not None
        while chunk := await self.process.stderr.receive_some():
            self._log += chunk
            self._logged.set()
            self._logged = trio.Event()


@asynccontextmanager
async def charger(db: Path | str, url: str, *, capture_log: bool = False
                  ) -> AsyncIterator[Charger]:  # fmt: skip
    """Run crash_charger.py on store ``db`` (a file or a postgresql:// URL) against ``url``."""
    process = await trio.lowlevel.open_process(
        [sys.executable, str(SCRIPT), "--db", str(db), "--url", url],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if capture_log else None,
    )
    try:
        async with trio.open_nursery() as nursery:
            running = Charger(process)
            if capture_log:
                nursery.start_soon(running.read_log)
            yield running
            nursery.cancel_scope.cancel()
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
