"""Quick exit over plain HTTP: the exit address, what it answers, the translated keyboard announcements."""

from __future__ import annotations

import re

import pytest

NEUTRAL = "https://www.wikipedia.org/"  # QUICK_EXIT_URL in tests/conftest.py


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_exit_clears_the_site_cache_and_goes_to_the_neutral_site(client, method):
    response = client.open("/exit", method=method)
    assert response.status_code == 302
    assert response.headers["Location"] == NEUTRAL
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_exit_goes_where_the_deployment_says(make_app):
    client = make_app(QUICK_EXIT_URL="https://example.org/weather").test_client()
    assert client.get("/exit").headers["Location"] == "https://example.org/weather"


def test_exit_sends_no_referrer_to_the_neutral_site(client):
    assert client.get("/exit").headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/ro/", "/ru/materials/protection-order", "/en/search?q=ordin", "/uk/nope"])
def test_every_page_exits_through_the_portal(client, path):
    html = client.get(path).get_data(as_text=True)
    link = re.search(r'<a id="quick-exit"[^>]*>', html).group(0)
    assert 'href="/exit"' in link
    assert "(Esc)" not in html


ANNOUNCEMENTS = {
    "ro": (
        "Ați apăsat tasta Shift. Mai apăsați Shift de 2 ori pentru a ieși de pe pagină.",
        "Ați apăsat tasta Shift. Mai apăsați Shift o dată pentru a ieși de pe pagină.",
        "Ieșirea rapidă a fost anulată. Apăsați Shift de 3 ori la rând pentru a ieși de pe pagină.",
    ),
    "ru": (
        "Нажата клавиша Shift. Нажмите Shift ещё 2 раза, чтобы покинуть страницу.",
        "Нажата клавиша Shift. Нажмите Shift ещё один раз, чтобы покинуть страницу.",
        "Быстрый выход отменён. Чтобы покинуть страницу, нажмите Shift 3 раза подряд.",
    ),
    "uk": (
        "Натиснуто клавішу Shift. Натисніть Shift ще 2 рази, щоб вийти зі сторінки.",
        "Натиснуто клавішу Shift. Натисніть Shift ще один раз, щоб вийти зі сторінки.",
        "Швидкий вихід скасовано. Щоб вийти зі сторінки, натисніть Shift 3 рази поспіль.",
    ),
    "en": (
        "Shift key pressed. Press Shift 2 more times to exit the page.",
        "Shift key pressed. Press Shift 1 more time to exit the page.",
        "Quick exit cancelled. Press Shift 3 times in a row to exit the page.",
    ),
}


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_keyboard_announcements_are_in_the_page_language(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    region = re.search(r'<p id="quick-exit-status"[^>]*>', html).group(0)
    assert 'aria-live="polite"' in region
    two, one, cancelled = ANNOUNCEMENTS[lang]
    assert f'data-two-more="{two}"' in region
    assert f'data-one-more="{one}"' in region
    assert f'data-cancelled="{cancelled}"' in region
