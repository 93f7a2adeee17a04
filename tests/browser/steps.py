"""Steps the browser tests share: logging in through the real form, checking that a
page fits the screen, checking a page with axe-core."""

import time
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "demo12345"


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait for the "my page"."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("main form input[name=username]").fill(username)
    page.locator("main form input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/me/")


def wait_for(check, what: str, seconds: float = 15):
    """What `check()` returns once it is true (polled every 0.1 s): for what the server
    stores after the browser acted (a commit sent by sendBeacon arrives a little later)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still waiting for {what}")


def assert_no_horizontal_scroll(page: Page) -> None:
    page.wait_for_load_state("load")
    overflow = page.evaluate(
        """() => {
            const inner = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > inner + 0.5)
                .slice(0, 5)
                .map(el => `${el.tagName.toLowerCase()}.${el.className}`
                           + ` right=${Math.round(el.getBoundingClientRect().right)}`);
            return {scroll: document.documentElement.scrollWidth, inner, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["inner"], f"horizontal scrolling: {overflow}"


# --- accessibility: axe-core, vendored (tests/browser/vendor/axe-core/, see
# THIRD_PARTY_LICENSES.md), so the tests need no network -----------------------------

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def assert_accessible(page: Page, *, context: str | None = None) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, and fail
    with a readable list of every serious or critical violation.

    `context` is a CSS selector limiting the check to part of the page (default: all).
    axe is loaded with page.evaluate, which runs in the page's own world like a script
    tag but is not subject to a Content-Security-Policy forbidding inline scripts.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        """([context, tags]) => window.axe.run(context || document, {
               runOnly: {type: 'tag', values: tags},
               resultTypes: ['violations'],
           })""",
        [context, AXE_TAGS],
    )
    blocking = [v for v in results["violations"] if v["impact"] in AXE_BLOCKING]
    if not blocking:
        return
    lines = [f"{len(blocking)} serious/critical accessibility violation(s) on {page.url}:"]
    for violation in blocking:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" [{len(nodes)} element(s)] {violation['helpUrl']}")
        for node in nodes[:3]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    raise AssertionError("\n".join(lines))
