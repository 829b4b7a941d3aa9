"""Robots' messages go over kept connections (one per thread and host); a connection the server
closed meanwhile is opened again, and no message is lost or sent twice."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.reminders.send import Connections, DeliveryError, post_webhook


def _server(drop_kept: bool):
    """A keep-alive robot; with ``drop_kept`` it closes every connection after one answer
    without saying so (as a server whose idle timeout ran out)."""
    got: list[str] = []
    connections = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            with lock:
                connections.append(self.client_address)

        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                got.append(body["markdown"]["content"])
            data = b'{"errcode":0,"errmsg":"ok"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            if drop_kept:
                self.close_connection = True

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got, connections


@pytest.mark.parametrize("drop_kept", [False, True])
def test_messages_share_a_kept_connection_and_survive_its_closing(drop_kept):
    server, got, connections = _server(drop_kept)
    url = f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=k"
    try:
        with Connections() as conns:
            for n in range(20):
                post_webhook("wecom", url, "主题", f"第{n}条", conns)
    finally:
        server.shutdown()
    assert got == [f"第{n}条" for n in range(20)]  # each once, in order
    assert len(connections) == (20 if drop_kept else 1)


def test_a_refusing_robot_on_a_kept_connection_is_a_reason():
    server, _got, _c = _server(False)
    url = f"http://127.0.0.1:{server.server_address[1]}/nowhere"
    server.shutdown()
    server.server_close()
    with Connections() as conns, pytest.raises(DeliveryError, match="无法连接机器人地址"):
        post_webhook("wecom", url, "主题", "正文", conns)
