"""The site's public address: one default in mkdocs.yml, `SITE_URL` at build time.

mkdocs.yml says `site_url: !ENV [SITE_URL, "<default>"]`, so MkDocs itself takes the address
from the environment when it is given; this module gives the same answer to the build script
(which checks it before building), the tests and the measuring scripts, without MkDocs.

The shipped default is a placeholder on a name reserved for examples (RFC 2606, RFC 6761):
a preview build with it warns, a release build refuses it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml

VARIABLE = "SITE_URL"
"""The environment variable that gives the address at build time."""

RESERVED_HOSTS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
"""Names that can never be a published site's (RFC 2606, RFC 6761), and their subdomains."""


class AddressError(ValueError):
    """An address that cannot be used; the message is one line for the editor."""


class _ConfigLine(yaml.SafeLoader):
    """Reads the site_url line: `!ENV [NAME, ..., default]` gives its names and default."""


_ConfigLine.add_constructor(
    "!ENV",
    lambda loader, node: (
        ("!ENV", *loader.construct_sequence(node))
        if isinstance(node, yaml.SequenceNode)
        else ("!ENV", loader.construct_scalar(node))
    ),
)


def configured(config_file: Path) -> tuple[list[str], str | None]:
    """(environment variables read, default address) of `site_url` in mkdocs.yml."""
    text = config_file.read_text(encoding="utf-8")
    line = re.search(r"^site_url:.*$", text, re.M)
    if line is None:
        return [], None
    value = yaml.load(line.group(0), Loader=_ConfigLine)["site_url"]
    if isinstance(value, tuple):
        names = list(value[1:])
        default = names.pop() if len(names) > 1 else None
        return names, default
    return [], value


def normalize(url: str) -> str:
    """The address as the site uses it, ending in '/'; AddressError if it cannot be one."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressError(
            f"{url!r} is not a web address; give it whole, e.g. https://owner.github.io/repository/"
        )
    if parts.query or parts.fragment or any(character.isspace() for character in url):
        raise AddressError(f"{url!r}: the site address cannot contain spaces, '?' or '#'")
    return url if url.endswith("/") else url + "/"


def site_url(config_file: Path, environ: Mapping[str, str] | None = None) -> str:
    """The address a build of `config_file` uses now: SITE_URL if set, else the default."""
    environ = os.environ if environ is None else environ
    names, default = configured(config_file)
    if environ.get(VARIABLE, "").strip() and VARIABLE not in names:
        raise AddressError(
            f"{VARIABLE} is set but {config_file.name} does not read it:"
            f' write site_url: !ENV [{VARIABLE}, "<default address>"]'
        )
    for name in names:
        if environ.get(name, "").strip():
            return normalize(environ[name])
    if not default:
        raise AddressError(f"{config_file.name} sets no site_url; give one with {VARIABLE}=")
    return normalize(default)


def is_placeholder(url: str) -> bool:
    """True for an address on a name reserved for examples (or this machine)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return (
        host == "localhost"
        or any(host == name or host.endswith("." + name) for name in RESERVED_HOSTS)
        or host.endswith(RESERVED_SUFFIXES)
    )


def placeholder_warning(url: str) -> str:
    return (
        f"warning: {url} is a placeholder address: citations, canonical URLs, feeds and the"
        f" sitemap point there. Fine for a preview; to publish: {VARIABLE}=https://your.address/"
        " make release"
    )


def check_release(url: str) -> None:
    """AddressError (one line) unless `url` can be published."""
    if is_placeholder(url):
        raise AddressError(
            f"refusing to release with the placeholder address {url}; set the real one,"
            f" e.g. {VARIABLE}=https://owner.github.io/repository/ make release"
        )
