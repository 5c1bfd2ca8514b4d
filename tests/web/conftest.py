"""The web app in a real browser against the real platform: Debian's Chromium driven by
Playwright (which downloads no browser of its own), the app served by the launcher's nginx
at one origin in front of the five services and Keycloak."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from okrug_local import paths, web
from okrug_local.platform import Platform
from tests.support import SCHOOL_ZONE

# The machine is shared: pages may take seconds to answer under load. Waiting is not timing.
expect.set_options(timeout=30_000)


# Package scope: the browser tests' fixtures end with tests/web. Playwright's sync API keeps
# its own event loop as the running loop of the main thread while it is open, and any later
# test's asyncio.run() would fail ("cannot be called from a running event loop").
@pytest.fixture(scope="package")
def web_origin(platform: Platform) -> Iterator[str]:
    """The built app at its origin (built now only if web/ changed since the last build)."""
    web.build()
    origin = web.start(platform.instance, platform.issuer, platform.supervisor)
    try:
        yield origin
    finally:
        web.stop(platform.supervisor)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable = web.browser_executable()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable))
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots(platform: Platform) -> Path:
    """Test artifacts under .run/<instance>/screenshots (never committed)."""
    directory = paths.state_dir(platform.instance.name) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile per test (no cookies, no storage), in Russian, under the
    Content-Security-Policy the app is served with."""
    context = browser.new_context(
        locale="ru-RU", timezone_id=SCHOOL_ZONE.key, viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(60_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()
