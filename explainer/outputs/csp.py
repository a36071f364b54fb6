"""Content Security Policy for built pages: inline scripts allowed by hash, never 'unsafe-inline'.

Material inlines a few small scripts in every page (local storage helpers, the palette
switch); their text depends on the page's depth (`new URL("../..", location)`), so each page
gets its own policy with the sha256 of the exact text of each inline script it holds. The
policy goes into a `<meta http-equiv>` at the top of `<head>`, so it covers every script
after it and works on any static host. Directives that a `<meta>` cannot carry
(frame-ancestors, report-to) belong in the server's headers: see DEPLOY.md and
`HEADER_ONLY_DIRECTIVES`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # 'wasm-unsafe-eval' lets search compile its WebAssembly; it does not allow eval().
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    # Material sets style attributes from its scripts; styles cannot run code.
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
"""Everything comes from the site itself; only script hashes are added per page."""

HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'"
"""Ignored (with a console warning) in a <meta> policy; send it as an HTTP header."""

_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SOURCE = re.compile(r"\bsrc\s*=", re.I)
# Types the browser runs, so the policy governs them; other types (application/json,
# application/ld+json) are data blocks and never execute.
_EXECUTED_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "importmap",
    "speculationrules",
}
_META_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_EXISTING_POLICY = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"", re.I)
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_TEMPLATE_VALUE = r"[^\"'<>]*"
_META = Markup('<meta http-equiv="Content-Security-Policy" content="{}">')


def inline_scripts(html: str) -> list[str]:
    """The exact text of every inline script the browser would run, in page order."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group("attributes")
        if _SOURCE.search(attributes):
            continue
        script_type = _TYPE.search(attributes)
        if (script_type.group(1).lower() if script_type else "") in _EXECUTED_TYPES:
            scripts.append(match.group("body"))
    return scripts


def script_hash(text: str) -> str:
    """The CSP source expression for one inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy text: the base policy with the given hashes added to script-src."""
    directives = dict(BASE_POLICY)
    directives["script-src"] = (*BASE_POLICY["script-src"], *dict.fromkeys(script_hashes))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def policy_for_page(html: str) -> str:
    """The policy for one page: its own inline scripts, nothing else inline."""
    return policy(script_hash(script) for script in inline_scripts(html))


class UntrustedScript(ValueError):
    """A page holds an inline script that no template wrote: it came from somewhere else."""


def template_scripts(template_dirs: Iterable[Path]) -> list[re.Pattern]:
    """The inline scripts the theme's templates write, as patterns of their output.

    A template value ({{ ... }}) inside a script matches any text without quotes or angle
    brackets, which is what the theme puts there (a relative URL, a flag).
    """
    patterns = set()
    for directory in template_dirs:
        for template in sorted(Path(directory).rglob("*.html")):
            for script in inline_scripts(template.read_text(encoding="utf-8")):
                pieces = _TEMPLATE_CODE.split(script)
                patterns.add(_TEMPLATE_VALUE.join(re.escape(piece) for piece in pieces))
    return [re.compile(pattern, re.S) for pattern in sorted(patterns)]


def add_policy(html: str, trusted: list[re.Pattern] | None = None) -> str:
    """Insert the page's policy as the first thing after <meta charset> (or <head>).

    With `trusted` (see `template_scripts`), an inline script that matches none of them
    raises `UntrustedScript` instead of being allowed: hashing whatever a page holds would
    also allow a script smuggled in through the data. A page that already carries a policy,
    or has no <head>, is returned unchanged.
    """
    if _EXISTING_POLICY.search(html):
        return html
    for script in inline_scripts(html) if trusted is not None else ():
        if not any(pattern.fullmatch(script) for pattern in trusted):
            raise UntrustedScript(
                f"an inline script that no theme template wrote: {script[:120]!r}"
            )
    anchor = _META_CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    # Single quotes need no escaping inside a double-quoted attribute; keep the policy legible.
    meta = str(_META.format(policy_for_page(html))).replace("&#39;", "'")
    return html[: anchor.end()] + meta + html[anchor.end() :]
