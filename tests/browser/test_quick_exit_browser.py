"""Quick exit in a real Chromium: three presses of Shift on their own leave, typing and Esc never do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MATERIAL = "materials/browsing-safely"
VIEWPORTS = {
    "360px": {"width": 360, "height": 740},
    "700px": {"width": 700, "height": 800},
    "1030px": {"width": 1030, "height": 800},
    "desktop": {"width": 1280, "height": 800},
}
TWO_MORE = "Shift key pressed. Press Shift 2 more times to exit the page."
ONE_MORE = "Shift key pressed. Press Shift 1 more time to exit the page."
CANCELLED = "Quick exit cancelled. Press Shift 3 times in a row to exit the page."
CLOCK_START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
RO_TWO_MORE = "Ați apăsat tasta Shift. Mai apăsați Shift de 2 ori pentru a ieși de pe pagină."

pytestmark = pytest.mark.browser


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser):
    """A fresh page at 360 px, two in-between widths and desktop width."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture(scope="module")
def cached_browser(browser_type, browser_type_launch_args):
    """Chromium with the back-forward cache on (Playwright turns it off by default), as people use it."""
    browser = browser_type.launch(
        **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield browser
    browser.close()


def open_page(page, server, path: str = f"/en/{MATERIAL}") -> list[str]:
    """Open a page on a paused clock; return the list that will collect every request made to /exit.

    The page's timers move only when a test runs the clock, so a slow machine never lets the 5 s
    between presses run out on its own.
    """
    exits: list[str] = []
    page.on("request", lambda request: exits.append(request.url) if "/exit" in request.url else None)
    page.clock.install(time=CLOCK_START)
    page.goto(server.url + path)
    page.wait_for_load_state("load")
    page.clock.pause_at(CLOCK_START + timedelta(minutes=1))
    return exits


def press_shift(page, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")


def lit_steps(page) -> int:
    return page.locator("#quick-exit .quick-exit-step.is-on").count()


def status_text(page) -> str:
    return page.locator("#quick-exit-status").text_content()


def covered_help_lines(page) -> list[str]:
    """Return the help lines the fixed quick-exit button lies over."""
    return page.evaluate(
        """() => {
            const button = document.getElementById("quick-exit").getBoundingClientRect();
            return [...document.querySelectorAll(".hotline-bar a")].filter(link => {
                const box = link.getBoundingClientRect();
                return box.left < button.right && button.left < box.right
                    && box.top < button.bottom && button.top < box.bottom;
            }).map(link => link.textContent.trim());
        }"""
    )


def assert_still_here(page, server, path: str, exits: list[str]) -> None:
    assert page.url == server.url + path
    assert exits == []
    assert page.evaluate("document.documentElement.classList.contains('quick-exit-leaving')") is False
    assert page.locator("main").is_visible()


def test_three_shift_presses_leave_through_the_exit_address(sized_page, live_server):
    exits = open_page(sized_page, live_server)
    answers = []
    sized_page.on("response", lambda response: answers.append(response) if "/exit" in response.url else None)
    press_shift(sized_page, 3)
    sized_page.wait_for_url(f"{live_server.url}/healthz")
    assert exits == [f"{live_server.url}/exit"]
    assert [(r.status, r.all_headers().get("clear-site-data")) for r in answers] == [(302, '"cache"')]
    sized_page.go_back()
    assert MATERIAL not in sized_page.url  # the exited page was replaced in the tab's history


def test_the_indicator_and_the_announcement_follow_the_presses(sized_page, live_server):
    path = f"/en/{MATERIAL}"
    exits = open_page(sized_page, live_server, path)
    indicator = sized_page.locator("#quick-exit .quick-exit-indicator")
    assert not indicator.is_visible()
    assert status_text(sized_page) == ""

    press_shift(sized_page)
    assert indicator.is_visible()
    box = indicator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[sized_page.viewport_name]["width"]
    assert lit_steps(sized_page) == 1
    assert status_text(sized_page) == TWO_MORE

    press_shift(sized_page)
    assert lit_steps(sized_page) == 2
    assert status_text(sized_page) == ONE_MORE
    scroll, client = sized_page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client

    sized_page.keyboard.press("KeyX")
    assert not indicator.is_visible()
    assert lit_steps(sized_page) == 0
    assert status_text(sized_page) == CANCELLED
    assert_still_here(sized_page, live_server, path, exits)


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_the_button_with_its_indicator_covers_no_help_line(sized_page, live_server, lang):
    open_page(sized_page, live_server, f"/{lang}/")
    assert covered_help_lines(sized_page) == []
    press_shift(sized_page, 2)
    assert covered_help_lines(sized_page) == []


def test_the_announcement_is_in_the_page_language(page, live_server):
    open_page(page, live_server, f"/ro/{MATERIAL}")
    press_shift(page)
    assert status_text(page) == RO_TWO_MORE


@pytest.mark.parametrize(
    "style",
    ["shift-per-letter", "shift-held-per-word", "shift-released-before-the-letter"],
)
def test_typing_capitals_in_the_search_box_stays_on_the_page(page, live_server, style):
    path = f"/en/{MATERIAL}"
    exits = open_page(page, live_server, path)
    page.click("#site-search")
    keyboard = page.keyboard
    for word_number, word in enumerate(["ATAS", "GREVIO"]):
        if word_number:
            keyboard.press("Space")
        if style == "shift-held-per-word":
            keyboard.down("Shift")
            for letter in word:
                keyboard.press(f"Key{letter}")
            keyboard.up("Shift")
            continue
        for letter in word:
            keyboard.down("Shift")
            if style == "shift-per-letter":
                keyboard.press(f"Key{letter}")
                keyboard.up("Shift")
            else:  # fast typists let go of Shift before the letter key
                keyboard.down(f"Key{letter}")
                keyboard.up("Shift")
                keyboard.up(f"Key{letter}")
    assert page.input_value("#site-search") == "ATAS GREVIO"
    assert lit_steps(page) == 0
    assert status_text(page) == ""
    assert_still_here(page, live_server, path, exits)


def test_any_other_key_starts_the_count_again(page, live_server):
    path = f"/en/{MATERIAL}"
    exits = open_page(page, live_server, path)
    press_shift(page)
    page.keyboard.press("KeyA")
    press_shift(page, 2)
    assert_still_here(page, live_server, path, exits)
    assert lit_steps(page) == 2
    press_shift(page)  # the third press since the letter
    page.wait_for_url(f"{live_server.url}/healthz")


def test_escape_does_not_leave(page, live_server):
    path = f"/en/{MATERIAL}"
    exits = open_page(page, live_server, path)
    for _ in range(3):
        page.keyboard.press("Escape")
    assert_still_here(page, live_server, path, exits)
    press_shift(page, 2)
    page.keyboard.press("Escape")  # Esc only starts the count again
    press_shift(page)
    assert_still_here(page, live_server, path, exits)
    assert lit_steps(page) == 1


def test_each_press_must_come_within_five_seconds_of_the_last(page, live_server):
    path = f"/en/{MATERIAL}"
    exits = open_page(page, live_server, path)
    press_shift(page, 2)
    page.clock.run_for(5_100)
    assert lit_steps(page) == 0
    assert status_text(page) == CANCELLED
    press_shift(page)
    assert_still_here(page, live_server, path, exits)
    assert status_text(page) == TWO_MORE
    page.clock.run_for(4_900)
    press_shift(page)
    page.clock.run_for(4_900)  # 9.8 s since the first press, but each press within 5 s of the last
    press_shift(page)
    page.wait_for_url(f"{live_server.url}/healthz")


def test_clicking_the_button_leaves_and_back_does_not_return(page, live_server):
    exits = open_page(page, live_server)
    page.click("#quick-exit")
    page.wait_for_url(f"{live_server.url}/healthz")
    assert exits == [f"{live_server.url}/exit"]
    page.go_back()
    assert MATERIAL not in page.url


def test_back_after_exit_shows_the_page_opened_before(cached_browser, live_server):
    """With the back-forward cache on, Back leads to the previous page of the site, shown and usable."""
    page = cached_browser.new_page()
    page.goto(f"{live_server.url}/en/")
    title = page.title()
    page.click(f"a[href='/en/{MATERIAL}']")
    page.wait_for_url(f"{live_server.url}/en/{MATERIAL}")
    press_shift(page, 3)
    page.wait_for_url(f"{live_server.url}/healthz")
    page.go_back()
    assert page.url == f"{live_server.url}/en/"
    assert page.title() == title
    assert page.locator("main").is_visible()
    assert not page.locator("#quick-exit .quick-exit-indicator").is_visible()


def test_a_page_restored_from_the_back_forward_cache_is_not_left_blank(cached_browser, live_server):
    """An exit that did not complete (here /exit answers 204) must not leave a blank page in the cache."""
    page = cached_browser.new_page()
    page.add_init_script(
        "window.addEventListener('pageshow', e => { window.restoredFromCache = e.persisted; });"
    )
    page.route("**/exit", lambda route: route.fulfill(status=204))
    page.goto(f"{live_server.url}/en/{MATERIAL}")
    title = page.title()
    press_shift(page, 3)
    page.wait_for_function("document.documentElement.classList.contains('quick-exit-leaving')")
    assert not page.locator("main").is_visible()
    page.evaluate("window.restoredFromCache = undefined")
    page.goto(f"{live_server.url}/healthz")
    page.go_back(wait_until="commit")  # a page restored from the cache fires pageshow, not load
    page.wait_for_function("window.restoredFromCache !== undefined")
    assert page.url == f"{live_server.url}/en/{MATERIAL}"
    assert page.evaluate("window.restoredFromCache") is True
    assert page.locator("main").is_visible()
    assert page.title() == title
    assert lit_steps(page) == 0


def test_without_javascript_the_button_is_a_plain_link_to_the_exit(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/{MATERIAL}")
    page.click("#quick-exit")
    page.wait_for_url(f"{live_server.url}/healthz")
    context.close()


def test_quick_exit_is_first_in_tab_order(page, live_server):
    page.goto(f"{live_server.url}/ru/{MATERIAL}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["ro", "en"])
def test_axe_finds_no_violations_with_the_indicator_showing(browser, live_server, viewport, lang):
    context = browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/{MATERIAL}")
    press_shift(page)
    assert page.locator("#quick-exit .quick-exit-indicator").is_visible()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    context.close()
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
