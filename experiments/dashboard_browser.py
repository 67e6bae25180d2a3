"""The dashboard served by Solara and driven in Debian's headless chromium through Playwright.

Shared by the screenshots for the docs (``python -m experiments.screenshots``) and the browser
test (tests/test_dashboard_browser.py): start ``solara run sim/app.py`` on a free localhost port,
launch chromium, open a session, step, switch tabs, take a picture. Playwright drives the
system's chromium (``/usr/bin/chromium``); its own browsers are never downloaded.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
# Text that shows once each tab's content is on screen (a click on a half-mounted tab can be lost).
MARKERS = {
    "County map": "Lines join partnership members",
    "A school's story": "Find a school",
    "Succession risk": "runs of the next five years",
    "Compare policies": "Two or more scenarios run many times",
}


def missing() -> str | None:
    """Why the browser cannot run here (None when it can)."""
    if not Path(CHROMIUM).exists():
        return f"Debian's chromium is not installed ({CHROMIUM}; apt-get install chromium)"
    if shutil.which("npm") is None:
        return "npm is needed to cache Solara's front-end assets"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    pid: int
    log: Path


@contextmanager
def serve(log: Path, timeout: float = 120.0) -> Iterator[Server]:
    """``solara run sim/app.py`` on a free localhost port until the block ends (then stopped)."""
    from experiments.cache_solara_assets import fill

    cache = fill()
    port = free_port()
    env = {**os.environ, "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cache), "SOLARA_CHECK_HOOKS": "off"}
    command = [sys.executable, "-m", "solara", "run", "sim/app.py", "--port", str(port), "--host", "127.0.0.1"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*command, "--production"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the dashboard did not start; see {log}") from None
                time.sleep(0.5)
        yield Server(url, proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, terms: int = 60):
    """A new browser session on the dashboard, once its first term label shows; (context, page, seconds)."""
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="networkidle", timeout=120_000)
    page.get_by_text(f"term 0 of {terms}").first.wait_for(timeout=120_000)
    return ctx, page, time.perf_counter() - t0


def close(ctx, page) -> None:
    page.close()  # the page's 'pagehide' tells the server the session has ended
    ctx.close()


def shot(page, path: Path) -> None:
    """A picture of the page as it stands, with no button left looking pressed or focused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.mouse.move(VIEWPORT["width"] - 10, VIEWPORT["height"] - 10)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(300)  # let transitions (ripples, menus closing) finish
    page.screenshot(path=str(path))


def step(page, to: int, terms: int = 60) -> None:
    """Press Step and wait for term ``to``."""
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(f"term {to} of {terms}").first.wait_for(timeout=30_000)


def open_tab(page, name: str) -> None:
    """Switch tab and wait until its content is on screen."""
    page.get_by_role("tab", name=name).click()
    page.get_by_text(MARKERS[name]).first.wait_for()


def field(page, name: str):
    return page.get_by_role("textbox", name=name, exact=True)


def type_into(page, name: str, text: str) -> None:
    box = field(page, name)
    box.fill(text)
    box.press("Enter")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the drop-down list labelled ``label``."""
    page.get_by_role("button", name=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def choose_scenario(page, title: str) -> None:
    """Open the scenario menu and choose ``title`` (the scenario already chosen may be chosen again)."""
    page.get_by_role("button", name=re.compile(r"^Scenario: ")).click()
    page.get_by_role("button", name=title, exact=True).click()
    page.get_by_role("button", name=f"Scenario: {title}").wait_for()
