"""`pmtui serve`'s web server: textual-serve behind a token per role, with limits on app processes.

textual-serve (Textualize's server for Textual apps) does the hard part: the xterm.js page and one
app process per websocket. This module puts a guard in front of all of it: every request names
its role in the path (/moderator/, /notetaker/, /viewer/) and must carry that role's token, first
in the link's query, then in an HttpOnly cookie, so nothing runs for a request without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import os
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

ROLES = ("moderator", "notetaker", "viewer")
EDITING_ROLES = ("moderator", "notetaker")
PAGE_DIR = Path(__file__).parent / "web_page"
QUIT_SECONDS = 3.0
"""How long an app process gets to quit after its tab closed before it is terminated, then killed."""
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",  # a token in an address never travels on to another site
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'",  # no other site can frame the meeting
    "X-Content-Type-Options": "nosniff",
}
REFUSED = "pmtui: this address needs the link that `pmtui serve` printed.\n"

log = logging.getLogger("pmtui.ui.web")


def new_tokens() -> dict[str, str]:
    """One random token per role: 32 bytes (256 bits) each, URL-safe."""
    return {role: secrets.token_urlsafe(32) for role in ROLES}


def same_token(offered: str | None, expected: str) -> bool:
    """Compare in constant time (bytes: compare_digest refuses non-ASCII text)."""
    return offered is not None and hmac.compare_digest(offered.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class Limits:
    """How many app processes may run: viewers, and all links together."""

    max_viewers: int = 20
    max_sessions: int = 24

    def refusal(self, role: str, running: dict[str, int]) -> str:
        """Why one more process for `role` may not start, or ""."""
        if sum(running.values()) >= self.max_sessions:
            return f"{self.max_sessions} screens are open already (pmtui serve --max-sessions)."
        if role == "viewer" and running.get("viewer", 0) >= self.max_viewers:
            return f"{self.max_viewers} viewers are watching already (pmtui serve --max-viewers)."
        return ""


class PmtuiAppService(AppService):
    """One app process, started without a shell and ended for sure when its tab closes."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        # exec, not a shell: the file name is never parsed by /bin/sh; a session of its own so
        # the whole process group can be ended.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit (it saves what is pending); terminate, then kill, if it does not."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(super().stop(), QUIT_SECONDS)
        process = self._process
        if process is None or process.returncode is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_SECONDS)
                return


@dataclass
class Running:
    """The app processes started, by role."""

    by_role: dict[str, set[PmtuiAppService]] = field(default_factory=lambda: {role: set() for role in ROLES})

    def counts(self) -> dict[str, int]:
        return {role: len(services) for role, services in self.by_role.items()}


class PmtuiServer(Server):
    """textual-serve's Server with a guard, role paths, limits, and no shell or access log."""

    def __init__(
        self,
        session_path: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        tokens: dict[str, str] | None = None,
        limits: Limits | None = None,
        python: str = sys.executable,
    ) -> None:
        super().__init__(command="pmtui", host=host, port=port, title="pmtui", templates_path=PAGE_DIR)
        self.session_path = session_path
        self.tokens = tokens or new_tokens()
        self.limits = limits or Limits()
        self.python = python
        self.running = Running()
        self.cookie_prefix = f"pmtui-{port}-"

    def argv(self, role: str) -> list[str]:
        """The app process a role's page runs: that role on that file, and nothing else."""
        return [self.python, "-m", "pmtui", str(self.session_path), "--role", role, "--served"]

    # ------------------------------------------------------------------ the aiohttp application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        routes: list[web.AbstractRouteDef] = [web.get("/download/{key}", self.handle_download, name="download")]
        for role in ROLES:
            routes += [
                web.get(f"/{role}/", self.handle_index, name=f"{role}-index"),
                web.get(f"/{role}/ws", self.handle_websocket, name=f"{role}-websocket"),
                web.static(f"/{role}/static", self.statics_path, name=f"{role}-static"),
            ]
        app.add_routes(routes)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _role_of(self, path: str) -> str | None:
        first = path.lstrip("/").split("/", 1)[0]
        return first if first in ROLES else None

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """403 unless the request carries its role's token; nothing behind it runs before this says yes."""
        role = self._role_of(request.path)
        if role is None:
            # Downloads (a file the app delivers) sit at /download/: any role's cookie opens them.
            allowed = request.path.startswith("/download/") and any(
                same_token(request.cookies.get(self.cookie_prefix + r), self.tokens[r]) for r in ROLES
            )
        else:
            expected = self.tokens[role]
            if request.path == f"/{role}/" and same_token(request.query.get("token"), expected):
                return self._first_visit(role)
            allowed = same_token(request.cookies.get(self.cookie_prefix + role), expected)
            if allowed and request.path.endswith("/ws"):
                allowed = self._same_origin(request)
        if not allowed:
            response: web.StreamResponse = web.Response(status=403, text=REFUSED, headers=SECURITY_HEADERS)
            return response
        response = await handler(request)
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    def _first_visit(self, role: str) -> web.Response:
        """The link's token becomes an HttpOnly cookie, and the address bar loses it.

        A page that sends the browser on (rather than a 303): SameSite=Strict cookies are not
        sent on a redirect that a link in another site (a chat) started, but they are on this
        same-site navigation.
        """
        target = f"/{role}/"
        body = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={html.escape(target)}"><title>pmtui</title></head>'
            f'<body><a href="{html.escape(target)}">Open the {role}\'s screen</a></body></html>'
        )
        response = web.Response(text=body, content_type="text/html", headers=SECURITY_HEADERS)
        response.set_cookie(self.cookie_prefix + role, self.tokens[role], path="/", httponly=True, samesite="Strict")
        return response

    def _same_origin(self, request: web.Request) -> bool:
        """A websocket opened by a page of another site is refused (cookies alone do not stop that)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser page: the cookie was the check
        return origin.split("://", 1)[-1] == request.host

    # ------------------------------------------------------------------ the page and the app processes

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        role = self._role_of(request.path) or "viewer"
        scheme = "wss" if request.secure else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            # From the address the browser used, so an SSH tunnel on another port works.
            "app_websocket_url": f"{scheme}://{request.host}/{role}/ws",
            "config": {"static": {"url": f"/{role}/static/"}},
            "application": {"name": f"pmtui · {role}"},  # never the file path or the command line
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        role = self._role_of(request.path) or "viewer"
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        refused = self.limits.refusal(role, self.running.counts())
        if refused:
            # No process: say why in the page's terminal and keep the socket until the tab goes.
            await websocket.send_bytes(f"\r\n  pmtui: {refused}\r\n  Close this tab.\r\n".encode())
            async for _message in websocket:
                pass
            return websocket
        service = PmtuiAppService(
            self.argv(role),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.running.by_role[role].add(service)
        try:
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken message from the browser: end this tab's app only
            log.warning("closing a %s screen: %s", role, error)
        finally:
            await asyncio.shield(service.stop())
            self.running.by_role[role].discard(service)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        services = [s for group in self.running.by_role.values() for s in group]
        await asyncio.gather(*(s.stop() for s in services), return_exceptions=True)

    async def start(self) -> web.AppRunner:
        """Listen (port 0 picks a free one); no access log: it would print the links' tokens."""
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self.port = int(runner.addresses[0][1])
        self.cookie_prefix = f"pmtui-{self.port}-"  # two servers on one host keep their own cookies
        return runner
