"""Link check of a built site: every local link reaches a file, every #fragment an id.

Runs over the output folder, both languages at once, with no network: links to other
sites are checked for syntax only (scheme, host name, no spaces). Absolute links to the
site's own address (canonical and hreflang URLs) are checked as local links.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}
EXTERNAL_SCHEMES = {"http", "https", "mailto"}
# Written for the browser, not the reader: the theme's own search worker and similar.
IGNORED_SCHEMES = {"data", "blob"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str
    """The page holding the link, relative to the site folder, e.g. 'en/timeline/index.html'."""
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


class _PageLinks(HTMLParser):
    """The link targets and the ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                self.links.append(values[attribute].strip())


@cache
def _parse(path: Path) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def external_url_problem(url: str) -> str | None:
    """Why a link to another site is malformed, or None if it looks right."""
    parts = urlsplit(url)
    if any(character.isspace() for character in url):
        return "contains a space"
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "is not an e-mail address"
    if "." not in (parts.hostname or ""):
        return "has no valid host name"
    return None


def check_site(site_dir: Path, site_url: str) -> list[BrokenLink]:
    """Every broken link in the site: missing pages and assets, missing ids, bad URLs."""
    _parse.cache_clear()
    site_dir = site_dir.resolve()
    own_prefix = site_url if site_url.endswith("/") else site_url + "/"
    own_path = urlsplit(own_prefix).path
    broken: list[BrokenLink] = []
    for page in sorted(site_dir.rglob("*.html")):
        page_name = page.relative_to(site_dir).as_posix()
        page_url = own_path + page_name.removesuffix("index.html")
        for url in _parse(page).links:
            problem = _link_problem(url, page, page_url, site_dir, own_prefix, own_path)
            if problem:
                broken.append(BrokenLink(page_name, url, problem))
    return sorted(set(broken))


def _link_problem(
    url: str, page: Path, page_url: str, site_dir: Path, own_prefix: str, own_path: str
) -> str | None:
    if not url:
        return "empty link"
    if url.startswith(own_prefix):
        url = own_path + url[len(own_prefix) :]
    scheme = urlsplit(url).scheme.lower()
    if scheme in IGNORED_SCHEMES:
        return None
    if scheme:
        if scheme not in EXTERNAL_SCHEMES:
            return f"the scheme '{scheme}:' is not allowed"
        return external_url_problem(url)
    target = urlsplit(urljoin(page_url, url))
    if target.netloc:
        return external_url_problem(f"https:{url}")
    path = "/" + unquote(target.path).lstrip("/")  # browsers drop ".." above the root
    if not path.startswith(own_path):
        return f"leaves the site (resolves to {path}, outside {own_path})"
    file = _file_for(site_dir, path[len(own_path) :])
    if file is None:
        return "no such page or file"
    fragment = unquote(target.fragment)
    if fragment and file.suffix == ".html" and fragment not in _parse(file).ids:
        return f"no element with id '{fragment}' on {file.relative_to(site_dir).as_posix()}"
    return None


def _file_for(site_dir: Path, relative: str) -> Path | None:
    candidate = (site_dir / relative).resolve()
    if not candidate.is_relative_to(site_dir):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
