"""Content Security Policy: on every page, scripts only from the site or by hash, and nothing
the browser refuses when the pages run in Chromium."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import SITE_URL
from playwright.sync_api import sync_playwright

from explainer.outputs.csp import (
    UntrustedScript,
    add_policy,
    inline_scripts,
    policy_for_page,
    script_hash,
    template_scripts,
)
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_every_page_has_one_policy_hashing_exactly_its_inline_scripts(built_site):
    pages = built_site.html_files()
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "lxml")
        metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, path
        # First in <head> after the charset, so it governs every script that follows.
        head = [tag.name for tag in soup.head.find_all(True, recursive=False)]
        assert soup.head.find_all(True, recursive=False)[1] is metas[0], (path, head[:3])
        policy = directives(metas[0]["content"])
        script_sources = policy["script-src"]
        assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        hashes = {value for value in script_sources if value.startswith("'sha256-")}
        assert hashes == {script_hash(text) for text in inline_scripts(html)}, path
        assert all(
            script.get("src") or script_hash(script.string or "") in hashes
            for script in soup.find_all("script")
            if script.get("type", "text/javascript") in ("text/javascript", "module")
        )


def test_policy_is_added_once_and_only_counts_executable_inline_scripts():
    page = (
        '<html><head><meta charset="utf-8"><title>t</title>'
        '<script>var a = 1;</script><script src="x.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>'
        '<script type="module">import "./y.js";</script></head><body></body></html>'
    )
    assert inline_scripts(page) == ["var a = 1;", 'import "./y.js";']
    secured = add_policy(page)
    assert secured.index("Content-Security-Policy") > secured.index('<meta charset="utf-8">')
    assert secured.index("Content-Security-Policy") < secured.index("<title>")
    assert add_policy(secured) == secured
    script_sources = directives(policy_for_page(page))["script-src"]
    assert script_sources == [
        "'self'",
        "'wasm-unsafe-eval'",
        script_hash("var a = 1;"),
        script_hash('import "./y.js";'),
    ]
    # A known value: sha256 of the empty string, base64.
    assert script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def sample_pages(built_site) -> list[str]:
    """Both home pages, the 404 page and one page of every other kind, languages alternating."""
    urls = ["", "en/", "404.html"]
    kinds: list[str] = []
    for path in built_site.html_files():
        kind = built_site.url_of(path).removeprefix("en/").split("/")[0]
        if path.name == "index.html" and kind and kind not in kinds:
            kinds.append(kind)
    for number, kind in enumerate(kinds):
        english = number % 2 == 1
        matches = [
            built_site.url_of(p)
            for p in built_site.html_files()
            if built_site.url_of(p).startswith(f"{'en/' if english else ''}{kind}/")
        ]
        urls.append(matches[-1])  # the deepest page of the kind, e.g. one pillar
    return urls


REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def test_pages_run_in_chromium_without_policy_violations(built_site):
    """Browse the pages at their public address (requests answered from the built folder), so
    'self' means what it means in production, and record every refusal and script error."""
    # Playwright's sync API allows one instance per thread, and tests/browser/ keeps one
    # open in the main thread for the whole session: browse from a thread of our own.
    with ThreadPoolExecutor(max_workers=1) as worker:
        pages, problems, searched, outside = worker.submit(browse, built_site).result()
    assert len(pages) >= 8
    assert problems == {}
    assert outside == []
    assert searched, "no page with a search box was tried"


def browse(built_site):
    prefix = urlsplit(SITE_URL).path
    outside: list[str] = []

    def answer_from_site_folder(route) -> None:
        url = route.request.url
        if not url.startswith(SITE_URL):
            outside.append(url)
            route.abort()
            return
        target = built_site.root / unquote(urlsplit(url).path)[len(prefix) :]
        target = target / "index.html" if target.is_dir() else target
        if target.is_file():
            route.fulfill(path=target)
        else:
            route.fulfill(status=404, path=built_site.root / "404.html")

    problems: dict[str, list[str]] = {}
    searched: list[str] = []
    pages = sample_pages(built_site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", answer_from_site_folder)
        context.add_init_script(REPORT_VIOLATIONS)
        for url in pages:
            page = context.new_page()
            messages: list[str] = []
            page.on("console", lambda m, messages=messages: messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e, messages=messages: messages.append(f"pageerror: {e}"))
            page.goto(urljoin(SITE_URL, url), wait_until="networkidle")
            # Use the page a little: toggle the colour palette (stored by an inline script).
            toggles = page.locator('form[data-md-component="palette"] label:visible')
            if toggles.count():
                toggles.first.click()
                page.wait_for_load_state("networkidle")
            # Search compiles WebAssembly ('wasm-unsafe-eval'): run a query where there is a box.
            search_box = page.locator('main input[type="search"]:visible')
            if search_box.count():
                search_box.first.fill("Captagon")
                page.wait_for_load_state("networkidle")
                searched.append(url)
            violations = page.evaluate("window.__violations")
            refused = [m for m in messages if "Content Security Policy" in m or "pageerror" in m]
            if violations or refused:
                problems[url] = violations + refused
            page.close()
        context.close()
        browser.close()
    return pages, problems, searched, outside


def test_a_script_no_template_wrote_is_refused_not_hashed(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        '<head><meta charset="utf-8"><script>var scope = new URL("{{ base_url }}");</script>',
        encoding="utf-8",
    )
    trusted = template_scripts([templates])
    page = '<head><meta charset="utf-8"><script>var scope = new URL("../..");</script></head>'
    assert script_hash('var scope = new URL("../..");') in add_policy(page, trusted)
    # What a title such as "</title><script>alert(1)</script>" would smuggle into a page.
    smuggled = page.replace("</head>", "<title>x</title><script>alert(1)</script></head>")
    with pytest.raises(UntrustedScript, match=r"alert\(1\)"):
        add_policy(smuggled, trusted)
    # A template value cannot stretch to close the script's string and add code.
    breakout = page.replace("../..", '");alert(1);("')
    with pytest.raises(UntrustedScript):
        add_policy(breakout, trusted)
