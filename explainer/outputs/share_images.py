"""Share images ("cards") for link previews: 1200x630 PNGs drawn with Pillow.

Arabic must come out joined and right to left. Pillow only does that with its raqm layout
(libraqm with FriBiDi and HarfBuzz); without raqm it draws isolated letters in reverse order,
so the build stops instead (`require_raqm`).

The committed fonts are per-script subsets: Noto Naskh Arabic has no Latin letters, ASCII
digits or ASCII punctuation, Noto Sans has no Arabic. A line is therefore cut into runs of
one direction (a small, word-level form of the Unicode bidi algorithm: strong letters decide,
digits after Latin text are Latin, neutrals between two runs of the same direction join them),
and each run into pieces of one font; raqm shapes each piece.

Images are cached by a digest of everything that affects their pixels (texts, colours, fonts
and this module's code) in a folder outside site/, so a build only draws the cards whose text
changed, and the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, features

from explainer.support.cache import copy_from_cache, mark_used, write_atomically

CARD_WIDTH = 1200
CARD_HEIGHT = 630
SHARE_DIR = "assets/images/share"

ARABIC_FONTS = {"regular": "NotoNaskhArabic-Regular.ttf", "bold": "NotoNaskhArabic-Bold.ttf"}
LATIN_FONTS = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}

# Dark shades of the pillar colour names the data allows (explainer.data.model.Pillar.color):
# white-on-colour and colour-on-white both pass WCAG AA.
ACCENTS = {
    "blue": "#1565c0",
    "teal": "#00695c",
    "amber": "#8d5300",
    "purple": "#6a1b9a",
    "red": "#c62828",
    "green": "#2e7d32",
    "indigo": "#283593",
    "orange": "#bf360c",
    "pink": "#ad1457",
    "brown": "#5d4037",
}
SITE_ACCENT = "#1f4e5f"
BACKGROUND = "#fbfaf7"
INK = "#1b1b1f"
MUTED = "#4a4a55"
MARGIN = 80


class ShareImageError(RuntimeError):
    """The share images cannot be drawn correctly on this machine."""


def require_raqm() -> None:
    """Stop unless Pillow can shape Arabic (raqm with FriBiDi)."""
    if not features.check("raqm"):
        raise ShareImageError(
            "Pillow cannot lay out Arabic here: its raqm layout is unavailable (libraqm or "
            "libfribidi is missing), so share images would show disconnected, reversed letters. "
            "Install the system libraries (Debian: apt-get install libraqm0 libfribidi0) and "
            'build again; check with: python -c "from PIL import features; '
            "print(features.check('raqm'))\""
        )


@dataclass(frozen=True)
class ShareCard:
    """The texts of one share image; `name` becomes part of its file name."""

    language: str
    name: str
    kicker: str
    title: str
    subtitle: str
    footer: str
    accent: str

    def digest(self, fonts_dir: Path) -> str:
        """Changes whenever anything that affects the image's pixels changes."""
        payload = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        hasher = hashlib.sha256(payload.encode("utf-8"))
        hasher.update(_code_digest().encode("ascii"))
        for file_name in (*ARABIC_FONTS.values(), *LATIN_FONTS.values()):
            hasher.update(_file_digest(fonts_dir / file_name).encode("ascii"))
        return hasher.hexdigest()

    def url(self, fonts_dir: Path) -> str:
        """Path of the image relative to the site root; new text, new address."""
        return f"{SHARE_DIR}/{self.language}/{self.name}.{self.digest(fonts_dir)[:12]}.png"


@lru_cache(maxsize=16)
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _code_digest() -> str:
    return _file_digest(Path(__file__))


def write_share_images(
    site_dir: Path, cards: list[ShareCard], fonts_dir: Path, cache_dir: Path
) -> dict[str, int]:
    """Put every card's PNG into site_dir, drawing only those not in the cache."""
    require_raqm()
    counts = {"drawn": 0, "reused": 0}
    for card in cards:
        cached, drawn = _cached_card(card, fonts_dir, cache_dir)
        counts["drawn" if drawn else "reused"] += 1
        target = site_dir / card.url(fonts_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_from_cache(cached, target)
    return counts


def draw_missing(cards: list[ShareCard], fonts_dir: Path, cache_dir: Path) -> int:
    """Draw into the cache every card that is not there yet; how many were drawn."""
    require_raqm()
    return sum(_cached_card(card, fonts_dir, cache_dir)[1] for card in cards)


def start_drawing(
    helper: ProcessPoolExecutor, cards: list[ShareCard], fonts_dir: Path, cache_dir: Path
) -> Future[int]:
    """`draw_missing` in the build's helper process (explainer.support.helper), so that the cards
    are drawn on a second core while the pages render; `write_share_images` then finds
    them in the cache. The same code draws the same bytes."""
    return helper.submit(draw_missing, cards, fonts_dir, cache_dir)


def _cached_card(card: ShareCard, fonts_dir: Path, cache_dir: Path) -> tuple[Path, bool]:
    """The card's file in the cache, drawn first if missing; whether it was drawn."""
    cached = cache_dir / f"{card.digest(fonts_dir)}.png"
    if cached.is_file():
        mark_used(cached)
        return cached, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(cached, render_card(card, fonts_dir))
    return cached, True


# -----------------------------------------------------------------------------
# Drawing
# -----------------------------------------------------------------------------


def render_card(card: ShareCard, fonts_dir: Path) -> bytes:
    """The PNG bytes of one card."""
    fonts = FontSet(fonts_dir)
    rtl = _is_rtl(card.language)
    canvas = PaletteCanvas(BACKGROUND, (card.accent, INK, MUTED))
    canvas.ink(card.accent).rectangle((0, 0, CARD_WIDTH, 16), fill=FULL_COVERAGE)
    width = CARD_WIDTH - 2 * MARGIN
    # Naskh needs more leading than Latin for its ascenders and descenders.
    leading = 1.55 if rtl else 1.25

    y = 118
    if card.kicker:
        y = fonts.draw_line(canvas.ink(card.accent), card.kicker, y, 36, "bold", rtl)
        y += 30
    title_size, title_lines = _fit(fonts, card.title, width, rtl, (72, 64, 56, 48), 3)
    for line in title_lines:
        y += round(title_size * leading) if line is not title_lines[0] else title_size
        fonts.draw_line(canvas.ink(INK), line, y, title_size, "bold", rtl)
    footer_top = CARD_HEIGHT - 118
    if card.subtitle:
        y += 34
        subtitle_size = 30
        lines = fonts.wrap(card.subtitle, width, subtitle_size, "regular", rtl)
        room = max(0, (footer_top - 20 - y) // round(subtitle_size * leading))
        for line in _truncate(lines, room, rtl):
            y += round(subtitle_size * leading)
            fonts.draw_line(canvas.ink(MUTED), line, y, subtitle_size, "regular", rtl)
    canvas.ink(card.accent).line(
        (MARGIN, footer_top, CARD_WIDTH - MARGIN, footer_top), fill=FULL_COVERAGE, width=3
    )
    fonts.draw_line(canvas.ink(MUTED), card.footer, CARD_HEIGHT - 62, 28, "regular", rtl)
    return canvas.png()


FULL_COVERAGE = 255
PNG_COMPRESS_LEVEL = 3
SHADES_PER_INK = 21
"""Antialiasing steps kept for each ink: three inks and the background make 64 colours."""


class PaletteCanvas:
    """A card drawn as a palette image without the cost of choosing a palette.

    A card is a few inks on one background. Each ink is drawn into a greyscale layer of its
    own, where a pixel's value is how much of it the ink covers (the antialiasing). The
    palette is then known in advance: the background and, for each ink, its blends with
    the background in SHADES_PER_INK steps. Mapping coverage to palette indices is a lookup
    table in C, several times faster than quantizing a full-colour image (which took a
    third of a card's time), and the file is as small as the quantized one.
    """

    def __init__(self, background: str, inks: tuple[str, ...]) -> None:
        self.background = ImageColor.getrgb(background)
        self.layers: dict[str, Image.Image] = {}
        for ink in inks:
            self.layers.setdefault(ink, Image.new("L", (CARD_WIDTH, CARD_HEIGHT), 0))

    def ink(self, ink: str) -> ImageDraw.ImageDraw:
        """Where to draw in this ink, with fill=FULL_COVERAGE."""
        return ImageDraw.Draw(self.layers[ink])

    def png(self) -> bytes:
        indices = Image.new("L", (CARD_WIDTH, CARD_HEIGHT), 0)
        for number, layer in enumerate(self.layers.values()):
            # Only where the ink is: elsewhere its coverage is 0, which maps to index 0 and
            # leaves the indices as they are.
            box = layer.getbbox()
            if box is None:
                continue
            shades = layer.crop(box).point(_coverage_to_index(number))
            # Where two inks touch, the later one's larger indices win, as paint would.
            indices.paste(ImageChops.lighter(indices.crop(box), shades), box)
        indices.putpalette(_palette(self.background, tuple(self.layers)))
        buffer = io.BytesIO()
        # zlib level 3 instead of Pillow's 6: a card is drawn 30% faster and is 25% larger
        # (23 KiB), which only link-preview crawlers ever download.
        indices.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return buffer.getvalue()


@lru_cache
def _coverage_to_index(number: int) -> list[int]:
    """Palette index of each coverage value of the `number`th ink: the nearest of its
    shades, at least the faintest (any coverage shows some ink); no coverage is 0."""
    first = 1 + number * SHADES_PER_INK
    return [0] + [
        first + max(0, (value * SHADES_PER_INK + FULL_COVERAGE // 2) // FULL_COVERAGE - 1)
        for value in range(1, 256)
    ]


@lru_cache
def _palette(background: tuple[int, ...], inks: tuple[str, ...]) -> list[int]:
    """The background, then each ink's blends with it in SHADES_PER_INK steps."""
    palette = list(background)
    for ink in inks:
        rgb = ImageColor.getrgb(ink)
        for step in range(1, SHADES_PER_INK + 1):
            palette += [
                round(back + (front - back) * step / SHADES_PER_INK)
                for back, front in zip(background, rgb, strict=True)
            ]
    return palette


def _is_rtl(language: str) -> bool:
    return language in {"ar", "fa", "he", "ur"}


def _fit(
    fonts: FontSet, text: str, width: int, rtl: bool, sizes: tuple[int, ...], max_lines: int
) -> tuple[int, list[str]]:
    """The largest size at which the text fits in max_lines (truncated at the smallest)."""
    for size in sizes:
        lines = fonts.wrap(text, width, size, "bold", rtl)
        if len(lines) <= max_lines:
            return size, lines
    return sizes[-1], _truncate(lines, max_lines, rtl)


def _truncate(lines: list[str], count: int, rtl: bool) -> list[str]:
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    if kept:
        words = kept[-1].split(" ")
        kept[-1] = " ".join(words[:-1] or words) + "…"
    return kept


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font and one direction."""

    text: str
    script: str  # "arabic" or "latin": which font draws it
    direction: str  # "rtl" or "ltr"


class FontSet:
    """The committed fonts at any size, with raqm layout, and runs drawn in visual order."""

    def __init__(self, fonts_dir: Path):
        self.fonts_dir = fonts_dir
        self.arabic_coverage = _coverage(fonts_dir / ARABIC_FONTS["regular"])
        self._widths: dict[tuple[Run, int, str], float] = {}
        # A title is wrapped at several sizes, each time through the same first candidate
        # lines, and each line is drawn after it is measured: its runs are worked out once.
        self._runs: dict[tuple[str, bool], list[Run]] = {}
        self._scripts: dict[str, str | None] = {}

    def font(self, script: str, weight: str, size: int) -> ImageFont.FreeTypeFont:
        files = ARABIC_FONTS if script == "arabic" else LATIN_FONTS
        return _load_font(self.fonts_dir / files[weight], size)

    def runs(self, text: str, rtl: bool) -> list[Run]:
        """The line's runs in visual order, left to right."""
        key = (text, rtl)
        if key not in self._runs:
            self._runs[key] = self._visual_runs(text, rtl)
        return self._runs[key]

    def _visual_runs(self, text: str, rtl: bool) -> list[Run]:
        groups: list[list[Run]] = []
        for group_text, direction in _direction_groups(text, rtl):
            pieces = self._font_pieces(group_text, direction)
            # Inside a right-to-left group the pieces run right to left.
            groups.append(pieces[::-1] if direction == "rtl" else pieces)
        if rtl:
            groups.reverse()
        return [run for pieces in groups for run in pieces]

    def _font_pieces(self, text: str, direction: str) -> list[Run]:
        default = "arabic" if direction == "rtl" else "latin"
        known = self._scripts
        scripts = [known[c] if c in known else self._script(c) for c in text]
        # Both fonts have spaces: a space joins the piece before it, or the first piece.
        before: str | None = None
        for index, script in enumerate(scripts):
            if script is None:
                scripts[index] = before
            else:
                before = script
        first = next((script for script in scripts if script), default)
        filled = [script or first for script in scripts]
        return [
            Run("".join(character for character, _ in piece), script, direction)
            for script, piece in groupby(zip(text, filled, strict=True), key=itemgetter(1))
        ]

    def _script(self, character: str) -> str | None:
        """Which font draws the character (None for a space, which both fonts have)."""
        if character.isspace():
            script = None
        elif character in self.arabic_coverage and (
            unicodedata.bidirectional(character) in {"R", "AL", "AN", "NSM"}
            or not character.isascii()
        ):
            script = "arabic"
        else:
            script = "latin"
        self._scripts[character] = script
        return script

    def width(self, text: str, size: int, weight: str, rtl: bool) -> float:
        return sum(self._run_width(run, size, weight) for run in self.runs(text, rtl))

    def _run_width(self, run: Run, size: int, weight: str) -> float:
        key = (run, size, weight)
        if key not in self._widths:  # a line is measured while wrapping, then drawn
            font = self.font(run.script, weight, size)
            self._widths[key] = font.getlength(
                run.text, direction=run.direction, language=_language(run)
            )
        return self._widths[key]

    def wrap(self, text: str, width: int, size: int, weight: str, rtl: bool) -> list[str]:
        """Greedy line breaking at spaces, in logical order."""
        lines: list[str] = []
        for word in text.split():
            candidate = f"{lines[-1]} {word}" if lines else word
            if lines and self.width(candidate, size, weight, rtl) <= width:
                lines[-1] = candidate
            else:
                lines.append(word)
        return lines

    def draw_line(
        self,
        draw: ImageDraw.ImageDraw,
        text: str,
        baseline: int,
        size: int,
        weight: str,
        rtl: bool,
    ) -> int:
        """Draw one line aligned to the reading start (right for RTL); returns the baseline."""
        runs = self.runs(text, rtl)
        total = sum(self._run_width(run, size, weight) for run in runs)
        x = CARD_WIDTH - MARGIN - total if rtl else MARGIN
        for run in runs:
            font = self.font(run.script, weight, size)
            draw.text(
                (x, baseline),
                run.text,
                font=font,
                fill=FULL_COVERAGE,
                anchor="ls",
                direction=run.direction,
                language=_language(run),
            )
            x += self._run_width(run, size, weight)
        return baseline


def _language(run: Run) -> str:
    return "ar" if run.script == "arabic" else "en"


@lru_cache(maxsize=64)
def _load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=4)
def _coverage(path: Path) -> frozenset[str]:
    cmap = TTFont(path, lazy=True).getBestCmap()
    return frozenset(chr(code) for code in cmap)


def _direction_groups(text: str, rtl: bool) -> list[tuple[str, str]]:
    """Split a line into (text, 'rtl'|'ltr') groups in logical order.

    The rules of the Unicode bidi algorithm that matter for one-line titles: Arabic letters
    and Arabic-Indic digits are right to left, Latin letters left to right; European digits
    take the direction of the last strong letter (W7); a run of neutrals (spaces,
    punctuation) between two groups of the same direction joins them, otherwise it takes
    the paragraph's direction (N1, N2); combining marks follow their base letter (W1);
    a bracket pair takes one direction (N0), so "(H.R. 6265)" keeps both its brackets.
    """
    # Most lines hold no letter of the other direction: then they are one group, which
    # is what the rules below give them (tests/test_journalists_build.py checks both agree).
    opposite = {"L"} if rtl else {"R", "AL", "AN"}
    if not any(unicodedata.bidirectional(character) in opposite for character in set(text)):
        return [(text, "rtl" if rtl else "ltr")] if text else []
    return _resolved_groups(text, rtl)


def _resolved_groups(text: str, rtl: bool) -> list[tuple[str, str]]:
    paragraph = "R" if rtl else "L"
    types: list[str | None] = []
    last_strong = paragraph
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in {"R", "AL"}:
            last_strong = resolved = "R"
        elif kind == "L":
            last_strong = resolved = "L"
        elif kind == "EN":
            resolved = "L" if last_strong == "L" else "R"
        elif kind == "AN":
            resolved = "R"
        elif kind == "NSM" and types:
            resolved = types[-1]
        else:
            resolved = None
        types.append(resolved)
    _resolve_brackets(text, types, paragraph)
    index = 0
    while index < len(types):
        if types[index] is not None:
            index += 1
            continue
        end = index
        while end < len(types) and types[end] is None:
            end += 1
        before = types[index - 1] if index else paragraph
        after = types[end] if end < len(types) else paragraph
        fill = before if before == after else paragraph
        types[index:end] = [fill] * (end - index)
        index = end
    groups: list[tuple[str, str]] = []
    for character, kind in zip(text, types, strict=True):
        direction = "rtl" if kind == "R" else "ltr"
        if groups and groups[-1][1] == direction:
            groups[-1] = (groups[-1][0] + character, direction)
        else:
            groups.append((character, direction))
    return groups


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _resolve_brackets(text: str, types: list[str | None], paragraph: str) -> None:
    """Rule N0 of the bidi algorithm, for the ASCII bracket pairs."""
    open_positions: list[int] = []
    for position, character in enumerate(text):
        if character in _BRACKETS:
            open_positions.append(position)
            continue
        if character not in _BRACKETS.values() or not open_positions:
            continue
        start = open_positions.pop()
        if _BRACKETS[text[start]] != character:
            open_positions.clear()
            continue
        inside = {kind for kind in types[start + 1 : position] if kind}
        if not inside:
            continue
        if paragraph in inside:
            direction = paragraph
        else:
            before = next((kind for kind in reversed(types[:start]) if kind), paragraph)
            direction = before if before in inside else paragraph
        types[start] = types[position] = direction
