"""The API documentation pages render under the site's CSP, self-hosted."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.browser.conftest import requested_hosts, severe_console_errors, wait_for

# Runs before any script of the page: collects what the policy blocks.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
RESOURCE_URLS = "return performance.getEntriesByType('resource').map(e => e.name)"


@pytest.fixture
def watched(browser):
    """The browser, recording CSP violations from the first script on."""
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_VIOLATIONS}
    )
    yield browser
    browser.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
    )


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_api_documentation_lists_the_operations(watched, live_server, name):
    """Swagger UI and Redoc show the operations, with no CSP violation, no
    console error and no request to another host."""
    watched.get(live_server.url + reverse(name))
    wait_for(
        watched,
        lambda d: (
            "/initiatives/{slug}"  # relative to the server, /api/v1
            in d.execute_script("return document.body.textContent")
        ),
    )
    assert "/gatherings" in watched.execute_script("return document.body.textContent")
    own = urlsplit(live_server.url).hostname
    resources = watched.execute_script(RESOURCE_URLS)
    assert resources  # the page's own scripts at least
    assert {urlsplit(url).hostname for url in resources} == {own}
    assert requested_hosts(watched) == {own}
    assert watched.execute_script("return window.cspViolations") == []
    assert severe_console_errors(watched) == []
