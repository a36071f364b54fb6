"""Links: internal links and #fragments resolve in both languages; the site works under a sub-path."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from conftest import SITE_URL

from explainer.outputs.linkcheck import BrokenLink, check_site


def test_built_site_has_no_broken_links_in_either_language(built_site):
    assert [str(link) for link in check_site(built_site.root, SITE_URL)] == []
    # The check did look at both languages and at fragments.
    english = BeautifulSoup((built_site.root / "en/index.html").read_text("utf-8"), "lxml")
    assert any("#" in a["href"] for a in english.select("a[href]"))


def write(root: Path, name: str, body: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_checker_reports_each_kind_of_broken_link(tmp_path):
    site = tmp_path / "site"
    write(site, "index.html", '<h2 id="here">x</h2><a href="en/">en</a><a href="#here">ok</a>')
    write(
        site,
        "en/index.html",
        '<a href="../">home</a>'
        '<a href="../missing/">gone</a>'
        '<a href="../#nowhere">no id</a>'
        '<a href="https://example.org/sub/en/#top">own absolute, no id</a>'
        '<a href="javascript:alert(1)">script</a>'
        '<a href="https://localhost/x">no host</a>'
        '<a href="https://example.com/a b">space</a>'
        '<a href="../../../etc/">outside</a>'
        '<img src="../logo.svg">',
    )
    found = check_site(site, "https://example.org/sub/")
    assert found == [
        BrokenLink("en/index.html", "../#nowhere", "no element with id 'nowhere' on index.html"),
        BrokenLink(
            "en/index.html", "../../../etc/", "leaves the site (resolves to /etc/, outside /sub/)"
        ),
        BrokenLink("en/index.html", "../logo.svg", "no such page or file"),
        BrokenLink("en/index.html", "../missing/", "no such page or file"),
        BrokenLink("en/index.html", "https://example.com/a b", "contains a space"),
        BrokenLink(
            "en/index.html",
            "https://example.org/sub/en/#top",
            "no element with id 'top' on en/index.html",
        ),
        BrokenLink("en/index.html", "https://localhost/x", "has no valid host name"),
        BrokenLink(
            "en/index.html", "javascript:alert(1)", "the scheme 'javascript:' is not allowed"
        ),
    ]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_pages_assets_and_links_resolve_under_the_sub_path(built_site, served_site):
    """Serve site/ under /<sub-path>/ over HTTP and follow every same-site link from every page."""
    pages = [built_site.url_of(p) for p in built_site.html_files() if p.name == "index.html"]
    base = urlsplit(served_site)
    checked: dict[str, int] = {}
    for page in pages:
        page_url = urljoin(served_site, page)
        status, body = fetch(page_url)
        assert status == 200, page_url
        soup = BeautifulSoup(body, "lxml")
        for node in soup.select("a[href], link[href], script[src], img[src]"):
            target = urljoin(page_url, node.get("href") or node.get("src")).split("#")[0]
            if urlsplit(target).netloc != base.netloc or target in checked:
                continue
            checked[target] = fetch(target)[0]
    assert checked, "no same-site links found"
    assert {url: status for url, status in checked.items() if status != 200} == {}
    assert all(urlsplit(url).path.startswith(base.path) for url in checked)
    # Stylesheets, scripts, fonts' CSS and images were among them.
    assert any(url.endswith(".css") for url in checked)
    assert any(url.endswith(".js") for url in checked)
