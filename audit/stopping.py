"""How a corpus run stops: SIGTERM and SIGHUP handled like Ctrl-C, and workers that cannot outlive their parent.

A run stopped by a signal unwinds like one stopped by Ctrl-C: the chunks already finished stay
in the result cache (one transaction each), the output file under construction is removed (only
a complete table ever gets its real name) and the worker pool is shut down before the call
returns. :func:`stop_on_signals` turns SIGTERM and SIGHUP into :class:`RunStopped` for the
length of a run, when nobody else has claimed those signals.

A parent killed without warning (SIGKILL, the out-of-memory killer) runs no clean-up at all, so
each worker watches its parent itself: on Linux the kernel kills it when the parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread in the worker checks the parent's pid every
second; and every worker checks it again before each batch.

Example:
    >>> with stop_on_signals():
    ...     pass  # a corpus run here stops cleanly on SIGTERM or SIGHUP
    >>> RunStopped(15).code, str(RunStopped(15))
    (143, 'stopped by SIGTERM')
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["RunStopped", "STOP_SIGNALS", "stop_on_signals"]

# The signals that ask a program to stop (Ctrl-C's SIGINT is Python's KeyboardInterrupt already).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
# From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
# How often a worker without the parent-death signal looks at its parent, in seconds.
PARENT_CHECK_SECONDS = 1.0


class RunStopped(SystemExit):
    """A run stopped by SIGTERM or SIGHUP, raised once its workers are gone and its finished chunks kept.

    A ``SystemExit`` whose code is 128 + the signal number: a script that does not catch it exits
    quietly with the status a shell gives a program ended by that signal (143 for SIGTERM).

    Attributes:
        signum: the signal received.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + int(signum))
        self.signum = int(signum)

    def __str__(self) -> str:
        return f"stopped by {signal.Signals(self.signum).name}"


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`RunStopped` in the main thread while the block runs.

    Only signals left at their default action are taken (a handler the program installed
    itself stays in charge), and only in the main thread (Python delivers signals there). A
    second signal while the run unwinds is ignored, so the clean-up is not cut short; SIGKILL
    still ends everything, and the workers follow their parent (see :func:`guard_worker`).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    taken: dict[int, object] = {}

    def stop(signum, frame):
        for number in taken:
            signal.signal(number, signal.SIG_IGN)
        raise RunStopped(signum)

    for number in STOP_SIGNALS:
        if signal.getsignal(number) in (signal.SIG_DFL, None):
            taken[number] = signal.getsignal(number)
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, previous in taken.items():
            signal.signal(number, previous if previous is not None else signal.SIG_DFL)


def guard_worker(parent_pid: int, *, death_signal: bool = True) -> None:
    """Make this worker process end when ``parent_pid`` (the process that started it) dies.

    Called first thing in a worker. Ctrl-C, SIGTERM and SIGHUP are the parent's to handle (it
    stops the pool), so the worker ignores Ctrl-C and takes the default action for the others.
    On Linux the kernel sends the worker SIGKILL when its parent dies; elsewhere (or with
    ``death_signal=False``) a daemon thread checks the parent's pid every
    :data:`PARENT_CHECK_SECONDS` and ends the process when it has changed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    if death_signal and _set_death_signal():
        # The parent may have died before the request was made: then no signal will ever come.
        check_parent(parent_pid)
        return
    check_parent(parent_pid)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="news-audit-parent-watch", daemon=True).start()


def check_parent(parent_pid: int | None) -> None:
    """End this process at once when its parent is no longer ``parent_pid`` (None: not a pool worker)."""
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # nothing to clean up: a worker holds no files, and its results have no reader


def _watch_parent(parent_pid: int) -> None:
    event = threading.Event()
    while not event.wait(PARENT_CHECK_SECONDS):
        check_parent(parent_pid)


def _set_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # no C library to ask, or no prctl in it
        return False
