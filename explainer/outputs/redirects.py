"""Links that last: redirect pages for moved URLs, and the list of published URLs.

A page that moves keeps its old address: `site.redirects` in data/site.yaml declares
`{from: old/path/, to: new/path/}` and the build writes, in every language, a small page at
the old address that forwards readers (meta refresh, no script) and tells search engines the
new canonical address.

`tests/published-urls.txt` lists every URL the site has published; a test fails when a build
no longer serves one of them, so a removed or renamed page needs a redirect first.
Add new pages to the list with `make urls`
(`python -m explainer.outputs.redirects site tests/published-urls.txt`); it never removes a line.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

from explainer.data.loader import DataError, Problem
from explainer.data.model import LANGUAGES
from explainer.outputs.exports import DATA_DIR, EXPORT_FILES
from explainer.outputs.feeds import feed_path
from explainer.render.pages import Renderer, absolute_url, language_prefix

URLS_HEADER = """\
# Every URL the site has published, one per line, relative to site_url.
# A build must keep serving each of them (a page, or a redirect declared in data/site.yaml).
# Add new pages with: make urls (it only adds lines; delete one only on purpose)
"""


def published_files() -> list[str]:
    """Addresses other than pages that readers keep: feeds and data downloads."""
    return [feed_path(language) for language in LANGUAGES] + [
        f"{DATA_DIR}/{name}" for name in EXPORT_FILES
    ]


def write_redirects(site_dir: Path, renderer: Renderer, directions: dict[str, str]) -> list[Path]:
    """A forwarding page at each old address, in every language; errors name the data line."""
    data = renderer.data
    site_file = data.files.get("site.yaml")
    problems: list[Problem] = []
    pages: dict[Path, str] = {}
    template = renderer.env.get_template("redirect.html")
    for index, redirect in enumerate(data.site.redirects):

        def problem(field: str, message: str, hint: str, index: int = index) -> None:
            location = ("site", "redirects", index, field)
            line, column = site_file.position(location) if site_file else (0, 0)
            name = site_file.name if site_file else "data/site.yaml"
            problems.append(
                Problem(name, line, column, f"site.redirects[{index}].{field}", message, hint)
            )

        target_path, _, fragment = redirect.to_path.partition("#")
        for language in LANGUAGES:
            prefix = language_prefix(language)
            old = site_dir / prefix / redirect.from_path / "index.html"
            if old.exists():
                problem(
                    "from",
                    f"'{redirect.from_path}' is still a page of the site; a redirect would hide it",
                    "remove this redirect, or rename the page first",
                )
                break
            if not (site_dir / prefix / target_path / "index.html").is_file():
                problem(
                    "to",
                    f"'{redirect.to_path}' is not a page of the site",
                    "point the redirect at an existing page, e.g. pillars/<id>/",
                )
                break
            relative = posixpath.relpath(
                prefix + target_path or ".", (prefix + redirect.from_path).rstrip("/")
            )
            relative = ("./" if relative == "." else relative + "/") + (
                f"#{fragment}" if fragment else ""
            )
            pages[old] = template.render(
                lang=language,
                direction=directions[language],
                moved=renderer.labels["redirect.moved"][language],
                relative=relative,
                absolute=absolute_url(renderer.site_url, language, target_path, fragment),
            )
    if problems:
        raise DataError(problems)
    for path, html in pages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return list(pages)


# -----------------------------------------------------------------------------
# The URL contract
# -----------------------------------------------------------------------------


def published_urls(site_dir: Path) -> list[str]:
    """Every page (directory URL) and kept file of a built site, sorted, e.g. 'en/timeline/'."""
    urls = [
        page.parent.relative_to(site_dir).as_posix() + "/" for page in site_dir.rglob("index.html")
    ]
    urls = ["" if url == "./" else url for url in urls]
    urls += [name for name in published_files() if (site_dir / name).is_file()]
    return sorted(urls)


def read_url_list(path: Path) -> list[str]:
    """The committed list: one URL per line; '/' is the home page; '#' starts a comment."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line.removeprefix("/") for line in lines if line and not line.startswith("#")]


def format_url_list(urls: list[str]) -> str:
    return URLS_HEADER + "".join(f"/{url}\n" for url in urls)


def missing_urls(site_dir: Path, urls: list[str]) -> list[str]:
    """Published URLs the built site no longer serves (neither as a page nor a redirect)."""
    missing = []
    for url in urls:
        path = site_dir / url / "index.html" if url == "" or url.endswith("/") else site_dir / url
        if not path.is_file():
            missing.append(url)
    return missing


def main(argv: list[str] | None = None) -> int:
    """`python -m explainer.outputs.redirects SITE_DIR URL_LIST`: add the built site's URLs
    to the list.

    URLs are only ever added: one that a build no longer serves stays listed (and fails the
    test) until it gets a redirect, or someone deliberately deletes its line.
    """
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 2:
        print("usage: python -m explainer.outputs.redirects SITE_DIR URL_LIST", file=sys.stderr)
        return 2
    site_dir, url_list = Path(arguments[0]), Path(arguments[1])
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}/ holds no built site; run make build first", file=sys.stderr)
        return 1
    known = read_url_list(url_list) if url_list.is_file() else []
    added = sorted(set(published_urls(site_dir)) - set(known))
    url_list.write_text(format_url_list(sorted({*known, *added})), encoding="utf-8")
    print(f"{url_list}: {len(known) + len(added)} URLs, {len(added)} new")
    for url in missing_urls(site_dir, known):
        print(f"  not served by this build (add a redirect in data/site.yaml): /{url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
