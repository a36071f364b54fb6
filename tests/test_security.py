"""Hostile text in the data never becomes executable markup.

Every payload of an XSS corpus goes into every text field of the fixture data in turn. The
model either rejects it (with file, line and field) or the page renders it inert: the pages
are rendered by the pure Renderer and converted with the site's own Markdown extensions, then
parsed. One full build with a payload in every text field at once proves the whole build path.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURE_DATA, PROJECT_ROOT, build, copy_project
from mkdocs.utils.yaml import yaml_load

from explainer.data.dataset import load_site_data
from explainer.data.loader import DataError, format_location, read_yaml
from explainer.data.model import FILE_MODELS, LANGUAGES
from explainer.render.pages import Renderer
from explainer.render.text import load_labels

MARKER = "xss"
"""In every payload, so that anything it smuggles in can be traced back to the data."""

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=https://example.org/xss.js></SCRIPT>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')><circle r=1 /></svg>",
    "<svg><script>alert('xss')</script></svg>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('xss')</script>\"></iframe>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<a href=\"javascript:alert('xss')\">xss</a>",
    "<a href=\"jav&#x09;ascript:alert('xss')\">xss</a>",
    "<style>body{background:url(\"javascript:alert('xss')\")}</style>",
    "<div style=\"width:expression(alert('xss'))\">xss</div>",
    "<base href=\"javascript:alert('xss')//\">",
    "<form action=\"javascript:alert('xss')\"><button formaction=\"javascript:alert('xss')\">x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<!--<img src=\"--><img src=x onerror=alert('xss')//\">",
    "\"><script>alert('xss')</script>",
    "' onmouseover='alert(1)' data-xss='",
    '" onfocus="alert(1)" autofocus data-xss="',
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "&#60;script&#62;alert('xss')&#60;/script&#62;",
    "`<script>alert('xss')</script>`",
    "*xss*{: onclick=\"alert('xss')\" }",
    "xss {: onclick=alert('xss') }",
    "xss\n\n## heading {: onclick=alert('xss') }\n\n<script>alert('xss')</script>",
    "xss\n{: onmouseover=alert('xss') }",
    "[xss](javascript:alert('xss'))",
    "[xss](JaVaScRiPt:alert('xss'))",
    "[xss]( javascript:alert('xss'))",
    "[xss](<javascript:alert('xss')>)",
    "[xss](jav&#x09;ascript:alert('xss'))",
    "[xss](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[xss](vbscript:msgbox("xss"))',
    '[xss](https://example.org/"onclick="alert(1))',
    "[xss][ref]\n\n[ref]: javascript:alert('xss')",
    "<javascript:alert('xss')>",
    '<https://example.org/xss" onmouseover="alert(1)>',
    "![xss](https://example.org/xss.png)",
    "![xss](javascript:alert('xss'))",
    "![xss](x\" onerror=\"alert('xss'))",
    "{{ config }} {% raw %}xss{% endraw %} ${alert('xss')}",
    "]]><script>alert('xss')</script><![CDATA[",
]

URL_PAYLOADS = [
    "javascript:alert('xss')",
    "data:text/html,<script>alert('xss')</script>",
    "vbscript:msgbox('xss')",
    "https://example.org/\"><script>alert('xss')</script>",
    "https://example.org/xss'onmouseover='alert(1)",
    "https://example.org/<svg/onload=alert('xss')>",
]

REJECTED_LINK_SCHEMES = ("javascript", "data", "vbscript")
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "base", "form"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")
NOT_TEXT = re.compile(r"^(?:[a-z0-9]+(?:[-/][a-z0-9]+)*|\d{4}(?:-\d\d){0,2}|\d+\.\d+)$")
"""Ids, icons, enum values, dates, versions: not free text (a payload there is simply invalid)."""

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")


def raw_data() -> dict[str, object]:
    return {name: read_yaml(FIXTURE_DATA / name, f"data/{name}")[0].value for name in FILE_MODELS}


def text_fields(raw: dict[str, object]) -> list[tuple[str, tuple, str]]:
    """(file, location, value) for every free-text string leaf of the data."""
    found = []

    def walk(file_name: str, value: object, location: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(file_name, item, (*location, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(file_name, item, (*location, index))
        elif isinstance(value, str) and not NOT_TEXT.match(value):
            found.append((file_name, location, value))

    for file_name, value in raw.items():
        walk(file_name, value, ())
    return found


def with_payload(original: str, payload: str, url_payload: str) -> str:
    """The field's text with the payload added; a web address is replaced by one."""
    if original.startswith("http"):
        return url_payload
    # Keeping the original text keeps the field's other rules satisfied (Arabic letters in
    # Arabic text, two to four sentences in a role), so only the payload is on trial.
    return f"{original} {payload}"


def write_data(raw: dict[str, object], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in raw.items():
        text = yaml.dump(
            value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000
        )
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def set_in_place(raw: dict[str, object], file_name: str, location: tuple, value: str) -> None:
    node = raw[file_name]
    for part in location[:-1]:
        node = node[part]
    node[location[-1]] = value


@functools.cache
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    with open(PROJECT_ROOT / "mkdocs.yml", encoding="utf-8") as config_file:
        config = yaml_load(config_file)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def executable_markup(html: str, page: str) -> list[str]:
    """Everything in a page that could run code or load from elsewhere because of the data."""
    found = []
    soup = BeautifulSoup(html, "lxml")
    for node in soup.find_all(True):
        for attribute, value in node.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attribute.lower().startswith("on"):
                found.append(f"{page}: <{node.name} {attribute}=...>")
            if attribute.lower() in URL_ATTRIBUTES:
                # Browsers drop ASCII tabs, newlines and leading spaces in URLs.
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                if compact.startswith(tuple(f"{s}:" for s in REJECTED_LINK_SCHEMES)):
                    found.append(f"{page}: <{node.name} {attribute}={value!r}>")
            if attribute.lower() == "style" and MARKER in value.lower():
                found.append(f"{page}: <{node.name} style={value!r}>")
        if node.name in DANGEROUS_TAGS and MARKER in str(node).lower():
            found.append(f"{page}: <{node.name}> from the data: {str(node)[:80]!r}")
        source = node.get("src") or ""
        if node.name in ("img", "iframe", "object", "embed", "script") and MARKER in source.lower():
            found.append(f"{page}: <{node.name} src={source!r}>")
    return found


@functools.cache
def compiled_templates():
    """One compiled template environment for every render (compiling is most of the cost)."""
    return Renderer(
        load_site_data(FIXTURE_DATA), LABELS, PROJECT_ROOT / "overrides" / "fragments"
    ).env


def render_site(data) -> dict[str, str]:
    renderer = Renderer(data, LABELS, PROJECT_ROOT / "overrides" / "fragments")
    renderer.env = compiled_templates()
    converter = site_markdown()
    pages = {}
    for language in LANGUAGES:
        for path, source in renderer.render_all(language).items():
            pages[f"{language}/{path}"] = converter.reset().convert(source)
    return pages


@pytest.fixture(scope="module")
def corpus_results(tmp_path_factory):
    """Each payload in every text field: which fields reject it (and how), which accept it.

    The model judges each field on its own and reports every problem of a load at once, so
    one load per payload, with the payload in every field, gives every field's verdict.
    """
    raw = raw_data()
    fields = text_fields(raw)
    folder = tmp_path_factory.mktemp("corpus")
    accepted: dict[int, list[tuple[str, tuple, str]]] = {}
    rejected = []
    for number, payload in enumerate(PAYLOADS):
        url_payload = URL_PAYLOADS[number % len(URL_PAYLOADS)]
        changed = copy.deepcopy(raw)
        values = [with_payload(original, payload, url_payload) for _, _, original in fields]
        for (file_name, location, _), value in zip(fields, values, strict=True):
            set_in_place(changed, file_name, location, value)
        try:
            load_site_data(write_data(changed, folder / f"payload-{number}" / "data"))
            problems = []
        except DataError as error:
            problems = error.problems
        for (file_name, location, _), value in zip(fields, values, strict=True):
            field = format_location(location)
            own = [
                problem
                for problem in problems
                if problem.file == f"data/{file_name}" and concerns(problem.path, field)
            ]
            if own:
                rejected.append((file_name, location, value, own))
            else:
                accepted.setdefault(number, []).append((file_name, location, value))
    return raw, fields, accepted, rejected


def concerns(problem_path: str, field: str) -> bool:
    """Whether a problem rejects the field's value.

    Rules on a translated pair (both texts, titles) reject the pair, so a problem at
    'x.title' or 'x.title.en' concerns 'x.title.ar' too.
    """
    pair = re.sub(rf"\.(?:{'|'.join(LANGUAGES)})$", "", problem_path)
    return problem_path == field or field.startswith(pair + ".")


def test_the_corpus_reaches_every_text_field(corpus_results):
    _, fields, accepted, rejected = corpus_results
    assert len(fields) > 60
    assert len(PAYLOADS) >= 40
    assert len(rejected) + sum(map(len, accepted.values())) == len(fields) * len(PAYLOADS)
    reached = {(f, loc) for items in accepted.values() for f, loc, _ in items}
    reached |= {(f, loc) for f, loc, _, _ in rejected}
    assert reached == {(f, loc) for f, loc, _ in fields}


def test_rejected_payloads_name_file_line_and_field(corpus_results):
    _, _, _, rejected = corpus_results
    assert rejected
    for _, _, value, problems in rejected:
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1, (value, str(problem))
            assert problem.message, (value, str(problem))


def test_dangerous_link_schemes_are_always_rejected_with_the_scheme_named(corpus_results):
    _, _, accepted, rejected = corpus_results
    for number, payload in enumerate(PAYLOADS):
        if not re.search(r"\]\(\s*<?(javascript|data|vbscript):|\]: javascript:", payload, re.I):
            continue
        # Translated texts are Markdown; other text fields are shown as plain text.
        markdown_fields = [item for item in accepted.get(number, []) if item[1][-1] in LANGUAGES]
        assert markdown_fields == [], payload
    link_rejections = [
        str(problem)
        for *_, problems in rejected
        for problem in problems
        if "only https, http and mailto" in problem.message
    ]
    for scheme in REJECTED_LINK_SCHEMES:
        assert any(f"scheme '{scheme}:'" in message for message in link_rejections), scheme


def test_accepted_payloads_render_inert_in_every_field(corpus_results, tmp_path):
    """For each payload, every field that accepted it at once; every generated page, both languages."""
    raw, _, accepted, _ = corpus_results
    assert len(accepted) >= 20  # most payloads are text an editor may legitimately write
    problems = []
    for number, items in accepted.items():
        changed = copy.deepcopy(raw)
        for file_name, location, value in items:
            set_in_place(changed, file_name, location, value)
        data = load_site_data(write_data(changed, tmp_path / f"payload-{number}" / "data"))
        pages = render_site(data)
        assert any(MARKER in html for html in pages.values()), PAYLOADS[number]
        for page, html in pages.items():
            problems += executable_markup(html, f"payload {number}: {page}")
    assert problems == []


def test_full_build_with_a_payload_in_every_text_field(corpus_results, tmp_path, built_site):
    """The real build (hooks, theme, glossary links, CSP) with hostile text everywhere at once."""
    raw, _, accepted, _ = corpus_results
    options: dict[tuple[str, tuple], list[str]] = {}
    for _, items in sorted(accepted.items()):
        for file_name, location, value in items:
            options.setdefault((file_name, location), []).append(value)
    changed = copy.deepcopy(raw)
    # A different payload in each field, going round the corpus.
    for index, ((file_name, location), values) in enumerate(sorted(options.items(), key=str)):
        set_in_place(changed, file_name, location, values[index % len(values)])
    project = copy_project(tmp_path / "project", write_data(changed, tmp_path / "data"))
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    known_scripts = {
        re.sub(r'new URL\("[^"]*"', "", script.string or "")
        for path in built_site.html_files()
        for script in BeautifulSoup(path.read_text("utf-8"), "lxml").find_all("script")
    }
    problems = []
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = path.relative_to(site).as_posix()
        problems += executable_markup(html, page)
        for script in BeautifulSoup(html, "lxml").find_all("script"):
            text = re.sub(r'new URL\("[^"]*"', "", script.string or "")
            if script.get("type") == "application/json":
                continue  # Material's configuration: data, not code
            if text not in known_scripts or MARKER in text.lower():
                problems.append(f"{page}: unknown script {text[:80]!r}")
    assert len(pages) > 10
    assert MARKER in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert problems == []
