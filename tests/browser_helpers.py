"""What the browser tests share: signing in, axe-core and the Nu HTML Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STRONG = "violet harbour tractor seventeen quietly"  # the password of every test account


def signed_in(browser, url: str, email: str, width: int = 1280, bypass_csp: bool = False):
    """Open a context `width` px wide, sign `email` in on the Romanian sign-in page; return context and page.

    `bypass_csp` lets a test inject axe-core as a script (the portal's CSP refuses it, as it should).
    """
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(f"{url}/ro/login")
    page.fill("#email", email)
    page.fill("#password", STRONG)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    return context, page


def axe_violations(page) -> list[str]:
    """Run axe-core on the page (its context must bypass the CSP); return each violation as 'id: help'."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"]]


def html_errors(pages: dict[str, bytes | str], folder: Path) -> list[tuple[str, int | None, str]]:
    """Check each named page's HTML with the Nu HTML Checker; return (name, line, message) of each error.

    Skips the test when Java is missing (`make browser-deps` installs it).
    """
    if not shutil.which("java"):
        pytest.skip("java is not installed (make browser-deps installs it)")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
        files[str(path)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        (files.get(m["url"].removeprefix("file:"), m["url"]), m.get("lastLine"), m["message"])
        for m in messages
        if m.get("type") == "error"
    ]
