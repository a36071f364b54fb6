"""What makes the build fast changes nothing it writes (see PERFORMANCE.md, "Build speed").

Languages built side by side in forked processes give the files of a build one after the
other; share cards drawn in another process are the bytes drawn in this one; the search
records read from the article onwards are those read from the whole page; lookups by id
through indexes give what a scan of the records gives.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT, copy_project

from explainer import site as site_module
from explainer.address import site_url
from explainer.data.dataset import load_site_data
from explainer.data.partial_dates import chronological_key
from explainer.outputs import search
from explainer.outputs.page_meta import share_cards
from explainer.outputs.share_images import render_card, start_drawing, write_share_images
from explainer.render import glossary
from explainer.site import load_project
from explainer.support import forked, speed
from explainer.support.helper import start_helper

FONTS = PROJECT_ROOT / "fonts" / "ttf"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_languages_built_side_by_side_give_the_files_of_one_after_the_other(built_site, tmp_path):
    """The test site is built the default way: English in a forked process, beside Arabic.
    Built again one language after the other (static-i18n's way), every file is the same,
    the sitemap and the search bundle (indexed one language at a time) included."""
    project = copy_project(tmp_path / "project")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose"]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    forked_log = subprocess.run(
        [*command, "--site-dir", "site-forked"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "Building the en pages in worker processes" in forked_log
    serial_log = subprocess.run(
        [*command, "--site-dir", "site-serial"],
        cwd=project,
        env={**environment, "EXPLAINER_DISABLE": "languages"},
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "worker processes" not in serial_log
    in_parallel = tree(project / "site-forked")
    one_after_the_other = tree(project / "site-serial")
    assert sorted(in_parallel) == sorted(one_after_the_other)
    assert len(in_parallel) > 100
    for name, content in one_after_the_other.items():
        assert in_parallel[name] == content, name
    assert tree(built_site.root) == in_parallel  # what scripts/build_site.py made
    assert b"/en/about/" in in_parallel["sitemap.xml"] and b"/about/" in in_parallel["sitemap.xml"]
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


UNORDERED = re.compile(r"pagefind/(index/|pagefind\.\w+\.pf_meta$|pagefind-entry\.json$)")
"""Pagefind's files that list pages in the order it found them."""


def test_each_speed_mechanism_turned_off_gives_the_same_site(built_site, tmp_path):
    """EXPLAINER_DISABLE=<mechanism> (explainer/support/speed.py) for each mechanism in turn, the
    others all on: every file is the one the default build made
    (test_languages_built_side_by_side... checks that one against a serial build)."""
    project = copy_project(tmp_path / "project")
    expected = tree(built_site.root)
    for mechanism in speed.MECHANISMS:
        log = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "--site-dir", "out"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", speed.DISABLE: mechanism},
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        assert f"Speed mechanisms off: {mechanism}\n" in log
        assert ("worker processes" in log) == (mechanism != "languages")
        built, same = tree(project / "out"), dict(expected)
        if mechanism == "shm":
            # Pagefind numbers the pages in the order the file system lists the records:
            # tmpfs and a disk list them differently. The pages' search text (fragments)
            # is the same; the index and its lists of pages may not be.
            built, same = (
                {name: value for name, value in files.items() if not UNORDERED.match(name)}
                for files in (built, same)
            )
            assert any(name.startswith("pagefind/fragment/") for name in same)
        assert sorted(built) == sorted(same), mechanism
        assert [name for name in same if built[name] != same[name]] == [], mechanism
        shutil.rmtree(project / ".cache")  # each build a first build


def test_each_speed_switch_turns_its_mechanism_off(tmp_path, monkeypatch):
    """What each switch changes, where a build's output cannot show it (the languages show
    in the build's log, above)."""
    project = load_project(PROJECT_ROOT)
    monkeypatch.setattr(site_module, "share_cards", lambda renderer: [])  # none drawn
    page = next(uri for uri in project.generated_src_uris() if uri.endswith("pillars/index.md"))
    threshold = gc.get_threshold()
    try:
        for off in ("", *speed.MECHANISMS):
            monkeypatch.setenv(speed.DISABLE, off)
            with search._records_folder({Path("a/index.html"): "<p>x</p>"}) as folder:
                in_memory = folder.startswith(search.MEMORY_FOLDERS)
            assert in_memory == (off != "shm" and os.access("/dev/shm", os.W_OK | os.X_OK))
            stashed = project.render_for_markdown(page) != project.render(page)
            assert stashed == (off != "html-blocks")
            gc.set_threshold(700)
            speed.collect_less()
            assert (gc.get_threshold()[0] == speed.GC_THRESHOLD) == (off != "gc")
            project.start_build(tmp_path / "site")  # no language apart: the helper only
            try:
                assert (project._workers is not None) == (off != "helper")
            finally:
                project.close()
    finally:
        gc.set_threshold(*threshold)
    monkeypatch.setenv(speed.DISABLE, "helper,no-such-thing")
    with pytest.raises(speed.SwitchError, match="unknown mechanism no-such-thing"):
        speed.enabled("helper")
    for removed in ("data-read", "templates", "hard-links"):  # they did not earn their place
        monkeypatch.setenv(speed.DISABLE, removed)
        with pytest.raises(speed.SwitchError, match=f"unknown mechanism {removed} "):
            speed.enabled("helper")


WORKERS = """
import json, sys, time
from pathlib import Path
from explainer.support.forked import LanguageBuildError, LanguageBuilds
from explainer.support.helper import start_workers, stop_workers

site = Path(sys.argv[1]) / "site"
ok, failing, stopped = (LanguageBuilds.output_folder(site, name) for name in ("en", "fr", "de"))
(ok / "en").mkdir()
(ok / "en" / "index.html").write_text("en", encoding="utf-8")
pages = {"pages": [1, 2]}  # a closure: nothing pickles the calls

def fails():
    raise ValueError("the English template is broken")

describe = lambda error: f"{type(error).__name__}: {error}"
calls = [LanguageBuilds.reporting(lambda: pages, describe), LanguageBuilds.reporting(fails, describe)]
pool, futures = start_workers(2, calls)
builds = LanguageBuilds({"en": (futures[0], ok), "fr": (futures[1], failing)})
result = {"taken": builds.take("en", site) == pages}
try:
    builds.take("fr", site)
except LanguageBuildError as error:
    result["failed"] = str(error)
pool.shutdown()
pool, futures = start_workers(1, [lambda: time.sleep(60)])
started = time.monotonic()
stop_workers(pool)
result["stopped in"] = time.monotonic() - started
try:
    LanguageBuilds({"de": (futures[0], stopped)}).take("de", site)
except LanguageBuildError as error:
    result["stopped"] = str(error)
print(json.dumps(result))
"""


def test_languages_built_apart_return_their_value_or_their_error_and_can_be_stopped(tmp_path):
    """Calls made in forked workers (explainer.support.helper) need no pickling; what they return
    comes back, a failure comes back as its message, a stopped worker ends at once, and
    each build's folder is removed. In a fresh interpreter: workers are forked only in a
    process that runs no other thread, and the test process may run some."""
    run = subprocess.run(
        [sys.executable, "-c", WORKERS, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["taken"]
    assert (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8") == "en"
    assert result["failed"] == (
        "Building the 'fr' pages failed: ValueError: the English template is broken"
    )
    assert result["stopped in"] < 10
    assert result["stopped"].startswith("Building the 'de' pages failed: the process stopped")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_merged_tree_replaces_files_and_moves_new_folders_whole(tmp_path):
    source, target = tmp_path / "en-build", tmp_path / "site"
    files = {
        "sitemap.xml": b"later",  # replaces the target's
        "assets/new.css": b"css",  # into a folder the target has
        "en/index.html": b"home",  # a folder the target lacks: moved whole
        "en/pillars/a/index.html": b"pillar",
        "en/empty/.keep": b"",
    }
    for relative, content in files.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_bytes(content)
    (target / "assets").mkdir(parents=True)
    (target / "assets" / "old.css").write_bytes(b"old")
    (target / "sitemap.xml").write_bytes(b"earlier")
    (target / "index.html").write_bytes(b"root")
    moved_folder = os.stat(source / "en" / "pillars").st_ino
    forked.merge_tree(source, target)
    assert not source.exists()
    assert tree(target) == {**files, "assets/old.css": b"old", "index.html": b"root"}
    assert os.stat(target / "en" / "pillars").st_ino == moved_folder  # not made anew


def test_merged_sitemap_lists_the_earlier_entries_first_and_gzips_the_same(tmp_path):
    head = '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    earlier = f"{head}\n    <url><loc>/a/</loc></url>\n</urlset>"
    later = f"{head}\n    <url><loc>/en/a/</loc></url>\n</urlset>"
    (tmp_path / "sitemap.xml").write_text(later, encoding="utf-8")
    with gzip.GzipFile(tmp_path / "sitemap.xml.gz", mode="wb", mtime=1700000000) as out:
        out.write(later.encode())
    forked.merge_sitemap(tmp_path, earlier)
    merged = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert merged == (
        f"{head}\n    <url><loc>/a/</loc></url>\n    <url><loc>/en/a/</loc></url>\n</urlset>"
    )
    compressed = (tmp_path / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(compressed).decode() == merged
    assert compressed[4:8] == (1700000000).to_bytes(4, "little")


def test_share_cards_drawn_in_another_process_are_the_same_bytes(tmp_path):
    project = load_project(PROJECT_ROOT)
    cards = share_cards(project.renderer)[:3]
    cache = tmp_path / "cache"
    helper = start_helper()
    try:
        assert start_drawing(helper, cards, FONTS, cache).result() == len(cards)
    finally:
        helper.shutdown()
    for card in cards:
        assert (cache / f"{card.digest(FONTS)}.png").read_bytes() == render_card(card, FONTS)
    # The build then finds every card in the cache.
    assert write_share_images(tmp_path / "site", cards, FONTS, cache)["drawn"] == 0


def test_search_records_are_the_same_when_only_the_article_is_read(built_site, monkeypatch):
    fast = search.search_records(search.site_pages(built_site.root))
    assert len(fast) > 40
    # A pattern that never matches makes read_page parse every page whole, as it used to.
    monkeypatch.setattr(search, "_ARTICLE_START", search.re.compile(r"(?!)"))
    whole = search.search_records(search.site_pages(built_site.root))
    assert [vars(record) for record in fast] == [vars(record) for record in whole]


def test_normalising_with_a_cache_gives_the_same_text():
    text = "والأردن وسوريا الوزارة وزارة الأُرْدُن DEA والأردن"
    vocabulary = search.vocabulary_of([text])
    forms: dict[str, str] = {}
    assert search.normalize_text(text, vocabulary, forms) == search.normalize_text(text, vocabulary)
    assert search.normalize_text(text, vocabulary, forms) == search.normalize_text(text, vocabulary)


def test_lookups_by_id_match_a_scan_of_the_records():
    data = load_site_data(PROJECT_ROOT / "data")
    chronological = sorted(data.events, key=lambda e: (chronological_key(e.date), e.id))
    for pillar in data.pillars:
        assert data.pillar(pillar.id) is next(p for p in data.pillars if p.id == pillar.id)
        scanned = [e for e in chronological if pillar.id in e.pillars]
        assert data.events_for_pillar(pillar.id) == scanned
    for agency in data.agencies:
        assert data.agency(agency.id) is agency
        scanned = [e for e in chronological if agency.id in e.agencies]
        assert data.events_for_agency(agency.id) == scanned
        assert data.children(agency.id) == [a for a in data.agencies if a.parent == agency.id]
    for source in data.sources:
        assert data.source(source.id) is source
    assert data.events_sorted() == chronological
    data.events_sorted().clear()  # callers get their own list
    assert len(data.events_sorted()) == len(data.events)


def test_pages_read_while_the_build_runs_are_those_read_afterwards(built_site):
    root = built_site.root
    helper = start_helper()
    collector = search.PageCollector(helper)
    try:
        for path in root.rglob("*.html"):
            collector.add(path.relative_to(root).as_posix(), path.read_text("utf-8"))
        assert search.site_pages(root, collector) == search.site_pages(root)
    finally:
        helper.shutdown()


def test_the_index_of_the_build_is_the_index_of_its_pages_on_disk(built_site, tmp_path):
    """The build reads each page as it writes it (hooks/site.py, on_post_page): the index it
    makes is the one made afterwards from the files on disk, byte for byte."""
    copy = tmp_path / "site"
    shutil.copytree(built_site.root, copy, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    search.write_search_index(copy)
    built, again = built_site.root / search.BUNDLE_DIR, copy / search.BUNDLE_DIR
    names = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for name in names:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_glossary_links_found_from_the_word_are_those_of_a_search_of_every_stretch():
    """Terms are sought only in the stretches their word overlaps; a search of every stretch
    in turn (what the build did before) links the same words."""
    html = (
        '<p><a href="#x">Captagon</a> and <h2>Captagon</h2> the Captagon trade, '
        "captagon pills, Captagon-free, ofac and OFAC</p>"
    )
    data = load_site_data(PROJECT_ROOT / "data")
    patterns = glossary.term_patterns(data.terms, "en")
    assert any(entry.folded for entry in patterns)  # ASCII words matched in any case
    every_stretch = [replace(entry, literal=None, folded=None) for entry in patterns]
    regex_only = [replace(entry, folded=None) for entry in patterns]
    # Characters a case-insensitive "s", "k" or "i" also matches: the regular expression
    # is used for such pages.
    odd = html.replace("Captagon trade", "Captagon tradeſ Kİı").replace("pills", "piſlſ")
    # In any case, "precurſor chemicals" is the first match of "precursor chemicals" and
    # "launderıng" one of "laundering" (ſ matches s, ı matches i): a search of the text in
    # lower case would link the second paragraph's words instead.
    long_s = "<p>The precurſor chemicals.</p><p>The precursor chemicals.</p>"
    dotless_i = "<p>Launderıng.</p><p>Laundering.</p>"
    pages = [html, html * 3, html.replace("<h2>", "<h3>"), odd, long_s, dotless_i]
    for page in pages:
        expected = glossary.link_terms(page, every_stretch, lambda term: f"#{term}")
        assert glossary.link_terms(page, patterns, lambda term: f"#{term}") == expected
        assert glossary.link_terms(page, regex_only, lambda term: f"#{term}") == expected
    assert "ex-term-link" in expected


def test_glossary_links_on_every_built_page_are_those_of_a_search_of_every_stretch(built_site):
    """The same comparison on the content of every page of the shipped site, both languages,
    with the links the build made taken out again so that every term is sought afresh."""
    data = load_site_data(PROJECT_ROOT / "data")
    compared = 0
    for path in built_site.html_files():
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        if start < 0:
            continue
        content = re.sub(r'<a class="ex-term-link" href="[^"]*">(.*?)</a>', r"\1", html[start:end])
        language = "en" if "/en/" in path.as_posix() else "ar"
        patterns = glossary.term_patterns(data.terms, language)
        every_stretch = [replace(entry, literal=None, folded=None) for entry in patterns]
        regex_only = [replace(entry, folded=None) for entry in patterns]
        expected = glossary.link_terms(content, every_stretch, lambda term: f"#{term}")
        assert glossary.link_terms(content, patterns, lambda term: f"#{term}") == expected, path
        assert glossary.link_terms(content, regex_only, lambda term: f"#{term}") == expected
        compared += expected != content
    assert compared > 20  # pages where terms were linked


def test_the_plain_benchmark_project_holds_the_very_pages_our_hooks_generate(tmp_path):
    """make bench compares our build with a plain one of the same pages (scripts/bench.py)."""
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    import bench

    project = copy_project(tmp_path / "project")
    plain = bench.plain_project(tmp_path / "plain", project, stock=False)
    ours = load_project(project, bench.icons_dir(), site_url(project / "mkdocs.yml"))
    for src_uri in ours.generated_src_uris():
        assert (plain / "docs" / src_uri).read_text("utf-8") == ours.render(src_uri)
    assert (plain / "docs" / "ar" / "about.md").is_file()
    config = yaml.safe_load((plain / "mkdocs.yml").read_text("utf-8"))
    assert config["INHERIT"] == "base.yml" and config["hooks"] == []
    assert config["plugins"][0] == "search"
    assert "pillars/index.md" in str(config["nav"])
    stock = bench.plain_project(tmp_path / "stock", project, stock=True)
    config = yaml.safe_load((stock / "mkdocs.yml").read_text("utf-8"))
    assert config["nav"] is None and "navigation.prune" not in config["theme"]["features"]


def test_a_cached_file_copied_onto_a_link_never_writes_into_another(tmp_path):
    """A site file that is a hard link to a cached file (as earlier builds made them) is
    replaced by the copy, never written into: the cached file keeps its bytes."""
    from explainer.support.cache import copy_from_cache

    cached, other, site = tmp_path / "card.png", tmp_path / "other.png", tmp_path / "site.png"
    cached.write_bytes(b"new card")
    other.write_bytes(b"other card")
    os.link(other, site)  # the site's file is a second name of another cached file
    copy_from_cache(cached, site)
    assert site.read_bytes() == b"new card" and other.read_bytes() == b"other card"
    assert site.stat().st_ino not in (cached.stat().st_ino, other.stat().st_ino)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["card.png", "other.png", "site.png"]
