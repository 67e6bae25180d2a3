"""The dashboard: rendered without a browser (solara.render), and driven in headless Chromium.

The browser test serves ``sim/app.py`` with Solara on a free local port, with Solara's front-end
assets cached from the npm registry (experiments/cache_solara_assets.py), and uses Debian's
chromium through Playwright. Screenshots go to tests/artifacts/.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"


def test_page_renders_without_a_browser():
    import solara

    from sim.app import page

    box, rc = solara.render(page(), handle_error=False)
    assert box is not None
    rc.close()


def test_bad_lever_keeps_last_valid_settings_and_says_why():
    from sim.app import DashboardModel

    good = DashboardModel(seed="7", applicants_small="2.5")
    assert good.config_error is None and good.seed == 7
    bad = DashboardModel(seed="7", applicants_small="-5")
    assert "params.recruitment.applicants_small" in bad.config_error
    assert bad.params.recruitment.applicants_small == 2.5 and bad.seed == 7  # the last valid settings
    worse = DashboardModel(seed="seven")
    assert worse.config_error and worse.seed == 7


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    if shutil.which("npm") is None:
        pytest.skip("npm is needed to cache Solara's front-end assets")
    from experiments.cache_solara_assets import fill

    cache = fill()
    port = _free_port()
    env = {**os.environ, "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cache), "SOLARA_CHECK_HOOKS": "off"}
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "solara",
            "run",
            "sim/app.py",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--production",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_dashboard_in_headless_chromium(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server, wait_until="networkidle", timeout=90_000)
        page.get_by_text("Step: 0").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard_loaded.png"))

        page.get_by_role("button", name="Step").click()
        page.get_by_text("Step: 1").wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard_step.png"))

        play = page.locator("button", has_text="▶")
        play.click()
        page.wait_for_timeout(2500)
        page.locator("button", has_text="❚❚").click()
        steps = int(page.get_by_text("Step:").inner_text().split(":")[1])
        assert steps > 1, "play did not advance the model"
        page.screenshot(path=str(ARTIFACTS / "dashboard_played.png"))

        applicants = page.get_by_label("Applicants per advert, small schools")
        applicants.fill("-5")
        applicants.press("Enter")
        page.get_by_role("button", name="Reset").click()
        page.get_by_text("Not applied").wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard_bad_lever.png"))

        applicants.fill("2.0")
        applicants.press("Enter")
        seed = page.get_by_label("Seed")
        seed.fill("7")
        seed.press("Enter")
        page.get_by_role("button", name="Reset").click()
        page.get_by_text("Not applied").wait_for(state="hidden", timeout=30_000)  # valid again: message gone
        page.get_by_text("Step: 0").wait_for(timeout=30_000)
        for _ in range(4):
            page.get_by_role("button", name="Step").click()
        page.get_by_text("Step: 4").wait_for(timeout=30_000)

        page.get_by_role("tab", name="Page 1").click()
        page.get_by_text("Now:").wait_for(timeout=30_000)  # the chosen school's story is shown
        page.screenshot(path=str(ARTIFACTS / "dashboard_story.png"))
        assert page.get_by_text("A school's story").count() == 1

        page.get_by_role("tab", name="Page 2").click()
        page.get_by_role("button", name="Compute the succession-risk register").click()
        page.get_by_text("p_gap_3y").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard_risk.png"))
        browser.close()
