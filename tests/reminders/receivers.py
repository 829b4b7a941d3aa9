"""Local stand-ins for the outside world: a group-robot webhook receiver and an SMTP server."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Webhooks:
    """Records every POST; ``fail`` maps a path to how many requests to refuse first."""

    received: list[tuple[str, dict]] = field(default_factory=list)
    fail: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.received]


def start_webhooks() -> tuple[Webhooks, ThreadingHTTPServer]:
    hooks = Webhooks()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            path = self.path.split("?")[0]
            with lock:
                if hooks.fail.get(path, 0) > 0:
                    hooks.fail[path] -= 1
                    hooks.refused.append(path)
                    reply, code = {"errcode": 45009, "errmsg": "api freq out of limit"}, 200
                else:
                    hooks.received.append((self.path, json.loads(body)))
                    reply, code = {"errcode": 0, "errmsg": "ok"}, 200
            data = json.dumps(reply).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    hooks.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return hooks, server


class Mailbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_smtp():
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    return box, controller
