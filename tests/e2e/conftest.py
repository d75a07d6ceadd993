"""A real dashboard server on a free local port, and real Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from loaders.settings import PROJECT_DIR

ARTIFACTS = Path(__file__).parent / "artifacts"
# Debian's Chromium in its headless build (package chromium-headless-shell: same source and version as `chromium`,
# the build Playwright runs for headless Chromium; a fifth less CPU per page); the full browser if it is the only one.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DashboardServer:
    """`streamlit run app.py` on its own data folder."""

    def __init__(self, data_dir: Path, port: int | None = None, extra_args: tuple[str, ...] = ()) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir.parent / "streamlit.log", "w")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "CLEFOP_DATA_DIR": str(data_dir)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", *extra_args],
            cwd=PROJECT_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("le serveur du tableau de bord n'a pas démarré")

    def printed_password(self) -> str:
        """Return the analyst password the dashboard printed once in its terminal on first start."""
        self.log.flush()
        text = (self.data_dir.parent / "streamlit.log").read_text(encoding="utf-8")
        return text.split("Mot de passe analyste généré : ")[1].split()[0]

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        return "\n".join((self.data_dir.parent / "streamlit.log").read_text(encoding="utf-8").splitlines()[-lines:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_template):
    """Start a dashboard for the tests of one module, on a copy of the demo data imported once per run.

    The copy leaves out any analyst password, so that the server generates and prints one at its first start.
    """
    data = tmp_path_factory.mktemp("e2e") / "data"
    shutil.copytree(demo_template, data, ignore=shutil.ignore_patterns("mot_de_passe*"))
    dashboard = DashboardServer(data)
    yield dashboard
    dashboard.stop()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium headless."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, add what its page showed to the report (the screenshots stay on the machine)."""
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    tab = getattr(item, "browser_tab", None)
    if report.when == "call" and report.failed and tab is not None and not tab.is_closed():
        state = tab.evaluate("() => ({...(document.querySelector(\"[data-testid='stApp']\")?.dataset ?? {})})")
        report.sections.append(("page à l'échec", f"{tab.url} {state}\n{tab.locator('body').inner_text()}"))
        report.sections.append(("navigateur : console et réponses en erreur", "\n".join(item.browser_events[-40:])))
        server = item.funcargs.get("server")
        if isinstance(server, DashboardServer):
            report.sections.append(("journal du serveur (fin)", server.log_tail()))
    return report


@pytest.fixture
def page(browser, request):
    """Open a page; when the test failed, save a full-page screenshot named after it (the pages themselves are
    kept at both sizes by the accessibility test: a full-page image of every test cost a second or more each)."""
    context = open_context(browser, viewport={"width": 1400, "height": 2200}, locale="fr-FR")
    tab = context.new_page()
    request.node.browser_tab = tab
    events = request.node.browser_events = []
    tab.on("console", lambda message: events.append(f"console {message.type}: {message.text}"))
    tab.on("pageerror", lambda error: events.append(f"erreur de page : {error}"))
    tab.on("requestfailed", lambda r: events.append(f"requête échouée {r.url} : {r.failure}"))
    tab.on("response", lambda r: events.extend([f"réponse {r.status} {r.url}"] if r.status >= 400 else []))
    tab.on("download", lambda d: events.append(f"téléchargement {d.suggested_filename}"))
    yield tab
    if getattr(request.node, "call_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


SETTLED = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return app && app.dataset.testScriptState === "notRunning" && app.dataset.testConnectionState === "CONNECTED"
    && !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-testid='stElementContainer'][data-stale='true']");
}"""


def wait_for_app(tab, timeout: float = 90_000, sidebar: bool = True) -> None:
    """Wait until Streamlit has finished running the page script and has removed the previous run's elements."""
    if sidebar:
        tab.wait_for_selector("[data-testid='stSidebar'] [data-testid='stSelectbox'] input", timeout=timeout)
    tab.wait_for_function(SETTLED, timeout=timeout)


RUN_COUNTER = """(() => {
  // Count the runs the server says it finished, read from Streamlit's own messages (ForwardMsg, field 6
  // script_finished: 0 finished, 1 compile error, 3 fragment run; 2, stopped for a rerun, is not an end).
  // The script-state attribute is not enough: React may draw « running » and « not running » in one render.
  window.clefopRunsFinished = 0;
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finished = (bytes) => {
    let at = 0;
    while (at < bytes.length) {
      let key, size;
      [key, at] = varint(bytes, at);
      if (key === 6 * 8) { return varint(bytes, at)[0] !== 2; }
      if ((key & 7) === 0) { at = varint(bytes, at)[1]; }
      else if ((key & 7) === 2) { [size, at] = varint(bytes, at); at += size; }
      else if ((key & 7) === 1) { at += 8; } else if ((key & 7) === 5) { at += 4; } else { return false; }
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer && finished(new Uint8Array(event.data))) { window.clefopRunsFinished++; }
      });
    }
  };
})();"""


def open_context(browser, **options):
    """Open a browser context whose pages count the runs their server finished (see after_rerun)."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER)
    return context


def after_rerun(tab, action, timeout: float = 90_000, sidebar: bool = True) -> None:
    """Do something that makes Streamlit run the page again, and wait until that new run has finished.

    Waiting for « not running » alone could pass before the new run has even started.
    """
    before = tab.evaluate("() => window.clefopRunsFinished")
    action()
    tab.wait_for_function(f"() => window.clefopRunsFinished > {before}", timeout=timeout)
    wait_for_app(tab, timeout, sidebar)


def upload(tab, files, nth: int = 0) -> None:
    """Drop files on the page's nth uploader once it accepts them, and wait until it shows them and the page has run.

    A dropzone that is disabled for a moment ignores what it is given without a word: wait until it is enabled.
    """
    uploader = tab.get_by_test_id("stFileUploader").nth(nth)
    zone = uploader.get_by_test_id("stFileUploaderDropzone")
    expect(zone).to_have_attribute("aria-disabled", "false", timeout=60_000)
    after_rerun(tab, lambda: zone.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=files))
    first = files[0] if isinstance(files, list) else files
    name = first["name"] if isinstance(first, dict) else Path(first).name
    expect(uploader.get_by_role("button", name=f"Remove {name}")).to_be_visible(timeout=60_000)  # its name is cut


def download(tab, button, timeout: float = 90_000) -> bytes:
    """Click a download button and return the file's bytes."""
    with tab.expect_download(timeout=timeout) as started:
        button.click()
    return started.value.path().read_bytes()


def choose_in_sidebar(tab, label: str, option: str) -> None:
    """Pick an option of a sidebar select box as a user does: open it, type, click the option."""
    box = tab.get_by_test_id("stSidebar").get_by_label(label)
    box.click()
    box.fill(option)
    tab.get_by_role("option", name=option, exact=True).click()


def sidebar_choices(tab) -> list[str]:
    """Return the values shown by the sidebar's select boxes."""
    boxes = tab.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
    return [boxes.nth(i).input_value() for i in range(boxes.count())]


# Streamlit's front end, opened on a page's own address, first looks for its server under that address
# (streamlit/streamlit#7074): those two 404s are its own probing, not an error of the dashboard.
PROBING = re.compile(r"404 .*/[a-z_]+/_stcore/(health|host-config)$")


# plotly.js finishing the drawing of a chart that Streamlit has just removed (the page moved on, as when
# the presentation is walked with the arrow keys) reads the layout it has already freed: nothing is shown.
CHART_ALREADY_REMOVED = re.compile(r"reading '_(axisMatchGroups|fullLayout|fullData)'")


def _counts(error) -> bool:
    """Tell whether an uncaught error of the page is the dashboard's (not plotly drawing a removed chart)."""
    return not (CHART_ALREADY_REMOVED.search(str(error)) and "PlotlyChart" in (error.stack or ""))


def errors_of(tab) -> list[str]:
    errors = []

    def console(message) -> None:
        text = f"{message.text} {message.location.get('url', '')}"
        if message.type == "error" and not PROBING.search(text):
            errors.append(text)
    tab.on("console", console)
    tab.on("pageerror", lambda error: errors.extend([str(error)] if _counts(error) else []))
    return errors
