"""Group commit: the writes of every charger share one transaction and one sync to disk, in
a thread of their own, so the event loop never waits for the disk or the network.

:class:`GroupCommitWriter` numbers each submitted :class:`WriteGroup` (its *ticket*) and
commits them in order. While one batch is being committed the next ones queue, so under load
a batch holds everything that arrived during the previous sync, and when idle a write is
committed at once: the window adapts to the engine's commit time. The thread itself is woken
once per window (by the first submit that finds it idle), not per write. A trio task waits
for its ticket with :meth:`GroupCommitWriter.wait`, or has a callback run in the trio thread
once it is settled (:meth:`GroupCommitWriter.call_when_settled`, what the outbox uses: no
task parks per message); the thread wakes trio once per batch.

Failure: a commit that fails for a reason that may go away (disk full, read-only file, server
down, see :meth:`Engine.transient`) is retried with back-off, for as long as it takes, and
nothing waiting for it is released meanwhile: a message is never sent before it is on disk,
so the sends wait. The outage is logged once when it starts (``storage.unavailable``), every
minute while it lasts, and when it ends (``storage.recovered``). Any other failure is not
retried: the batch is committed group by group so that one bad group fails alone, and its
waiters get :class:`StorageError`. A group whose owner lost its fence gets
:class:`WriteRefused`.

:class:`InlineWriter` commits on the caller's thread at once: for ``:memory:`` databases, which
have no disk to wait for (and for measuring what per-message commits cost).
"""

from __future__ import annotations

import atexit
import contextlib
import heapq
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

import trio

from runtime.logs import event, redact

from .engine import Engine, StorageError, WriteRefused
from .records import WriteGroup

__all__ = ["GroupCommitWriter", "InlineWriter"]

log = logging.getLogger(__name__)

#: groups per transaction at most (a bound on one statement list, not a target)
MAX_BATCH = 20_000
RETRY_FIRST_S, RETRY_CAP_S = 0.05, 2.0
OUTAGE_LOG_EVERY_S = 60.0
#: failed tickets remembered for their waiters (the oldest are forgotten first)
FAILED_KEPT = 10_000

_Batch = list[tuple[int, WriteGroup]]


def _refused(group: WriteGroup) -> WriteRefused:
    owner = group.owner
    scope, epoch = (owner.scope, owner.epoch) if owner is not None else ("?", 0)
    return WriteRefused(f"{scope} is no longer held at epoch {epoch}: write refused")


class GroupCommitWriter:
    """See the module docstring."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._cond = threading.Condition()
        self._queue: _Batch = []
        self._submitted = 0
        self._done = 0  #: every ticket up to this one is committed or failed
        self._failed: OrderedDict[int, StorageError] = OrderedDict()
        self._idle = False
        self._closing = False
        self._give_up_at = float("inf")  #: monotonic; at close, how long an outage may last
        self._trio_waiting = False
        self._token: trio.lowlevel.TrioToken | None = None
        self._event: trio.Event | None = None  # touched by the trio thread only
        #: (ticket, order, callback) of :meth:`call_when_settled`, a heap on the ticket
        self._callbacks: list[tuple[int, int, Callable[[], None]]] = []
        self._registered = 0
        #: what is wrong right now (None: commits succeed), for readiness probes
        self.problem: str | None = None
        #: transactions committed so far (each one sync to disk)
        self.commits = 0
        self._thread = threading.Thread(target=self._run, name="storage-writer", daemon=True)
        self._thread.start()
        # a store never closed still commits what it was given before the process exits
        atexit.register(self.close)

    # -- the caller's side -------------------------------------------------------------------

    def submit(self, group: WriteGroup) -> int:
        with self._cond:
            if self._closing:
                raise StorageError("the store is closed")
            self._submitted += 1
            self._queue.append((self._submitted, group))
            if self._idle:  # wake the thread once: the writes after this one join its batch
                self._idle = False
                self._cond.notify()
            return self._submitted

    def done(self, ticket: int) -> bool:
        """Whether ``ticket``'s outcome is known (committed, refused or failed)."""
        return self._done >= ticket

    def failure(self, ticket: int) -> StorageError | None:
        """Why settled ``ticket`` was not committed (None: it was, or is not settled yet)."""
        return self._failed.get(ticket)  # one dict look-up: atomic under the GIL

    def call_when_settled(self, ticket: int, callback: Callable[[], None]) -> bool:
        """Run ``callback()`` in this trio run's thread once ``ticket`` is settled (committed,
        refused or failed); False, and nothing registered, when it already is. A callback
        must not raise (one that does is logged)."""
        with self._cond:
            if self._done >= ticket:
                return False
            self._join_run()
            heapq.heappush(self._callbacks, (ticket, self._registered, callback))
            self._registered += 1
            self._trio_waiting = True
            return True

    @property
    def pending(self) -> int:
        """Groups submitted and not yet committed."""
        return self._submitted - self._done

    async def wait(self, ticket: int) -> None:
        """Return once ``ticket`` is committed; raise :class:`StorageError` (or
        :class:`WriteRefused`) when it never will be."""
        while True:
            with self._cond:
                if self._done >= ticket:
                    error = self._failed.get(ticket)
                    break
                self._join_run()
                self._trio_waiting = True
                if self._event is None:
                    self._event = trio.Event()
                waiting = self._event
            await waiting.wait()
        if error is not None:
            raise error

    def flush(self, timeout: float | None = None) -> bool:
        """Block until everything submitted so far is settled; False on timeout."""
        with self._cond:
            target = self._submitted
            return self._cond.wait_for(lambda: self._done >= target, timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued, then stop the thread. An outage longer than ``timeout``
        fails what is left (logged: it was in memory only)."""
        atexit.unregister(self.close)
        with self._cond:
            self._closing = True
            self._give_up_at = time.monotonic() + timeout
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def _join_run(self) -> None:
        """Under the lock: wake the calling trio run (a new run: what the old one waited
        for is of no use)."""
        token = trio.lowlevel.current_trio_token()
        if token is not self._token:
            self._token, self._event = token, None
            self._callbacks.clear()

    def _wake_trio(self) -> None:
        waiting, self._event = self._event, None
        if waiting is not None:
            waiting.set()
        due: list[Callable[[], None]] = []
        with self._cond:
            callbacks = self._callbacks
            while callbacks and callbacks[0][0] <= self._done:
                due.append(heapq.heappop(callbacks)[2])
            if callbacks:  # later tickets: wake again for them
                self._trio_waiting = True
        for callback in due:
            try:
                callback()
            except Exception:  # one charger's failure stays its own
                log.exception("storage: a commit callback failed")

    # -- the thread ----------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._idle = True
                    self._cond.wait()
                self._idle = False
                if not self._queue:
                    return
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            self._settle(batch, self._commit(batch))

    def _settle(self, batch: _Batch, outcomes: Sequence[StorageError | None]) -> None:
        # the work per group is done before taking the lock: submit() waits for it
        failed = [(ticket, error) for (ticket, _), error in zip(batch, outcomes, strict=True)
                  if error is not None]  # fmt: skip
        with self._cond:
            if failed:
                self._failed.update(failed)
                while len(self._failed) > FAILED_KEPT:
                    self._failed.popitem(last=False)
            self._done = batch[-1][0]
            self._cond.notify_all()
            notify, token = self._trio_waiting, self._token
            self._trio_waiting = False
        if notify and token is not None:
            with contextlib.suppress(trio.RunFinishedError):  # that trio run is over
                token.run_sync_soon(self._wake_trio)

    def _commit(self, batch: _Batch) -> list[StorageError | None]:
        groups = [group for _, group in batch]
        delay, since, logged = RETRY_FIRST_S, 0.0, 0.0
        while True:
            try:
                accepted = self._engine.commit(groups)
            except Exception as exc:
                if not self._engine.transient(exc):
                    return self._one_by_one(batch, exc)
                now = time.monotonic()
                since = since or now
                if now - logged >= OUTAGE_LOG_EVERY_S:
                    logged = now
                    self._outage(exc, now - since, len(batch))
                if now >= self._give_up_at:
                    return self._lost(batch, exc)
                with self._cond:
                    self._cond.wait(min(delay, max(0.0, self._give_up_at - now)))
                delay = min(delay * 2, RETRY_CAP_S)
                continue
            self.commits += 1
            if since:
                self.problem = None
                event(log, "storage.recovered", storage=self._engine.description,
                      down_s=round(time.monotonic() - since, 1), writes=len(batch))
            if all(accepted):
                return [None] * len(groups)
            return [None if ok else _refused(g) for ok, g in zip(accepted, groups, strict=True)]

    def _outage(self, exc: Exception, lasted: float, writes: int) -> None:
        error = redact(f"{type(exc).__name__}: {exc}".strip())
        self.problem = f"storage unavailable for {lasted:.0f} s ({error})"
        event(log, "storage.unavailable", level=logging.WARNING,
              storage=self._engine.description, error=error, lasted_s=round(lasted, 1),
              waiting_writes=writes)  # fmt: skip

    def _lost(self, batch: _Batch, exc: Exception) -> list[StorageError | None]:
        error = redact(f"{type(exc).__name__}: {exc}")
        event(log, "storage.writes_lost", level=logging.ERROR,
              storage=self._engine.description, writes=len(batch), error=error)
        return [StorageError(f"not stored (storage unavailable at shutdown): {error}")] * len(
            batch
        )

    def _one_by_one(self, batch: _Batch, exc: Exception) -> list[StorageError | None]:
        """A failure that is not an outage: find the group that causes it."""
        if len(batch) == 1:
            error = redact(f"{type(exc).__name__}: {exc}")
            boxes = sorted({getattr(w, "charge_box", "?") for w in batch[0][1].writes})
            event(log, "storage.write_failed", level=logging.ERROR,
                  storage=self._engine.description, charge_box=",".join(boxes), error=error)
            return [StorageError(error)]
        return [self._commit([item])[0] for item in batch]


class InlineWriter:
    """Commits each group on the caller's thread as it is submitted; see the module
    docstring. Errors are raised by :meth:`submit`."""

    problem: str | None = None
    pending = 0
    commits = 0

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._submitted = 0
        self._closed = False

    def submit(self, group: WriteGroup) -> int:
        if self._closed:
            raise StorageError("the store is closed")
        try:
            (accepted,) = self._engine.commit([group])
        except Exception as exc:
            raise StorageError(redact(f"{type(exc).__name__}: {exc}")) from exc
        if not accepted:
            raise _refused(group)
        self.commits += 1
        self._submitted += 1
        return self._submitted

    def done(self, ticket: int) -> bool:
        return True

    def failure(self, ticket: int) -> StorageError | None:
        return None  # a failed commit raised from submit()

    def call_when_settled(self, ticket: int, callback: Callable[[], None]) -> bool:
        return False  # every ticket is settled when submit() returns

    async def wait(self, ticket: int) -> None:
        return None

    def flush(self, timeout: float | None = None) -> bool:
        return True

    def close(self, timeout: float = 10.0) -> None:
        self._closed = True
