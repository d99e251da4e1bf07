"""A real browser: headless Chromium on the fleet page of a running bridge, and on the generated
support page. Screenshots are kept in tests/artifacts/."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
import trio
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.harness import OLD_SERIAL, REPO, Charger, World
from tests.e2e.observe_helpers import start_observed
from tests.support.browser import headless_chromium, screenshot

pytestmark = pytest.mark.slow

#: an id a CSMS operator could choose; the page must show it as text, never as markup
HOSTILE_ID = 'old-<i id="injected">x</i>"&\''


def _fleet_page_scenario(
    driver: WebDriver, base: str, wanted: Charger, transaction_id: int
) -> None:
    wait = WebDriverWait(driver, 15)
    driver.get(base + "/")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "totals")))
    totals = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#totals td")]
    assert totals[:3] == ["3", "2", "2"], totals  # configured, connected, accepted
    # the ineligible charger with the hostile id is listed as text, its markup inert
    offline = driver.find_element(By.ID, "chargers")
    assert HOSTILE_ID in offline.text
    assert driver.find_elements(By.ID, "injected") == []
    assert "ineligible" in offline.text
    screenshot(driver, "fleet-overview")

    box = driver.find_element(By.ID, "q")
    box.send_keys(wanted.serial)
    driver.find_element(By.ID, "search").click()
    wait.until(expected_conditions.url_contains("q=" + wanted.serial))
    links = driver.find_elements(By.CSS_SELECTOR, "#chargers a.charger")
    assert [a.text for a in links] == [wanted.charge_box_id]
    screenshot(driver, "fleet-search")

    links[0].click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "detail")))
    assert wanted.charge_box_id in driver.find_element(By.ID, "detail").text
    facts = {
        row.find_elements(By.TAG_NAME, "td")[0].text: row.find_elements(By.TAG_NAME, "td")[1].text
        for row in driver.find_elements(By.CSS_SELECTOR, "#facts tbody tr")
    }
    assert facts["connection"] == "connected and accepted"
    assert facts["last status"].startswith("Charging"), facts
    assert f"id {transaction_id}" in facts["transaction"], facts
    assert "ago" in facts["last myenergi reply"], facts
    screenshot(driver, "fleet-detail")


async def test_chromium_finds_a_charger_and_opens_its_detail_view(
    world: World, tmp_path: Path
) -> None:
    a, b = world.charger(), world.charger()
    hostile = Charger(OLD_SERIAL, HOSTILE_ID)
    with trio.fail_after(90):
        _, base = await start_observed(world, a, b, hostile, wait_booted=False)
        for charger in (a, b):
            await world.wait_status(charger, connector=1, within=15)
        transaction_id = await world.plug_and_start(b)
        await world.wait_status(b, "Charging")
        await trio.to_thread.run_sync(_browse_fleet, tmp_path, base, b, transaction_id)


def _browse_fleet(tmp_path: Path, base: str, wanted: Charger, transaction_id: int) -> None:
    with headless_chromium(tmp_path / "profile") as driver:
        _fleet_page_scenario(driver, base, wanted, transaction_id)


def test_chromium_renders_every_table_and_link_of_the_support_page(tmp_path: Path) -> None:
    page = REPO / "docs" / "ocpp-support.html"
    with headless_chromium(tmp_path / "profile") as driver:
        driver.get(page.as_uri())
        tables = driver.find_elements(By.TAG_NAME, "table")
        assert len(tables) >= 5
        for table in tables:
            assert table.is_displayed() and table.size["width"] > 100, table.text[:80]
            assert table.find_elements(By.CSS_SELECTOR, "th"), table.text[:80]
            body_rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
            assert body_rows and all(r.size["height"] > 0 for r in body_rows), table.text[:80]
        ids = set(driver.execute_script(
            "return Array.from(document.querySelectorAll('[id],[name]'))"
            ".map(e => e.id || e.getAttribute('name'))"))  # fmt: skip
        links = driver.find_elements(By.CSS_SELECTOR, "a[href]")
        assert links
        for link in links:
            assert link.is_displayed() and link.text.strip(), link.get_attribute("outerHTML")
            href = link.get_attribute("href") or ""
            raw = link.get_attribute("outerHTML") or ""
            parsed = urllib.parse.urlparse(href)
            if parsed.scheme == "file":
                target = Path(urllib.parse.unquote(parsed.path))
                assert target.exists(), f"{raw}: {target} does not exist"
                if parsed.fragment and target == page:
                    assert parsed.fragment in ids, f"{raw}: no element with id {parsed.fragment}"
            else:
                assert parsed.scheme == "https" and parsed.netloc, f"{raw}: not a usable link"
        screenshot(driver, "ocpp-support")
