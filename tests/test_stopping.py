"""Stopping a run: SIGTERM and SIGHUP become RunStopped while a run is on, and nothing else changes."""
from __future__ import annotations

import os
import signal
import threading

import pytest

from audit.stopping import RunStopped, stop_on_signals

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


@pytest.mark.parametrize("name, code", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_stop_signal_during_a_run_raises_run_stopped_with_the_shell_status(name, code):
    number = getattr(signal, name)
    with pytest.raises(RunStopped) as stopped:
        with stop_on_signals():
            os.kill(os.getpid(), number)
            for _ in range(1000):  # the handler runs between bytecodes, at once in practice
                pass
    assert stopped.value.code == code and stopped.value.signum == number
    assert str(stopped.value) == f"stopped by {name}"
    assert isinstance(stopped.value, SystemExit)  # an uncaught stop ends a script quietly with that status
    assert signal.getsignal(number) is signal.SIG_DFL  # put back as it was


def test_a_handler_the_program_installed_stays_in_charge():
    received = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        with stop_on_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):
                pass
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_outside_the_main_thread_nothing_is_installed():
    seen = []

    def run():
        with stop_on_signals():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.SIG_DFL]
