"""What the browser tests do on every screen: sign in through Keycloak's page, keep a
screenshot, and check accessibility with axe-core (injected from web/node_modules)."""

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from okrug_local import web
from tests.e2e.test_identity_helpers import totp

AXE = web.web_dir() / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now. axe is evaluated
    through the DevTools protocol, which the page's Content-Security-Policy (no inline
    script) does not govern: the tests run under the CSP the app is served with."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


# Transitions that end (a dialog fading in, a row appearing, a button leaving its loading
# state); a spinner's endless rotation is not waited for.
SETTLED = """() => document.getAnimations().every(a =>
  a.playState !== 'running' || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""


def check_screen(page: Page, screenshots: Path, name: str) -> None:
    """Once no transition runs (axe would measure the contrast of a dialog still fading in),
    keep the screen as a PNG, then require no serious or critical axe violation on it."""
    page.wait_for_function(SETTLED)
    page.screenshot(path=screenshots / f"{name}.png", full_page=True)
    violations = accessibility_violations(page)
    assert not violations, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
    )


def enter_username(page: Page, username: str) -> None:
    """Keycloak's first sign-in page: with organizations on, the realm's browser flow asks
    for the username alone first (an organization could send its members elsewhere)."""
    page.locator("#username").fill(username)
    page.locator("#kc-login").click()


def enter_password(page: Page, password: str) -> None:
    page.locator("#password").fill(password)
    page.locator("#kc-login").click()


def sign_in_on_keycloak(page: Page, username: str, password: str) -> None:
    """Fill in Keycloak's sign-in pages, where the app sent the browser."""
    enter_username(page, username)
    enter_password(page, password)


def expect_keycloak_sign_in(page: Page, keycloak_url: str) -> None:
    expect(page).to_have_url(re.compile(rf"^{re.escape(keycloak_url)}/realms/okrug/"))
    expect(page.locator("#kc-login")).to_be_visible()


def sign_in_setting_up_totp(page: Page, username: str, password: str) -> str:
    """Sign in as a person whose role requires a one-time code (a school admin, a director)
    and has none yet: Keycloak's page asks to set up an authenticator; the code is computed
    from the secret the page holds, as the authenticator app would. Returns the secret. The
    account's password grant asks for the code from then on: sign in to the APIs of a test
    with another account."""
    sign_in_on_keycloak(page, username, password)
    secret_field = page.locator("input[name=totpSecret]")
    expect(secret_field).to_be_attached()
    secret = secret_field.input_value()
    page.locator("#totp").fill(totp(secret))
    page.locator("#totp").press("Enter")
    return secret
