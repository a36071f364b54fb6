"""Valid HTML: the Nu Html Checker (vnu-jar from package.json, run with Java) reports no
error on any built page, and no section without a heading. The theme's own errors are
fixed by overriding its templates in overrides/; each override must differ from the pinned
Material template only by the fix it documents."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import material
import pytest
from conftest import PROJECT_ROOT

VNU = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME = Path(material.__file__).parent / "templates"
GENERATED_HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

THEME_FIXES = {
    "base.html": [
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
    ],
    "partials/nav-item.html": [
        (
            'id="{{ path }}_label" tabindex="{{ tabindex }}">',
            'id="{{ path }}_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
        ),
        (
            '{% endif %}>\n                <span class="md-nav__icon md-icon"></span>',
            '{% endif %}>\n                <span class="ex-offscreen">{{ render_title(nav_item) }}'
            '</span>\n                <span class="md-nav__icon md-icon"></span>',
        ),
    ],
    "partials/toc.html": [
        (
            '<label class="md-nav__title" for="__toc">',
            '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>',
        )
    ],
}
"""Each overridden theme template: (Material's text, ours)."""


@pytest.mark.parametrize("name", list(THEME_FIXES))
def test_theme_overrides_differ_from_the_pinned_theme_only_by_their_fix(name):
    theirs = (THEME / name).read_text(encoding="utf-8").removeprefix(GENERATED_HEADER)
    ours = (PROJECT_ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert ours.startswith("{#- Material 9.8.2's ")
    ours = ours[ours.index("-#}\n") + len("-#}\n") :]
    for original, fixed in THEME_FIXES[name]:
        assert theirs.count(original) >= 1, f"{name}: Material changed; review the override"
        theirs = theirs.replace(original, fixed)
    assert ours == theirs


def run_vnu(pages: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "the HTML check needs Java 17 or later (apt-get install default-jre-headless)"
    assert VNU.is_file(), "the HTML check needs vnu-jar: run npm ci (make test does)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html(built_site):
    pages = built_site.html_files()
    assert len(pages) > 50
    messages = run_vnu(pages)  # one Java start for every page
    root = f"{built_site.root.as_uri()}/"
    found = [
        f"{message.get('url', '').removeprefix(root)}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in messages
        if message["type"] == "error" or message["message"].startswith("Section lacks heading")
    ]
    assert found == []


def test_the_checker_finds_errors(tmp_path):
    """The check itself can fail: the theme's three errors, as Material 9.8.2 writes them."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input type="checkbox" id="a" autocomplete="off">'
        '<label for="a" tabindex="">x</label><label for="__toc">y</label>'
        "<section><p>z</p></section></body></html>",
        encoding="utf-8",
    )
    messages = run_vnu([page])
    assert len([m for m in messages if m["type"] == "error"]) == 3
    assert any(m["message"].startswith("Section lacks heading") for m in messages)


def test_sitemap_override_differs_from_the_pinned_plugin_only_by_x_default():
    import mkdocs_static_i18n

    plugin = Path(mkdocs_static_i18n.__file__).parent / "custom_i18n_sitemap" / "sitemap.xml"
    ours = (PROJECT_ROOT / "overrides" / "sitemap.xml").read_text(encoding="utf-8")
    ours = ours[ours.index("-%}\n") + len("-%}\n") :]
    added = (
        "\n        {%- if i18n_locale == default_locale %}"
        '\n        <xhtml:link rel="alternate" hreflang="x-default" href="{{ i18n_href }}"/>'
        "\n        {%- endif %}"
    )
    assert added in ours
    assert ours.replace(added, "") == plugin.read_text(encoding="utf-8")
