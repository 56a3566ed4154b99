"""`pmtui serve` over plain HTTP: three links, nothing in without a token, no process for a refused request."""

from __future__ import annotations

import base64
import http.client
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from pmtui.commands.serve import is_loopback, link_host, tunnel_warning
from pmtui.ui.web import Limits, same_token
from tests.serve_driver import ServeProcess


def request(
    serve: ServeProcess, path: str, *, cookie: str = "", upgrade: bool = False, origin: str = ""
) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(serve.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if upgrade:
        headers |= {
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        }
    if origin:
        headers["Origin"] = origin
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read() if response.status != 101 else None
    connection.close()
    return response


def first_visit_cookie(serve: ServeProcess, role: str) -> str:
    """Follow a printed link once: the cookie it sets, as a Cookie header."""
    response = request(serve, urllib.parse.urlsplit(serve.links[role]).path + "?token=" + serve.token(role))
    assert response.status == 200
    set_cookie = response.headers["Set-Cookie"]
    return set_cookie.split(";", 1)[0]


@pytest.fixture
def serve(demo_copy: Path):  # type: ignore[no-untyped-def]
    with ServeProcess(demo_copy) as running:
        yield running


def test_three_links_with_their_own_long_tokens_and_nothing_else_secret(serve: ServeProcess) -> None:
    tokens = {role: serve.token(role) for role in ("moderator", "notetaker", "viewer")}
    assert len(set(tokens.values())) == 3
    for token in tokens.values():
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # token_urlsafe(32): 256 bits
    printed = "".join(serve.output)
    assert {role: printed.count(token) for role, token in tokens.items()} == dict.fromkeys(tokens, 1)
    assert "warning" not in printed  # loopback: no tunnel advice needed
    # Nothing else that looks like a key (a long random word) is printed.
    words = set(re.findall(r"[A-Za-z0-9_-]{24,}", printed))
    assert words == set(tokens.values())


@pytest.mark.parametrize(
    "path",
    ["/", "/viewer/", "/viewer/ws", "/viewer/static/js/textual.js", "/moderator/", "/notetaker/ws", "/download/x",
     "/viewer/?token=", "/viewer/?token=wrong", "/static/js/textual.js"],
)  # fmt: skip
def test_no_token_no_entry_and_no_process(serve: ServeProcess, path: str) -> None:
    response = request(serve, path, upgrade=path.endswith("/ws"))
    assert response.status == 403
    assert "Set-Cookie" not in response.headers
    assert serve.children() == []


def test_a_viewer_token_cannot_open_an_editing_role(serve: ServeProcess) -> None:
    viewer_token = serve.token("viewer")
    viewer_cookie = first_visit_cookie(serve, "viewer")
    for role in ("moderator", "notetaker"):
        assert request(serve, f"/{role}/?token={viewer_token}").status == 403
        forged = viewer_cookie.replace("-viewer=", f"-{role}=")  # the viewer's token under the editor's name
        assert request(serve, f"/{role}/", cookie=forged).status == 403
        assert request(serve, f"/{role}/ws", cookie=viewer_cookie + "; " + forged, upgrade=True).status == 403
    assert serve.children() == []


def test_first_visit_turns_the_token_into_a_strict_httponly_cookie(serve: ServeProcess) -> None:
    response = request(serve, "/viewer/?token=" + serve.token("viewer"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert serve.children() == []  # the page alone starts nothing; its websocket does


def test_the_page_names_the_role_never_the_file_or_the_command(serve: ServeProcess, demo_copy: Path) -> None:
    cookie = first_visit_cookie(serve, "notetaker")
    parts = urllib.parse.urlsplit(serve.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/notetaker/", headers={"Cookie": cookie})
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    assert response.status == 200
    assert "pmtui · notetaker" in page
    for secret in (demo_copy.name, str(demo_copy.parent), "--role", "--served", sys.executable, "-m pmtui"):
        assert secret not in page
    assert serve.token("notetaker") not in page
    assert "fonts.googleapis" not in page  # the page loads nothing from another site
    assert request(serve, "/notetaker/static/js/textual.js", cookie=cookie).status == 200


def test_a_websocket_from_another_site_is_refused(serve: ServeProcess) -> None:
    cookie = first_visit_cookie(serve, "viewer")
    response = request(serve, "/viewer/ws", cookie=cookie, upgrade=True, origin="http://evil.example")
    assert response.status == 403
    assert serve.children() == []


def test_a_broken_file_is_reported_once_and_nothing_is_served(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[incident\ntitle = 'x'\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    result = subprocess.run(
        [sys.executable, "-m", "pmtui", "serve", str(broken), "--port", "0"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("pmtui: ") and "broken.toml" in result.stderr
    assert "Traceback" not in result.stderr and "token=" not in result.stdout


def test_tokens_compare_whole_and_in_constant_time() -> None:
    assert same_token("abc", "abc")
    assert not same_token("abd", "abc") and not same_token("ab", "abc") and not same_token(None, "abc")
    assert not same_token("äbc", "abc")  # non-ASCII input is refused, not an error


def test_limits_on_viewers_and_on_all_screens() -> None:
    limits = Limits(max_viewers=2, max_sessions=3)
    assert limits.refusal("viewer", {"viewer": 1}) == ""
    assert "2 viewers" in limits.refusal("viewer", {"viewer": 2})
    assert limits.refusal("moderator", {"viewer": 2}) == ""
    assert "3 screens" in limits.refusal("notetaker", {"viewer": 2, "moderator": 1})


def test_a_non_loopback_address_gets_a_warning_with_an_ssh_tunnel() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("meeting.example")
    warning = tunnel_warning("0.0.0.0", 8000)
    assert "ssh -N -L 8000:127.0.0.1:8000" in warning and "links are the keys" in warning
    assert link_host("::1") == "[::1]" and link_host("127.0.0.1") == "127.0.0.1"
    assert link_host("0.0.0.0") != "0.0.0.0"  # links need a name another machine can use
