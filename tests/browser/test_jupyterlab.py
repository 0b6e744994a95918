"""A real browser: JupyterLab on loopback, Debian's Chromium driven by Playwright, notebook 00 run from the menu.

What a newcomer does after ``make lab``: open ``00_quickstart.ipynb``, choose Run > Run All Cells,
and see the highlighted article and a chart. The test does exactly that, in JupyterLab's light
and dark themes, checks that the article's text (with its dollar signs) is rendered as text and
that no cell failed, and saves screenshots to ``out/browser/`` for a person to look at.

Run it with ``make test-browser`` (installs Debian's chromium when missing). Skipped when
``/usr/bin/chromium`` or Playwright is absent. Everything listens on 127.0.0.1 only, every wait
is bounded, and the server (with its kernels) is stopped whatever happens.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NEWS_AUDIT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = REPO / "out" / "browser"
NOTEBOOK = "00_quickstart.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT = 90  # seconds
RUN_ALL_TIMEOUT = 120_000  # milliseconds: the whole notebook, first kernel start included

if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} not found: run `make test-browser` (installs Debian's chromium) to run this test",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip extra 'test')")
if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None and shutil.which("jupyter-lab") is None:
    pytest.skip("jupyter-lab is not installed (pip extra 'notebooks')", allow_module_level=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _workspace(root: Path, theme: str, notebook: str = NOTEBOOK) -> tuple[Path, dict]:
    """A copy of the notebooks (so running them never writes outputs into the repository) and a clean
    JupyterLab settings folder choosing the theme and turning off news and update checks."""
    notebooks = root / "notebooks"
    notebooks.mkdir()
    shutil.copy2(REPO / "notebooks" / notebook, notebooks / notebook)
    (root / "data").symlink_to(REPO / "data", target_is_directory=True)  # ../data/... as in the repository
    settings = root / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    tracker = root / "lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    # Start the notebook's kernel without asking (the "Select Kernel" dialog otherwise blocks Run All).
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"autoStartDefaultKernel": True}))
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(root / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "lab-workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "IPYTHONDIR": str(root / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    env.pop("CI", None)  # the notebook should look as it does for a person (CI only hides progress bars)
    return notebooks, env


class JupyterLab:
    """``jupyter lab`` on 127.0.0.1 with a random port and token, stopped (kernels included) on exit."""

    def __init__(self, root_dir: Path, env: dict, log: Path) -> None:
        self.port = _free_port()
        self.token = uuid.uuid4().hex
        self.root_dir = root_dir
        self.env = env
        self.log_path = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "JupyterLab":
        command = [sys.executable, "-m", "jupyterlab", "--no-browser",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
                   # Loopback only: no update checks, no news feed, no extension index.
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
                   "--ServerApp.shutdown_no_activity_timeout=600"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI and containers run as root
        self._log = self.log_path.open("w")
        # A session of its own, so that stopping it reaches the kernels it started and nothing else.
        self.process = subprocess.Popen(command, cwd=self.root_dir, env=self.env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise TimeoutError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            group = os.getpgid(self.process.pid)
            os.killpg(group, signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


def _accept_kernel_dialog(page) -> None:
    """Older JupyterLab versions ignore autoStartDefaultKernel: answer their kernel dialog if it shows."""
    select = page.locator(".jp-Dialog button", has_text="Select")
    try:
        select.first.wait_for(state="visible", timeout=5_000)
    except sync_api.TimeoutError:
        return
    select.first.click()


def _run_all_cells(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


@contextlib.contextmanager
def _lab_page(notebooks: Path, env: dict, tmp_path: Path, failure: Path):
    """JupyterLab and a Chromium page on it; on a failure, a screenshot and the server's log for the reader."""
    with JupyterLab(notebooks, env, tmp_path / "jupyterlab.log") as lab, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            yield lab, page
        except Exception:
            page.screenshot(path=str(failure))
            print(lab.log())
            raise
        finally:
            browser.close()


def _open_and_run_all(page, lab: "JupyterLab", notebook: str) -> None:
    page.goto(f"{lab.url}/lab/tree/{notebook}?token={lab.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    _accept_kernel_dialog(page)
    # The kernel must be up before Run All: the status bar says "Idle".
    page.wait_for_selector(".jp-StatusBar-TextItem:has-text('Idle')", timeout=90_000)
    _run_all_cells(page)


def _wait_until_done_without_errors(page) -> None:
    """Wait until no cell is still queued or running ("[*]"), then fail on any traceback shown."""
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))",
        timeout=RUN_ALL_TIMEOUT)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not tracebacks, f"a cell failed in the browser:\n{tracebacks[0][:2000]}"


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_quickstart_runs_in_jupyterlab_and_shows_the_highlighted_article_and_a_chart(tmp_path, theme):
    notebooks, env = _workspace(tmp_path, theme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if theme.endswith("Light") else "_dark"
    with _lab_page(notebooks, env, tmp_path, SCREENSHOTS / f"00_quickstart{suffix}_failure.png") as (lab, page):
        _open_and_run_all(page, lab, NOTEBOOK)

        article = page.wait_for_selector(".jp-OutputArea-output .na-article", timeout=RUN_ALL_TIMEOUT)
        chart = page.wait_for_selector(".jp-OutputArea-output img[src^='data:image/png']",
                                       timeout=RUN_ALL_TIMEOUT)
        _wait_until_done_without_errors(page)

        article.scroll_into_view_if_needed()
        text = article.text_content()  # textContent: JupyterLab may skip rendering off-screen cells
        assert "$1.2 million" in text, "dollar signs should reach the page as text"
        assert article.query_selector("mjx-container, .MathJax") is None, "MathJax typeset part of the article"
        marks = article.query_selector_all(".na-mark[title*='rule:']")
        assert len(marks) >= 5, "the article should carry marks with rule titles"
        assert article.query_selector(".na-source[data-kind~='anonymous']") is not None
        assert article.query_selector(".na-excluded[data-kind~='byline']") is not None
        assert chart.bounding_box()["width"] > 300

        article.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)  # let the scrolled-to cells paint
        page.screenshot(path=str(SCREENSHOTS / f"00_quickstart{suffix}.png"))
        table = page.wait_for_selector(".jp-OutputArea-output table.na-evidence", state="attached")
        table.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"00_quickstart_evidence{suffix}.png"))
        chart.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"00_quickstart_chart{suffix}.png"))
    assert (SCREENSHOTS / f"00_quickstart{suffix}.png").stat().st_size > 10_000


# Notebooks run from the menu like the quickstart: every cell must finish without an error, and each
# shows at least one table and one chart. Light theme only (the dark theme is covered by the quickstart).
RUN_ALL_NOTEBOOKS = ("09_validate_on_your_corpus.ipynb", "10_check_the_checker.ipynb")


@pytest.mark.parametrize("notebook", RUN_ALL_NOTEBOOKS, ids=lambda n: n.split("_", 1)[0])
def test_notebook_runs_in_jupyterlab_without_errors_and_shows_tables_and_a_chart(tmp_path, notebook):
    notebooks, env = _workspace(tmp_path, "JupyterLab Light", notebook)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = notebook.removesuffix(".ipynb")
    with _lab_page(notebooks, env, tmp_path, SCREENSHOTS / f"{stem}_failure.png") as (lab, page):
        _open_and_run_all(page, lab, notebook)
        page.wait_for_selector(".jp-OutputArea-output img[src^='data:image/png']", timeout=RUN_ALL_TIMEOUT)
        _wait_until_done_without_errors(page)
        assert page.locator(".jp-OutputArea-output table").count() >= 2
        chart = page.locator(".jp-OutputArea-output img[src^='data:image/png']").first
        chart.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"))
    assert (SCREENSHOTS / f"{stem}.png").stat().st_size > 10_000
