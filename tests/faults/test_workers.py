"""Worker processes never outlive the run: the Python API interrupted, and a parent killed without warning."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from fault_helpers import alive, alive_in_group, children, finish, python, rng, wait_until, write_corpus

# Timing-sensitive (real processes, signals at random points): a case that fails is run again, up to twice;
# failing three times fails the build.
pytestmark = [pytest.mark.faults, pytest.mark.flaky(reruns=2, reruns_delay=2),
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the checks read /proc (Linux)")]

# A notebook's kernel: it runs audit_corpus on two workers, is interrupted, and lives on.
API_RUN = """
import sys
from audit import audit_corpus, load_corpus

corpus = load_corpus(sys.argv[1])
try:
    scores = audit_corpus(corpus, workers=2, progress=False, chunksize=5)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
sys.stdin.readline()  # the kernel stays up while the test looks for workers
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_the_python_api_interrupted_leaves_no_worker(name, tmp_path):
    corpus = tmp_path / "feed.jsonl"
    # Twenty editions (1,200 articles) keep the workers busy for several seconds past the latest fault point, so
    # the signal always lands mid-run (with 120 the run could end first, and a SIGTERM then met no handler).
    write_corpus(corpus, editions=20)
    run = python(API_RUN, str(corpus))
    wait_until(lambda: len(children(run.pid)) >= 2 or run.poll() is not None, "the worker processes")
    time.sleep(rng(f"api-{name}").uniform(0.0, 1.0))  # a random point once the workers run
    assert run.poll() is None and len(children(run.pid)) >= 2, f"the run ended before the {name}: {run.communicate()}"
    os.kill(run.pid, getattr(signal, name))  # a notebook's interrupt reaches the kernel's process
    if name == "SIGINT":
        line = run.stdout.readline().strip()
        assert line == "interrupted"
        # The kernel is still running, and its workers are already gone.
        assert run.poll() is None and not children(run.pid)
        run.stdin.write("\n")
        run.stdin.flush()
        _, stderr = finish(run)
        assert run.returncode == 0, stderr
    else:  # a script that does not handle SIGTERM exits as a shell reports it, its workers stopped first
        _, stderr = finish(run)
        assert run.returncode == 128 + signal.SIGTERM, stderr
        assert "Traceback" not in stderr
    wait_until(lambda: not alive_in_group(run.pid), "every process of the script to exit", deadline=60)


# A worker started by a parent that will be killed: it waits for work that never comes (an idle
# pool worker) after guarding itself the way the pool's workers do.
ORPHAN = """
import multiprocessing, os, sys, time
from audit.stopping import guard_worker

def worker(parent, death_signal):
    guard_worker(parent, death_signal=death_signal)
    print(os.getpid(), flush=True)
    time.sleep(3600)

if __name__ == "__main__":
    death_signal = sys.argv[1] == "death-signal"
    process = multiprocessing.get_context("fork").Process(target=worker, args=(os.getpid(), death_signal))
    process.start()
    time.sleep(3600)
"""


@pytest.mark.parametrize("how", ["death-signal", "parent-check"])
def test_a_worker_exits_by_itself_when_its_parent_is_killed(how, tmp_path):
    """Linux's parent-death signal, and the portable check of the parent's pid (forced here)."""
    if how == "death-signal" and not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN, encoding="utf-8")
    parent = python(f"import runpy; runpy.run_path({str(script)!r}, run_name='__main__')", how)
    worker = int(parent.stdout.readline())
    assert alive(worker)
    os.kill(parent.pid, signal.SIGKILL)
    finish(parent)
    wait_until(lambda: not alive(worker), f"the orphaned worker to notice ({how})", deadline=60)


def test_a_pool_worker_checks_its_parent_before_each_batch():
    from audit.config import DEFAULT_CONFIG
    from audit.engine import _audit_batch

    batch = [(0, "a1", "The mayor said the pool would reopen.", None)]
    context = multiprocessing.get_context("fork")
    orphan = context.Process(target=_audit_batch, args=(batch, DEFAULT_CONFIG, False, os.getpid() + 1))
    orphan.start()
    orphan.join(60)
    assert orphan.exitcode == 1  # a parent other than the one that started the pool: gone before auditing
    healthy = context.Process(target=_audit_batch, args=(batch, DEFAULT_CONFIG, False, os.getpid()))
    healthy.start()
    healthy.join(60)
    assert healthy.exitcode == 0
