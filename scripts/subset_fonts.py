"""Build the site's self-hosted, subsetted web fonts and their TrueType copies.

Why this exists
---------------
The site must not make third-party requests when a page is viewed, so the
fonts are served from ``docs/assets/fonts/`` instead of a font CDN.  The
original fonts (``fonts/src/``, OFL-1.1, see ``fonts/README.md``) carry
hundreds of glyphs the site never shows; keeping only the characters the site
actually uses makes each file a fraction of the size.

What it does
------------
1. Collects every character that appears in the site's text sources
   (``data/**/*.yaml``, ``docs/**/*.md``, ``locales/*.yaml``,
   ``overrides/**/*.html``, ``mkdocs.yml`` and Material's own ``ar``/``en``
   UI strings), any of which may be missing or empty, and unions it with a
   fixed base set (Arabic letters, diacritics, punctuation and digits, Basic
   Latin, Latin-1, common general punctuation), so that text added later
   without re-running this script still mostly renders in the right face.
2. Gives each face only the characters of its own script: every face gets
   the wanted characters that its source font maps, and the sources are the
   Fontsource "arabic" subset of Noto Naskh Arabic and the "latin" subset of
   Noto Sans, so the Arabic face keeps Arabic letters, Arabic-Indic digits,
   Arabic punctuation and spaces, and the Latin face keeps Latin.
   Arabic presentation forms are not requested: browsers shape Arabic with
   the font's GSUB (init/medi/fina/rlig...), and the subsetter keeps every
   glyph those lookups can reach, so all layout features are kept.
   Hinting is dropped (modern browsers ignore most of it; it costs bytes).
3. Writes ``docs/assets/fonts/<family>-<weight>.woff2`` and
   ``docs/assets/stylesheets/fonts.css``, whose ``unicode-range`` values are
   read back from the subsets so a page never downloads a face it has no
   character for.
4. Writes unsubsetted TrueType copies to ``fonts/ttf/`` for server-side image
   rendering with Pillow (which needs .ttf/.otf and has no font fallback).

The output is deterministic: the fonts keep the source's ``head`` timestamps
(no recalculation), sets are sorted, and WOFF2/Brotli is deterministic, so
the same inputs give byte-identical files.

Usage: ``.venv/bin/python scripts/subset_fonts.py`` from the repository root
(or from anywhere: paths are resolved from this file).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SRC_DIR = ROOT / "fonts" / "src"
TTF_DIR = ROOT / "fonts" / "ttf"
WEB_DIR = ROOT / "docs" / "assets" / "fonts"
CSS_PATH = ROOT / "docs" / "assets" / "stylesheets" / "fonts.css"

# Text sources, relative to ROOT: (folder, glob pattern).
TEXT_SOURCES: tuple[tuple[str, str], ...] = (
    ("data", "**/*.yaml"),
    ("data", "**/*.yml"),
    ("docs", "**/*.md"),
    ("locales", "*.yaml"),
    ("locales", "*.yml"),
    ("overrides", "**/*.html"),
    (".", "mkdocs.yml"),
)
# Material's translated UI strings (search box, "skip to content", ...).
MATERIAL_LANGUAGE_PARTIALS = ("ar.html", "en.html")


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


# Characters always included, whatever the text sources contain today.
BASE_CODEPOINTS: frozenset[int] = frozenset(
    _span(0x0621, 0x064A)  # Arabic letters
    | _span(0x064B, 0x0652)  # Arabic diacritics (harakat)
    | {0x060C, 0x061B, 0x061F, 0x0640}  # ، ؛ ؟ and tatweel
    | _span(0x0660, 0x0669)  # Arabic-Indic digits
    | _span(0x0020, 0x007E)  # Basic Latin, printable
    | _span(0x00A0, 0x00FF)  # Latin-1 punctuation and letters
    | _span(0x200C, 0x200F)  # ZWNJ, ZWJ, LRM, RLM: keep mixed RTL/LTR runs in one font
    | _span(0x2010, 0x2027)  # general punctuation: dashes, quotes, bullets, ellipsis
    | _span(0x2030, 0x203A)  # per mille, primes, single guillemets
)

# Subsetter name IDs: family/style/version names plus licence (13) and
# licence URL (14), so the OFL notice travels inside each published binary.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


@dataclass(frozen=True)
class Face:
    """One family/weight: its source, web output and TrueType copy."""

    family: str
    weight: int
    source: str  # file name in fonts/src/
    web: str  # file name in docs/assets/fonts/
    ttf: str  # file name in fonts/ttf/


FACES: tuple[Face, ...] = (
    Face(
        "Noto Naskh Arabic",
        400,
        "noto-naskh-arabic-arabic-400-normal.woff2",
        "noto-naskh-arabic-400.woff2",
        "NotoNaskhArabic-Regular.ttf",
    ),
    Face(
        "Noto Naskh Arabic",
        700,
        "noto-naskh-arabic-arabic-700-normal.woff2",
        "noto-naskh-arabic-700.woff2",
        "NotoNaskhArabic-Bold.ttf",
    ),
    Face(
        "Noto Sans",
        400,
        "noto-sans-latin-400-normal.woff2",
        "noto-sans-400.woff2",
        "NotoSans-Regular.ttf",
    ),
    Face(
        "Noto Sans",
        700,
        "noto-sans-latin-700-normal.woff2",
        "noto-sans-700.woff2",
        "NotoSans-Bold.ttf",
    ),
)

MONOSPACE_STACK = (
    'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, '
    '"Liberation Mono", "DejaVu Sans Mono", monospace'
)


def _is_text_char(char: str) -> bool:
    """Whether a character needs a glyph (drops controls, newlines and the BOM)."""
    code = ord(char)
    return code >= 0x20 and not 0x7F <= code <= 0x9F and code != 0xFEFF


def text_files() -> list[Path]:
    """Every existing site text file, sorted, without duplicates."""
    found: set[Path] = set()
    for folder, pattern in TEXT_SOURCES:
        base = ROOT / folder
        if base.is_dir():
            found.update(path for path in base.glob(pattern) if path.is_file())
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.submodule_search_locations:
        languages = (
            Path(next(iter(spec.submodule_search_locations)))
            / "templates"
            / "partials"
            / "languages"
        )
        found.update(
            languages / name for name in MATERIAL_LANGUAGE_PARTIALS if (languages / name).is_file()
        )
    return sorted(found)


def wanted_codepoints(files: list[Path]) -> set[int]:
    """The base set plus every character used in ``files``."""
    wanted = set(BASE_CODEPOINTS)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        wanted.update(ord(char) for char in set(text) if _is_text_char(char))
    wanted.discard(0xFFFD)  # from undecodable bytes, not real text
    return wanted


def _load(path: Path) -> TTFont:
    # recalcTimestamp=False keeps head.modified as in the source: deterministic.
    return TTFont(path, recalcTimestamp=False)


def subset_options() -> subset.Options:
    """Equivalent of ``pyftsubset --layout-features='*' --no-hinting --flavor=woff2``."""
    options = subset.Options()
    options.layout_features = ["*"]  # all GSUB/GPOS features: Arabic shaping, kern
    options.layout_scripts = ["*"]
    options.hinting = False
    options.flavor = "woff2"
    options.name_IDs = NAME_IDS
    options.name_languages = ["*"]
    options.notdef_outline = True  # show a box, not nothing, for a missing glyph
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "STAT"]  # static faces: unused
    return options


def make_web_font(face: Face, wanted: set[int]) -> list[int]:
    """Subset one face to the wanted characters it maps; return those codepoints."""
    options = subset_options()
    font = subset.load_font(str(SRC_DIR / face.source), options)
    created, modified = font["head"].created, font["head"].modified
    unicodes = sorted(wanted & set(font.getBestCmap()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font["head"].created, font["head"].modified = created, modified
    WEB_DIR.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(WEB_DIR / face.web), options)
    return sorted(font.getBestCmap())


def make_ttf(face: Face) -> None:
    """Decompress the original WOFF2 to an unsubsetted TrueType file."""
    font = _load(SRC_DIR / face.source)
    font.flavor = None
    TTF_DIR.mkdir(parents=True, exist_ok=True)
    font.save(TTF_DIR / face.ttf, reorderTables=True)


def unicode_range(codepoints: list[int]) -> str:
    """CSS ``unicode-range`` value for a sorted list of codepoints."""
    spans: list[list[int]] = []
    for code in codepoints:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ", ".join(
        f"U+{first:04X}" if first == last else f"U+{first:04X}-{last:04X}" for first, last in spans
    )


def render_css(ranges: dict[Face, list[int]]) -> str:
    """``@font-face`` rules for the web fonts and Material's font variables."""
    lines = [
        "/* Generated by scripts/subset_fonts.py: do not edit by hand.",
        "   Self-hosted, subsetted Noto fonts (OFL-1.1, see fonts/README.md).",
        "   unicode-range lists exactly the characters in each file, so a page",
        "   downloads only the faces whose characters it uses. */",
        "",
    ]
    for face in FACES:
        lines += [
            "@font-face {",
            f'  font-family: "{face.family}";',
            "  font-style: normal;",
            f"  font-weight: {face.weight};",
            "  font-display: swap;",
            f'  src: url("../fonts/{face.web}") format("woff2");',
            f"  unicode-range: {unicode_range(ranges[face])};",
            "}",
            "",
        ]
    lines += [
        ":root {",
        f"  --md-code-font: {MONOSPACE_STACK};",
        "}",
        "",
        'html[lang="ar"] {',
        '  --md-text-font: "Noto Naskh Arabic", "Noto Sans";',
        "}",
        "",
        # The Arabic face follows on English pages for the Arabic they show (the language
        # switcher, source titles); unicode-range keeps it from loading where none is used.
        'html[lang="en"] {',
        '  --md-text-font: "Noto Sans", "Noto Naskh Arabic";',
        "}",
    ]
    return "\n".join(lines) + "\n"


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f} KB"


def main() -> int:
    missing = [face.source for face in FACES if not (SRC_DIR / face.source).is_file()]
    if missing:
        print(f"missing source fonts in {SRC_DIR}: {', '.join(missing)}", file=sys.stderr)
        return 1
    files = text_files()
    wanted = wanted_codepoints(files)
    print(f"{len(files)} text files, {len(wanted)} distinct characters wanted")

    ranges: dict[Face, list[int]] = {}
    before = after = 0
    for face in FACES:
        ranges[face] = make_web_font(face, wanted)
        make_ttf(face)
        src_size = (SRC_DIR / face.source).stat().st_size
        web_size = (WEB_DIR / face.web).stat().st_size
        ttf_size = (TTF_DIR / face.ttf).stat().st_size
        before += src_size
        after += web_size
        print(
            f"{face.web:30} {len(ranges[face]):4} chars  "
            f"{_kb(src_size)} -> {_kb(web_size)}  (ttf {face.ttf}: {_kb(ttf_size)})"
        )
    print(f"{'total woff2':30} {'':10} {_kb(before)} -> {_kb(after)}")

    CSS_PATH.parent.mkdir(parents=True, exist_ok=True)
    CSS_PATH.write_text(render_css(ranges), encoding="utf-8")
    print(f"wrote {CSS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
