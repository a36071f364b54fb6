"""A local static host for the built site: served under the sub-path of site_url, text
sent gzipped and 404.html for missing paths, as a real static host or CDN would.

Used by the browser tests (tests/conftest.py `served_site`) and `make audit`, so transfer
sizes and the 404 page are measured as readers would get them.
"""

from __future__ import annotations

import functools
import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves `directory` at `prefix`; everything outside the prefix is missing."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        if target.is_dir():
            return super().send_head()  # redirects to the URL with a slash
        status = 200 if target.is_file() else 404
        if status == 404:
            target = self.nearest_not_found(target)
        body = target.read_bytes()
        content_type = self.guess_type(str(target))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if content_type.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        ):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def nearest_not_found(self, missing: Path) -> Path:
        """The 404.html nearest the missing path (/en/404.html for a page under /en/), as
        Netlify and Cloudflare Pages choose it; the site's root one otherwise."""
        root = Path(self.directory).resolve()
        folder = missing.resolve().parent
        while folder != root and root in folder.parents:
            if (folder / "404.html").is_file():
                return folder / "404.html"
            folder = folder.parent
        return root / "404.html"

    def log_message(self, *args) -> None:  # keep test and audit output quiet
        pass


@contextmanager
def serve(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) and yield its base URL, ending in `prefix`."""
    handler_class = type("Handler", (SiteHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
