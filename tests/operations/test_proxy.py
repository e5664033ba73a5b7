"""deploy/nginx.conf as a reader meets it: nginx on a loopback port, in front
of gunicorn, keeps public pages, revalidates them with newsroom when they
expire (a 304 from newsroom, not a page), shows an edit once a page's
max-age is over, and lets signed-in editors and the admin through uncached.

Needs Debian's nginx; skipped without it, except in CI (CI=true), where
that is a failure."""

import http.client
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import ROOT, free_port, gunicorn

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAX_AGE = 2  # seconds newsroom lets a shared cache keep a page, in this test

STORY = (
    "Harbour board backs ferry terminal\n\nKOBE, Japan, Dec. 1 (Kyodo) -- The "
    "harbour board approved a new ferry terminal on Tuesday, ending a {years} "
    "dispute with residents over noise.\n\n==Kyodo\n"
)


@pytest.fixture
def nginx_binary():
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is needed (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return NGINX


def site_config(folder: Path, *, listen: int, upstream: int) -> Path:
    """deploy/nginx.conf, moved to loopback ports and a scratch folder, inside
    the smallest nginx.conf that runs it as an ordinary process."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = site.replace("/var/cache/nginx/newsroom", str(folder / "cache"))
    temp = folder / "temp"
    temp.mkdir()
    config = folder / "nginx.conf"
    # Started by root (as in CI), nginx's workers would run as nobody, who
    # cannot open a test's folder: they run as the user the test runs as.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"{user}daemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"access_log {folder / 'access.log'};\n"
        f"client_body_temp_path {temp}/body;\nproxy_temp_path {temp}/proxy;\n"
        f"fastcgi_temp_path {temp}/fastcgi;\nuwsgi_temp_path {temp}/uwsgi;\n"
        f"scgi_temp_path {temp}/scgi;\n"
        f"{site}\n}}\n"
    )
    return config


class Reader:
    """GETs through the proxy, as a browser without cookies sends them."""

    def __init__(self, port: int):
        self.port = port

    def get(self, path: str, **headers) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), body


def upstream_requests(server, path: str, *, at_least: int = 0) -> list[str]:
    """The lines of gunicorn's access log for GETs of `path`, once there are
    `at_least` of them (or after 5 s): gunicorn writes a request's line after
    it has sent the response, so the client can read it first."""
    deadline = time.monotonic() + 5
    while True:
        lines = [
            line
            for line in server.log.read_text(errors="replace").splitlines()
            if f'"GET {path} ' in line
        ]
        if len(lines) >= at_least or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


@pytest.mark.slow
def test_the_nginx_cache_hits_revalidates_and_shows_an_edit(
    nginx_binary, scratch_databases, tmp_path
):
    db = scratch_databases()
    db.manage("migrate", "--noinput")
    db.manage("collectstatic", "--noinput")
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "kobe.txt").write_text(STORY.format(years="two-year"))
    db.manage("import_seeds", feed, "--no-entities")
    db.env["NEWSROOM_CACHE_MAX_AGE"] = str(MAX_AGE)
    port = free_port()
    with gunicorn(db, workers=1) as server:
        config = site_config(tmp_path, listen=port, upstream=server.port)
        check = subprocess.run(
            [nginx_binary, "-t", "-c", config], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        proxy = subprocess.Popen([nginx_binary, "-c", config])
        try:
            reader = Reader(port)
            for _ in range(100):
                try:
                    reader.get("/robots.txt")
                    break
                except OSError:
                    time.sleep(0.1)
            path = "/search/?q=harbour"
            first = reader.get(path)
            second = reader.get(path, **{"Accept-Encoding": "gzip"})
            asked = upstream_requests(server, path, at_least=1)
            time.sleep(MAX_AGE + 1.5)  # nginx counts whole seconds
            revalidated = reader.get(path)
            log = upstream_requests(server, path, at_least=2)
            (feed / "kobe.txt").write_text(STORY.format(years="three-year"))
            db.manage("import_seeds", feed, "--no-entities")
            cached_after_edit = reader.get(path)
            time.sleep(MAX_AGE + 1.5)  # nginx counts whole seconds
            after_edit = reader.get(path)
            editor = reader.get(path, Cookie="sessionid=an-editors-session")
            admin = reader.get("/admin/login/")
        finally:
            proxy.terminate()
            proxy.wait(timeout=30)

    assert first[0] == 200 and first[1]["X-Cache-Status"] == "MISS"
    assert second[1]["X-Cache-Status"] == "HIT"
    assert second[1].get("Content-Encoding") == "gzip"  # nginx compresses
    assert len(asked) == 1  # the hit never reached newsroom
    # Expired: nginx asked newsroom again with the validator, and got a 304.
    assert revalidated[1]["X-Cache-Status"] == "REVALIDATED"
    assert len(log) == 2 and '" 304 ' in log[-1]
    assert b"two-year" in revalidated[2]
    # Within max-age the old page is still served; after it, the edit shows.
    assert cached_after_edit[1]["X-Cache-Status"] == "HIT"
    assert b"three-year" in after_edit[2] and b"two-year" not in after_edit[2]
    assert after_edit[1]["X-Cache-Status"] in {"EXPIRED", "MISS"}
    assert editor[1]["X-Cache-Status"] == "BYPASS"
    assert "X-Cache-Status" not in admin[1] or admin[1]["X-Cache-Status"] == ""
    assert admin[1].get("Content-Encoding") is None
