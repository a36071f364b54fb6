"""What every page tells the outside world: share previews, feed link, date and citation.

Every value is plain text; the theme templates escape it (MkDocs' Jinja does not).

`page_meta` gives the values the theme puts in <head> (Open Graph, Twitter card, the Atom
feed) and in the print footer; `share_cards` lists the share images the build draws.
Everything comes from the data and the labels, nothing from the clock.
"""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

from explainer.data.model import LANGUAGES
from explainer.outputs.feeds import feed_url
from explainer.outputs.share_images import (
    ACCENTS,
    CARD_HEIGHT,
    CARD_WIDTH,
    SITE_ACCENT,
    ShareCard,
)
from explainer.render.citations import citations, page_last_updated
from explainer.render.dates import format_partial_date, localize_digits
from explainer.render.pages import PageSpec, Renderer, absolute_url, page_url
from explainer.render.text import plain_text

OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}
DESCRIPTION_LENGTH = 200


def page_meta(
    renderer: Renderer,
    spec: PageSpec | None,
    path: str,
    language: str,
    fonts_dir: Path,
    title: str | None = None,
) -> dict[str, Any]:
    """Head and print values for one page; `title` is the hand-written page's own title."""
    data, site_url = renderer.data, renderer.site_url
    # A hand-written page's title is HTML text (MkDocs keeps its character references).
    page_title = renderer.page_title(spec, language) if spec else unescape(title or "")
    url = absolute_url(site_url, language, spec.url if spec else page_url(path))
    record = (spec.context.get("pillar") or spec.context.get("agency")) if spec else None
    updated = page_last_updated(spec.key if spec else "", record, data)
    card = page_card(renderer, spec, language)
    return {
        "page_title": page_title,
        "description": _shorten(page_description(renderer, spec, language)),
        "canonical": url,
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [
            OG_LOCALES.get(other, other) for other in LANGUAGES if other != language
        ],
        "share_image": {
            "url": absolute_url(site_url, LANGUAGES[0], card.url(fonts_dir)),
            "width": CARD_WIDTH,
            "height": CARD_HEIGHT,
            "alt": card.title,
        },
        "feed_url": feed_url(site_url, language),
        "updated": updated,
        "updated_text": format_partial_date(
            updated, language, data.site.numerals, data.site.arabic_months
        ),
        "citations": citations(page_title, url, updated, language, renderer.labels, data.site),
    }


def page_description(renderer: Renderer, spec: PageSpec | None, language: str) -> str:
    """A one-paragraph description: the record's own summary, else the page's intro label."""
    data = renderer.data
    if spec is None:
        return plain_text(getattr(data.site.description, language))
    kind, _, identifier = spec.key.partition(":")
    if kind in {"pillar", "compare"}:
        return plain_text(getattr(data.pillar(identifier).summary, language))
    if kind == "agency":
        return plain_text(getattr(data.agency(identifier).role, language))
    if kind == "home":
        return plain_text(getattr(data.strategy.summary, language))
    intro = renderer.labels.get(f"{kind}.intro")
    return intro[language] if intro else plain_text(getattr(data.site.description, language))


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.،؛:") + "…"


def page_card(renderer: Renderer, spec: PageSpec | None, language: str) -> ShareCard:
    """A pillar's pages (and their side-by-side view) get the pillar's card; others the site's."""
    kind, _, identifier = spec.key.partition(":") if spec else ("", "", "")
    if kind in {"pillar", "compare"}:
        return pillar_card(renderer, identifier, language)
    return site_card(renderer, language)


def pillar_card(renderer: Renderer, pillar_id: str, language: str) -> ShareCard:
    data = renderer.data
    pillar = data.pillar(pillar_id)
    number = renderer.labels["pillar.number"][language]
    return ShareCard(
        language=language,
        name=f"pillar-{pillar.id}",
        kicker=f"{number} {localize_digits(str(pillar.number), language, data.site.numerals)}",
        title=plain_text(getattr(pillar.title, language)),
        subtitle=plain_text(getattr(pillar.summary, language)),
        footer=getattr(data.site.name, language),
        accent=ACCENTS[pillar.color],
    )


def site_card(renderer: Renderer, language: str) -> ShareCard:
    site = renderer.data.site
    return ShareCard(
        language=language,
        name="site",
        kicker="",
        title=getattr(site.name, language),
        subtitle=plain_text(getattr(site.description, language)),
        footer=plain_text(getattr(renderer.data.strategy.short_title, language)),
        accent=SITE_ACCENT,
    )


def share_cards(renderer: Renderer) -> list[ShareCard]:
    """Every share image the site uses: one per pillar and language, and a site default."""
    cards = []
    for language in LANGUAGES:
        cards.append(site_card(renderer, language))
        cards += [pillar_card(renderer, pillar.id, language) for pillar in renderer.data.pillars]
    return cards
