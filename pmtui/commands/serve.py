"""`pmtui serve FILE`: the meeting in a browser, one link per role (moderator, notetaker, viewers)."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import signal
import socket
import sys
from pathlib import Path

from pmtui.commands._common import EXIT_OK, EXIT_UNREADABLE, report
from pmtui.domain.errors import SessionReadError
from pmtui.storage.store import SessionFile


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the session file (.toml) to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    parser.add_argument("--max-viewers", type=_positive, default=20, help="viewer screens open at once (default 20)")
    parser.add_argument(
        "--max-sessions",
        type=_positive,
        help="app processes at once, all links together (default: max-viewers + 4)",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to an outside address


def link_host(host: str) -> str:
    """The host to put in the links: this machine's name when listening on every address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()  # getfqdn() often answers "localhost", which no one else can reach
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def tunnel_warning(host: str, port: int) -> str:
    return (
        f"pmtui serve: warning: listening on {host}, so other machines can connect, over plain HTTP.\n"
        "  The links are the keys: anyone who sees one (or the network traffic) can use it.\n"
        "  Safer: keep the default --host 127.0.0.1 and have each remote person open an SSH tunnel,\n"
        f"  ssh -N -L {port}:127.0.0.1:{port} you@this-machine\n"
        f"  then open the link with http://127.0.0.1:{port}/ on their own machine."
    )


def run(args: argparse.Namespace) -> int:
    try:
        SessionFile.open(args.file, lazy=True)  # a broken file is reported here, once, not in every tab
    except SessionReadError as error:
        report(error)
        return EXIT_UNREADABLE
    from pmtui.ui.web import Limits, PmtuiServer

    limits = Limits(args.max_viewers, args.max_sessions or args.max_viewers + 4)
    server = PmtuiServer(args.file.resolve(), host=args.host, port=args.port, limits=limits)
    try:
        return asyncio.run(_serve(server, args))
    except OSError as error:  # the port is taken, the address is not this machine's
        report(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return EXIT_OK


async def _serve(server, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    runner = await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    base = f"http://{link_host(args.host)}:{server.port}"
    if not is_loopback(args.host):
        print(tunnel_warning(args.host, server.port), file=sys.stderr, flush=True)
    print(f"pmtui serve: {args.file.name} on {base}. Each link is a key: give it only to that person.")
    for role, note in (
        ("moderator", "runs the meeting"),
        ("notetaker", "types the notes"),
        ("viewer", f"read-only, up to {server.limits.max_viewers} at once"),
    ):
        print(f"  {role:<10} {base}/{role}/?token={server.tokens[role]}   ({note})")
    print("Press ctrl+c to stop; every open screen closes with it.", flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()  # on_shutdown ends every app process
    return EXIT_OK
