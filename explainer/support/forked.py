"""Languages built in worker processes beside the default one, and their files merged.

mkdocs-static-i18n builds the other languages one after the other, in one process, once
the default one is built. With the data loaded, the build instead starts a forked worker
per other language (explainer.support.helper), which builds its language into a folder of its own
while this process builds the default one; when static-i18n comes to that language, its
files are moved into the site (`LanguageBuilds.take`). The files are those of a build one
after the other (tests/test_build_speed.py compares them).
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import struct
import tempfile
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path


class LanguageBuildError(Exception):
    """A language built apart failed; the message says which, and what it reported."""


@dataclass
class LanguageBuilds:
    """The futures of languages being built apart, and the folders they build into."""

    builds: dict[str, tuple[Future, Path]]

    @staticmethod
    def output_folder(site_dir: Path, language: str) -> Path:
        """A hidden folder beside the site (same file system: its folders are moved in)."""
        hidden = site_dir.name if site_dir.name.startswith(".") else f".{site_dir.name}"
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{hidden}-{language}-", dir=site_dir.parent))

    @staticmethod
    def reporting(build: Callable[[], object], describe: Callable[[BaseException], str]):
        """`build`, failing with a LanguageBuildError of `describe(error)` (or the
        traceback): a message is all that needs to cross back from the worker."""

        def call() -> object:
            try:
                return build()
            except BaseException as error:
                raise LanguageBuildError(describe(error) or traceback.format_exc()) from None

        return call

    def __contains__(self, language: str) -> bool:
        return language in self.builds

    def take(self, language: str, site_dir: Path) -> object:
        """Wait for the language's build, move its files into `site_dir` as a build there
        would have written them, and return what the build returned."""
        future, output = self.builds.pop(language)
        try:
            try:
                result = future.result()
            except LanguageBuildError as error:
                message = f"Building the '{language}' pages failed: {error}"
                raise LanguageBuildError(message) from None
            except Exception as error:  # the worker died (BrokenProcessPool)
                raise LanguageBuildError(
                    f"Building the '{language}' pages failed: the process stopped ({error})"
                ) from None
            sitemap = site_dir / SITEMAP
            earlier_sitemap = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else None
            merge_tree(output, site_dir)
            if earlier_sitemap is not None and sitemap.is_file():
                merge_sitemap(site_dir, earlier_sitemap)
        finally:
            shutil.rmtree(output, ignore_errors=True)
        return result

    def discard(self) -> None:
        """Forget the builds (their workers are stopped with the pool) and their folders."""
        for _, output in self.builds.values():
            shutil.rmtree(output, ignore_errors=True)
        self.builds = {}


def merge_tree(source: Path, target: Path) -> None:
    """Move every file of `source` into `target`, replacing files of the same path as a
    later build replaces an earlier one's (a language, a search bundle); `source` goes.

    A folder that `target` does not have yet is moved whole, by one rename: a language
    built apart brings thousands of folders, and creating them again and removing the
    originals cost more than writing the pages (new inodes are slow to find on a file
    system where many were just freed)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(os.scandir(source), key=lambda entry: entry.name):
        destination = target / entry.name
        if entry.is_dir(follow_symlinks=False) and destination.is_dir():
            merge_tree(Path(entry.path), destination)
        elif entry.is_dir(follow_symlinks=False) and not os.path.lexists(destination):
            os.rename(entry.path, destination)
        else:
            os.replace(entry.path, destination)
    os.rmdir(source)


SITEMAP = "sitemap.xml"
_URLSET_END = "\n</urlset>"


def merge_sitemap(site_dir: Path, earlier: str) -> None:
    """static-i18n's sitemap lists the pages of every language built so far, so the last
    build's lists them all. A language built apart lists only its own: put the entries of
    the `earlier` sitemap (this process's, read before the merge) before them, and write
    the .gz copy as MkDocs does (same modification time in its header)."""
    sitemap = site_dir / SITEMAP
    later = sitemap.read_text(encoding="utf-8")
    head_end = later.index(">", later.index("<urlset")) + 1
    earlier_entries = earlier[earlier.index(">", earlier.index("<urlset")) + 1 :]
    merged = later[:head_end] + earlier_entries.removesuffix(_URLSET_END) + later[head_end:]
    sitemap.write_text(merged, encoding="utf-8")
    compressed = sitemap.with_name(f"{SITEMAP}.gz")
    (mtime,) = struct.unpack("<I", compressed.read_bytes()[4:8])
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=compressed.name, mode="wb", mtime=mtime) as out:
        out.write(merged.encode("utf-8"))
    compressed.write_bytes(buffer.getvalue())
