"""DEPLOY.md's nginx example, checked as text and, where nginx is installed (`.ci/run`
installs it), run for real on a built site: `nginx -t`, then requests."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import subprocess
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT_ROOT, SITE_URL

SUB_PATH = urlsplit(SITE_URL).path.rstrip("/")
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
)


def nginx_example() -> str:
    text = (PROJECT_ROOT / "DEPLOY.md").read_text(encoding="utf-8")
    return re.search(r"```nginx\n(.*?)```", text, re.S).group(1)


def test_the_example_redirects_the_bare_sub_path_and_types_feeds_and_csv():
    example = nginx_example()
    assert "location = /captagon-strategy {" in example
    assert re.search(r"gzip_types[^;]*\btext/xml\b", example)
    assert re.search(r"types \{ text/csv csv; \}", example)
    # Headers live on the server, where redirects and 404s inherit them.
    server_level = re.split(r"^\s*location ", example, maxsplit=1, flags=re.M)[0]
    assert all(f"add_header {name} " in server_level for name in SECURITY_HEADERS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx_server(built_site, tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    port = free_port()
    server = nginx_example()
    server = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{port};", server)
    server = re.sub(r"\n\s*http2 on;[^\n]*", "", server)
    server = server.replace("/srv/explainer/current/", f"{built_site.root}/")
    assert f"{built_site.root}/" in server
    config = tmp_path / "nginx.conf"
    config.write_text(
        "user root;\n"  # the test's folders are readable by root only
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    access_log off;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"    uwsgi_temp_path {tmp_path}/uwsgi;\n"
        f"    scgi_temp_path {tmp_path}/scgi;\n"
        f"{server.replace('include mime.types;', 'include /etc/nginx/mime.types;')}\n"
        "}\n",
        encoding="utf-8",
    )
    command = [nginx, "-p", str(tmp_path), "-c", str(config)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off; master_process off;"])
    try:
        listening(process, port)
        assert process.poll() is None, (tmp_path / "error.log").read_text()
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def listening(process: subprocess.Popen, port: int) -> None:
    """Wait until nginx accepts connections, or has exited (at most 10 s)."""
    for _ in range(1000):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            try:
                process.wait(timeout=0.01)  # returns at once if it has exited
                return
            except subprocess.TimeoutExpired:
                pass


def request(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "example.org", **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_nginx_serves_the_site_as_deploy_md_says(nginx_server):
    port = nginx_server

    page = request(port, f"{SUB_PATH}/")
    assert page.status == 200 and b"<html" in page.body
    assert all(page.getheader(name) for name in SECURITY_HEADERS)

    bare = request(port, SUB_PATH)
    assert bare.status == 301
    assert urlsplit(bare.getheader("Location")).path == f"{SUB_PATH}/"
    assert all(bare.getheader(name) for name in SECURITY_HEADERS), bare.getheaders()

    missing = request(port, f"{SUB_PATH}/en/no-such-page/")
    assert missing.status == 404 and b"ex-notfound" in missing.body
    assert all(missing.getheader(name) for name in SECURITY_HEADERS)

    feed = request(port, f"{SUB_PATH}/en/feed.xml", **{"Accept-Encoding": "gzip"})
    assert feed.status == 200
    assert feed.getheader("Content-Encoding") == "gzip"
    assert b"<feed" in gzip.decompress(feed.body)

    table = request(port, f"{SUB_PATH}/data/timeline.csv")
    assert table.status == 200
    assert table.getheader("Content-Type").startswith("text/csv")
