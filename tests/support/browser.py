"""Headless Chromium for the tests: Debian's ``chromium`` driven through its ``chromedriver``.

Why selenium with Debian's chromedriver (and not Playwright): the ``chromium-driver`` package
is built from the same source as ``chromium``, so the driver always speaks the browser's
version; Playwright pins the browser build it ships and downloads, which this closed network
cannot fetch, and its protocol drifts from a distribution's Chromium. The driver path is
given explicitly, so Selenium Manager never runs (it would try to download a driver).
``make browser`` installs both packages when they are missing.

Chromium runs headless with a fresh profile and its background services off: the network
here refuses every connection Chromium makes by itself (updates, sync, field trials).
Screenshots go to ``tests/artifacts/`` (git-ignored), kept after the run.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = os.environ.get("ZAPPI_OCPP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ZAPPI_OCPP_CHROMEDRIVER", "/usr/bin/chromedriver")

FLAGS = (
    "--headless",
    "--no-sandbox",  # root in a container: the sandbox needs user namespaces
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def _executable(path: str) -> str:
    found = shutil.which(path)
    if found is None:
        pytest.fail(
            f"{path} is missing: run `make browser` (it installs Debian's chromium and "
            "chromium-driver), or point ZAPPI_OCPP_CHROMIUM / ZAPPI_OCPP_CHROMEDRIVER at them"
        )
    return found


@contextmanager
def headless_chromium(profile: Path) -> Iterator[WebDriver]:
    """A browser with a fresh profile in ``profile``; quit on exit."""
    options = Options()
    options.binary_location = _executable(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    service = Service(
        executable_path=_executable(CHROMEDRIVER), log_output=str(profile.parent / "chromedriver.log")
    )
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: WebDriver, name: str) -> Path:
    """A full-page PNG in ``tests/artifacts/``; returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.stat().st_size > 1000, f"{path} is empty"
    return path
