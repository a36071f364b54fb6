"""Build the site into a temporary folder and swap it in atomically.

A failed build (bad data, a broken template, an exception in a hook) leaves the existing
`site/` exactly as it was: MkDocs cleans its output folder before it renders, so it never
writes into `site/` directly.

The site's address is SITE_URL if set, else the default in mkdocs.yml (explainer/address.py).
A placeholder address (example.org...) gives a warning; with --release it stops the build
before anything is written.

Usage: python scripts/build_site.py [--site-dir site] [--config-file mkdocs.yml] [--release]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explainer import address

RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one atomic step


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), RENAME_EXCHANGE)
    return result == 0


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Put `new_site` at `site_dir`; the old content is removed afterwards."""
    if site_dir.exists() and exchange(new_site, site_dir):
        shutil.rmtree(new_site)  # now holds the previous site
        return
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
        new_site.rename(site_dir)
        shutil.rmtree(old)
    else:
        new_site.rename(site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument(
        "--release", action="store_true", help="refuse a placeholder address (make release)"
    )
    parser.add_argument("mkdocs_args", nargs="*")
    arguments = parser.parse_args(argv)

    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        site_url = address.site_url(arguments.config_file)
        if arguments.release:
            address.check_release(site_url)
    except address.AddressError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if address.is_placeholder(site_url):
        print(address.placeholder_warning(site_url), file=sys.stderr)
    if address.VARIABLE in address.configured(arguments.config_file)[0]:
        environment[address.VARIABLE] = site_url

    site_dir = arguments.site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    build_dir = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(arguments.config_file),
        "--site-dir",
        str(build_dir),
        *arguments.mkdocs_args,
    ]
    try:
        completed = subprocess.run(command, env=environment, check=False)
        if completed.returncode != 0:
            print(f"Build failed; {site_dir.name}/ was left as it was.", file=sys.stderr)
            return completed.returncode
        swap_in(build_dir, site_dir)
    finally:
        if build_dir.exists():
            shutil.rmtree(build_dir, ignore_errors=True)
    print(f"Built {site_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
