"""Helpers for the browser tests (the ``browser`` and ``page`` fixtures are in conftest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core findings (WCAG 2.1 A/AA and best practice) on the page."""
    # The page must have loaded; after a click on a link, call ``follow`` first (this alone
    # cannot tell a navigation that has not started yet).
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a',"
        "'wcag21aa','best-practice']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def follow(page, link) -> None:
    """Click a link and wait until the page it leads to has loaded.

    A click returns before the browser leaves the page; a check run straight after it
    may meet the old page or a document with no ``<head>`` yet.
    """
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)


def log_in(page, username: str, password: str = "demo-kkr-2026") -> None:
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/konto/")
