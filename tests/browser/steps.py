"""Steps the browser tests share: logging in through the real form, checking that a
page fits the screen."""

from playwright.sync_api import Page, expect

PASSWORD = "demo12345"


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait for the "my page"."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("main form input[name=username]").fill(username)
    page.locator("main form input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/me/")


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
