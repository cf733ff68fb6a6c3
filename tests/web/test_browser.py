"""The workbench in a real browser: Debian's Chromium, driven by Selenium through Debian's
chromedriver, against ``realpolitik serve`` on 127.0.0.1. The walk is a reader's: home,
a question, why, an entity, a quote to its passage, a query. Screenshots of each page go
to $REALPOLITIK_SCREENSHOTS (else tests/web/screenshots/) for a reviewer to look at.
"""

from __future__ import annotations

import pytest

from helpers import browser_missing, chromium, screenshot_folder

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


def follow(driver, element, url_part: str) -> None:
    """Click a link and wait until the browser is on the page it leads to."""
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(driver, 30).until(lambda d: url_part in d.current_url and d.execute_script("return document.readyState") == "complete")


def shoot(driver, name: str) -> None:
    """Save the whole page (the window stretched to the page's height) as ``name``.png."""
    height = driver.execute_script("window.scrollTo(0, 0); return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800) + 120, 6000))
    driver.save_screenshot(str(screenshot_folder() / f"{name}.png"))
    driver.set_window_size(1280, 1000)


def test_a_reader_walks_from_the_home_page_to_the_article(browser, workbench_server):
    from selenium.webdriver.common.by import By

    browser.get(workbench_server.base + "/")
    assert "Russia, Turkey and Ukraine" in browser.find_element(By.TAG_NAME, "h1").text
    shoot(browser, "home")

    follow(browser, browser.find_element(By.LINK_TEXT, "Questions"), "/questions")
    follow(browser, browser.find_element(By.LINK_TEXT, "Who bypasses Ukraine?"), "/questions/who-bypasses-ukraine")
    table = browser.find_element(By.CSS_SELECTOR, "table.answer")
    actors = [row.find_elements(By.TAG_NAME, "td")[1].text for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert actors == ["Russia", "Turkey"]
    shoot(browser, "question")

    turkey_row = table.find_elements(By.CSS_SELECTOR, "tbody tr")[1]
    follow(browser, turkey_row.find_element(By.LINK_TEXT, "why?"), "/why/1")
    proof = browser.find_element(By.TAG_NAME, "main")  # one proof per triple the row rests on
    assert "partyTo ∘ routeBypasses ⊑ bypasses" in proof.text
    assert "signed up to Russia’s TurkStream pipeline project" in proof.text
    shoot(browser, "why")

    browser.back()
    follow(browser, browser.find_element(By.CSS_SELECTOR, "table.answer").find_element(By.LINK_TEXT, "Turkey"), "/id/Turkey")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Turkey"
    assert browser.find_element(By.CSS_SELECTOR, "svg.neighbourhood").is_displayed()
    shoot(browser, "entity")

    quote = browser.find_element(By.CSS_SELECTOR, 'a.quote[href$="#ev-turkstream"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", quote)
    follow(browser, quote, "/source/article#ev-turkstream")
    passage = browser.find_element(By.ID, "ev-turkstream")
    assert passage.tag_name == "mark" and "TurkStream pipeline project" in passage.text
    # The passage is the page's :target, drawn in the stronger highlight.
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", passage)
    shoot(browser, "source")


def test_a_query_runs_on_the_sparql_page(browser, workbench_server):
    from selenium.webdriver.common.by import By

    browser.get(workbench_server.base + "/sparql")
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT ?state ?label WHERE { ?state a rp:NatoMemberState ; rdfs:label ?label } ORDER BY ?label")
    follow(browser, browser.find_element(By.ID, "run"), "query=")
    results = browser.find_element(By.ID, "results")
    assert "Turkey" in results.text and "United States" in results.text
    shoot(browser, "sparql")

    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT * WHERE { ?s ?p }")
    follow(browser, browser.find_element(By.ID, "run"), "%3Fp+%7D")
    error = browser.find_element(By.ID, "sparql-error").text
    assert error.startswith("line 1:") and "SPARQL syntax error" in error and "\n" not in error


def test_ontology_pages_draw_the_hierarchy(browser, workbench_server):
    from selenium.webdriver.common.by import By

    browser.get(workbench_server.base + "/ontology/NatoMemberState")
    assert browser.find_element(By.CSS_SELECTOR, "svg.hierarchy").is_displayed()
    shoot(browser, "term")
    browser.get(workbench_server.base + "/ontology#bypasses")
    assert browser.execute_script("return document.querySelector(':target').id") == "bypasses"
