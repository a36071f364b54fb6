"""The explainer's design, measured in Chromium on the built site at a phone (390x844) and
a desktop (1440x900) size, in both languages, light and dark: the home page is a front
page (answer, pillar board, status, latest dates; no sidebars), the chrome is readable and
in the page's language, Arabic is never slanted nor small, headings are never lighter than
the text, and the side-by-side page stacks on a phone. Every page type is photographed
into test-artifacts/screenshots/ for review.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import LANGUAGE_ROOTS, SCREENSHOTS, page_types

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
SCHEMES = ("light", "dark")
FIRST_SCREENS = 1.5


def all_page_types(site_data) -> dict[str, str]:
    """Every kind of page the site has, by name: path relative to a language root."""
    pillar = site_data.pillars[0].id
    return {
        **page_types(site_data),
        "strategy": "strategy/",
        "compare": f"pillars/{pillar}/compare/",
        "updates": "updates/",
        "data": "data/",
        "not-found": "no-such-page/",
    }


KINDS = ("home", "pillars", "pillar", "compare", "timeline", "agencies", "agency", "sources")
KINDS += ("glossary", "updates", "data", "strategy", "about", "search", "not-found")


def open_page(visit, path: str, size: str, scheme: str):
    opened = visit(path, SIZES[size], color_scheme=scheme)
    opened.page.evaluate("document.fonts.ready.then(() => true)")
    return opened


# What the page's own text looks like, per element with text of its own (not its children's).
OWN_TEXT_STYLES = """
() => {
  const out = [];
  for (const element of document.querySelectorAll('body *')) {
    const own = [...element.childNodes]
      .filter(node => node.nodeType === Node.TEXT_NODE)
      .map(node => node.textContent).join('').trim();
    if (!own) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    const clipped = style.clipPath === 'inset(50%)' || style.clip === 'rect(0px, 0px, 0px, 0px)';
    if (clipped || box.width <= 1) continue;
    const holder = element.closest('[lang]');
    out.push({
      tag: element.tagName.toLowerCase(),
      cls: element.className && element.className.baseVal === undefined ? element.className : '',
      lang: holder ? holder.getAttribute('lang') : '',
      arabic: /[\\u0620-\\u064a]/.test(own),
      text: own.slice(0, 40),
      size: parseFloat(style.fontSize),
      italic: style.fontStyle !== 'normal',
    });
  }
  return out;
}
"""

# Relative luminance and contrast (WCAG), for colours the browser computed. A heading is
# "not lighter" than the text when it is as heavy and contrasts at least 90% as much with
# its background, or 7:1 (Material's own headings were 300 or 400 weight at 4.6:1).
CONTRAST_JS = """
const parse = (c, under = [255, 255, 255]) => {
  const [r, g, b, a = 1] = c.match(/[\\d.]+/g).map(Number);
  return [r, g, b].map((v, i) => v * a + under[i] * (1 - a));
};
const lum = rgb => {
  const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const background = element => {
  for (let e = element; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return parse(c);
  }
  return [255, 255, 255];
};
"""


# -----------------------------------------------------------------------------
# Every page type: screenshots, type and language
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_type_reads_well(visit, site_data, kind, language, size, scheme):
    path = LANGUAGE_ROOTS[language] + all_page_types(site_data)[kind]
    opened = open_page(visit, path, size, scheme)
    page = opened.page
    assert page.locator("html").get_attribute("lang") == language
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{kind}-{language}-{size}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    texts = page.evaluate(OWN_TEXT_STYLES)
    arabic = [t for t in texts if t["arabic"] and t["lang"] == "ar"]
    if language == "ar":
        assert len(arabic) > 10
    # Arabic is never slanted (no synthetic italics) and never below 14 px.
    assert [t for t in arabic if t["italic"]] == [], path
    assert [(t["tag"], t["cls"], t["text"], t["size"]) for t in arabic if t["size"] < 14] == []
    # Nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    # (Chromium logs the 404 page's own status as an error: that one is expected.)
    expected = ["the server responded with a status of 404"] if kind == "not-found" else []
    errors = [e for e in opened.console_errors if not any(x in e for x in expected)]
    assert errors == [] and opened.page_errors == []


def test_arabic_emphasis_quotes_and_titles_are_upright_english_ones_keep_italics(visit):
    page = visit("", SIZES["desktop"]).page
    styles = page.evaluate(
        """() => {
          const box = document.createElement('div');
          box.className = 'md-typeset';
          box.innerHTML = '<p><em>نص</em> <i>نص</i> <cite>عنوان</cite> <q>قول</q></p>' +
            '<blockquote><p>اقتباس</p></blockquote><p lang="en"><em>word</em> <cite>Title</cite></p>';
          document.querySelector('article').append(box);
          return [...box.querySelectorAll('em, i, cite, q, blockquote p')].map(e =>
            [e.closest('[lang]').getAttribute('lang'), e.tagName, getComputedStyle(e).fontStyle]);
        }"""
    )
    arabic = [s for s in styles if s[0] == "ar"]
    english = [s for s in styles if s[0] == "en"]
    assert len(arabic) == 5 and {s[2] for s in arabic} == {"normal"}, styles
    assert {s[2] for s in english} == {"italic"}, styles


@pytest.mark.parametrize("size", list(SIZES))
def test_english_headings_and_event_titles_are_not_lighter_than_the_text(visit, site_data, size):
    for kind in ("home", "pillar", "timeline", "agency", "about"):
        path = "en/" + all_page_types(site_data)[kind]
        page = open_page(visit, path, size, "light").page
        found = page.evaluate(
            "() => {"
            + CONTRAST_JS
            + """
              const body = document.querySelector('article p');
              const bodyStyle = getComputedStyle(body);
              const page = background(document.body);
              const bodyContrast = contrast(parse(bodyStyle.color, page), page);
              const bodyWeight = Number(bodyStyle.fontWeight);
              return [...document.querySelectorAll(
                'article :is(h1, h2, h3, h4), article .ex-event__title')].map(h => {
                const s = getComputedStyle(h);
                return [h.textContent.trim().slice(0, 30), Number(s.fontWeight) >= bodyWeight,
                        contrast(parse(s.color, background(h)), background(h))
                          >= Math.min(7, 0.9 * bodyContrast)];
              });
            }"""
        )
        assert found, path
        assert [f for f in found if not (f[1] and f[2])] == [], path


# -----------------------------------------------------------------------------
# The home page
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_home_is_an_explainer_front_page(visit, site_data, language, size, scheme):
    page = open_page(visit, LANGUAGE_ROOTS[language], size, scheme).page
    height = SIZES[size]["height"]
    # No documentation sidebars: neither the navigation nor the table of contents shows.
    # (On a phone the navigation stays in the drawer, off the screen until opened.)
    for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
        assert page.locator(sidebar).get_attribute("hidden") is not None
        box = page.locator(sidebar).bounding_box()
        on_screen = (
            box and box["width"] and box["x"] < SIZES[size]["width"] and box["x"] + box["width"] > 0
        )
        assert not (page.locator(sidebar).is_visible() and on_screen), sidebar
    article = page.locator("article").bounding_box()
    assert article["width"] > SIZES[size]["width"] * (0.9 if size == "phone" else 0.75)

    def top(selector: str) -> float:
        return page.locator(selector).first.bounding_box()["y"]

    # In this order: title, one-sentence answer, pillar board, status, latest dates, details.
    order = ["h1", ".ex-hero__answer", "ol.ex-board", "aside.ex-status", "ol.ex-strip"]
    order += ["#strategy-details", "dl.ex-facts"]
    tops = [top(selector) for selector in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    answer = page.locator(".ex-hero__answer").inner_text()
    assert answer.count(".") <= 2  # one sentence (and perhaps a full stop in a name)

    titles = page.locator("ol.ex-board .ex-board__title")
    boxes = [titles.nth(i).bounding_box() for i in range(titles.count())]
    assert len(boxes) == len(site_data.pillars)
    for i, pillar in enumerate(site_data.pillars):
        assert titles.nth(i).is_visible()
        assert getattr(pillar.short_title, language) in titles.nth(i).inner_text()
    cards = page.locator("ol.ex-board > li")
    card_boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    now_lines = page.locator("ol.ex-board .ex-board__now")
    assert now_lines.count() == sum(1 for p in site_data.pillars if p.now)
    if size == "phone":
        # Stacked, and every pillar's name within the first one and a half screens.
        assert len({round(b["x"]) for b in card_boxes}) == 1
        assert max(b["y"] + b["height"] for b in boxes) <= FIRST_SCREENS * height, boxes
    else:
        # Two by two for four pillars, the first in the reading corner.
        assert len(card_boxes) == 4
        rows = [round(b["y"]) for b in card_boxes]
        assert rows[0] == rows[1] < rows[2] == rows[3], rows
        columns = [round(b["x"]) for b in card_boxes]
        assert columns[0] == columns[2] and columns[1] == columns[3]
        assert (columns[0] > columns[1]) == (language == "ar"), columns
        assert card_boxes[0]["width"] > 400
    # The latest dates link to their events on the timeline.
    strip = page.locator("ol.ex-strip a")
    assert strip.count() >= 3
    assert "timeline/#" in strip.first.get_attribute("href")


@pytest.mark.parametrize("count, columns", [(1, 1), (2, 2), (3, 3), (4, 2), (5, 3), (6, 3)])
def test_the_pillar_board_fits_any_number_of_pillars(visit, count, columns):
    """Another strategy may have 3 or 6 pillars: the board's layout comes from data-count
    (tests/test_scenarios.py checks a built fifth pillar sets it)."""
    page = visit("en/", SIZES["desktop"]).page
    page.evaluate(
        """count => {
          const board = document.querySelector('ol.ex-board');
          const first = board.querySelector('li');
          board.replaceChildren(...Array.from({length: count}, () => first.cloneNode(true)));
          board.dataset.count = String(count);
        }""",
        count,
    )
    xs = page.eval_on_selector_all(
        "ol.ex-board > li", "items => items.map(i => Math.round(i.getBoundingClientRect().x))"
    )
    assert len(set(xs)) == columns, xs


# -----------------------------------------------------------------------------
# Chrome
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_header_logo_shows_and_the_language_switch_is_readable_and_aligned(
    visit, language, size, scheme
):
    page = open_page(visit, LANGUAGE_ROOTS[language], size, scheme).page
    switch = page.locator(".ex-lang-switch__link")
    assert float(switch.evaluate("a => getComputedStyle(a).fontSize").removesuffix("px")) >= 14
    text_box = switch.evaluate(
        "a => { const r = document.createRange(); r.selectNodeContents(a);"
        " const b = r.getBoundingClientRect(); return [b.top, b.bottom]; }"
    )
    search = page.locator(".ex-search-link").bounding_box()
    assert abs((text_box[0] + text_box[1]) / 2 - (search["y"] + search["height"] / 2)) <= 3
    # The logo's own colours against the header's: at least 3:1 (WCAG 1.4.11).
    # Material shows the logo in the header on wide screens, at the top of the drawer on
    # phones; both sit on the primary colour.
    if size == "desktop":
        logo = page.locator(".md-header .md-logo img")
        assert logo.is_visible()
    else:
        logo = page.locator(".md-nav--primary > .md-nav__title .md-logo img")
        assert logo.count() == 1
    ratio = logo.evaluate(
        "img => {"
        + CONTRAST_JS
        + """
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 48;
          const context = canvas.getContext('2d');
          context.drawImage(img, 0, 0, 48, 48);
          const data = context.getImageData(0, 0, 48, 48).data;
          const header = background(img);
          let best = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] < 250) continue;
            best = Math.max(best, contrast([data[i], data[i + 1], data[i + 2]], header));
          }
          return best;
        }"""
    )
    assert ratio >= 3, ratio


# -----------------------------------------------------------------------------
# The side-by-side page
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_side_by_side_page_stacks_each_pair_on_a_phone_and_shows_no_ids(visit, site_data, language):
    pillar = site_data.pillars[0]
    page = open_page(
        visit, LANGUAGE_ROOTS[language] + all_page_types(site_data)["compare"], "phone", "light"
    ).page
    claim = pillar.sections[0].claims[0].id
    cells = page.locator(f"tr#{claim} td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # one above the other
    assert min(first["width"], second["width"]) > 0.7 * 390
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shown = page.locator("article").inner_text()
    ids = [c.id for s in pillar.sections for c in s.claims] + [s.id for s in pillar.sections]
    assert [i for i in ids if i in shown] == []
    # Each cell says which language it is in.
    labels = [
        cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content") for i in (0, 1)
    ]
    assert all(label not in ("none", '""') for label in labels), labels
