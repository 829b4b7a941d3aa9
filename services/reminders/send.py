"""Delivery of one message: a group robot's webhook (企业微信, 钉钉) or an e-mail by SMTP.

Each raises ``DeliveryError`` with a Chinese reason when the other side refuses or cannot be
reached; the outbox records it and tries again later.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import smtplib
import socket
import ssl
import threading
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import SplitResult, urlsplit

TIMEOUT = 10


class DeliveryError(Exception):
    pass


def wecom_payload(subject: str, markdown: str) -> dict:
    """企业微信群机器人 markdown message."""
    return {"msgtype": "markdown", "markdown": {"content": markdown}}


def dingtalk_payload(subject: str, markdown: str) -> dict:
    """钉钉自定义机器人 markdown message (the title shows in the chat list)."""
    return {"msgtype": "markdown", "markdown": {"title": subject, "text": markdown}}


PAYLOADS = {"wecom": wecom_payload, "dingtalk": dingtalk_payload}


class Connections:
    """Keep-alive HTTP connections, one per thread and robot host, for one delivery pass (a
    new connection per message cost a TCP handshake and a server thread each); closed at the
    end. A message through a proxy (``http_proxy`` / ``https_proxy``) goes by ``urllib``."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._proxies = urllib.request.getproxies()  # read once a pass, not once a message
        self._bypass: dict[str, bool] = {}

    def proxied(self, url: str) -> bool:
        """Whether the message goes through a proxy (``urllib``'s rules)."""
        parts = urlsplit(url)
        if parts.scheme not in self._proxies:
            return False
        host = parts.hostname or ""
        if host not in self._bypass:
            self._bypass[host] = bool(urllib.request.proxy_bypass(host))
        return not self._bypass[host]

    def __enter__(self) -> Connections:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()

    def get(self, parts: SplitResult) -> tuple[http.client.HTTPConnection, bool]:
        """(this thread's connection to the host, whether it was used before)."""
        conns = self._local.__dict__.setdefault("conns", {})
        key = (parts.scheme, parts.hostname, parts.port)
        if key in conns:
            return conns[key], True
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        conns[key] = conn
        with self._lock:
            self._all.append(conn)
        return conn, False

    def drop(self, parts: SplitResult) -> None:
        conns = self._local.__dict__.get("conns", {})
        conn = conns.pop((parts.scheme, parts.hostname, parts.port), None)
        if conn is not None:
            conn.close()

    def post(self, url: str, body: bytes) -> tuple[int, bytes]:
        """(HTTP status, reply) of a POST; a kept connection the server closed meanwhile is
        opened again once."""
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        while True:
            conn, reused = self.get(parts)
            try:
                conn.request("POST", target, body=body, headers=HEADERS)
                _ack_now(conn.sock)
                response = conn.getresponse()
                reply = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.drop(parts)
                if reused:
                    continue
                raise
            except BaseException:
                self.drop(parts)
                raise
            if response.will_close:
                self.drop(parts)
            return response.status, reply


HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def _ack_now(sock) -> None:
    """Acknowledge the reply's first packet at once (Linux): a server that writes its headers
    and its body separately (Python's http.server does) holds the body until that packet is
    acknowledged, and on a kept connection the acknowledgement is otherwise delayed by 40 ms."""
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _urlopen(url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers=HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def post_webhook(
    channel: str, url: str, subject: str, markdown: str, conns: Connections | None = None
) -> None:
    body = json.dumps(PAYLOADS[channel](subject, markdown), ensure_ascii=False).encode("utf-8")
    try:
        if conns is None or conns.proxied(url):
            status, reply = _urlopen(url, body)
        else:
            status, reply = conns.post(url, body)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"无法连接机器人地址：{reason}") from exc
    if not 200 <= status < 300:
        raise DeliveryError(f"机器人地址返回错误 {status}")
    try:
        answer = json.loads(reply or b"{}")
    except ValueError as exc:
        raise DeliveryError("机器人地址的回复不是 JSON") from exc
    if answer.get("errcode", 0) != 0:  # both robots answer {"errcode": 0, "errmsg": "ok"}
        raise DeliveryError(f"机器人拒收：{answer.get('errcode')} {answer.get('errmsg', '')}")


def smtp_settings() -> dict:
    """PIONEER_SMTP_HOST / _PORT / _USER / _PASSWORD / _FROM / _TLS (starttls|ssl|none)."""
    return {
        "host": os.environ.get("PIONEER_SMTP_HOST", ""),
        "port": int(os.environ.get("PIONEER_SMTP_PORT", "25")),
        "user": os.environ.get("PIONEER_SMTP_USER", ""),
        "password": os.environ.get("PIONEER_SMTP_PASSWORD", ""),
        "sender": os.environ.get("PIONEER_SMTP_FROM", "pioneer@localhost"),
        "tls": os.environ.get("PIONEER_SMTP_TLS", "none"),
    }


def send_email(address: str, subject: str, text: str) -> None:
    cfg = smtp_settings()
    if not cfg["host"]:
        raise DeliveryError("未配置发信服务器（PIONEER_SMTP_HOST）")
    msg = EmailMessage()
    msg["From"] = formataddr(("创建工作领导小组办公室", cfg["sender"]))
    msg["To"] = address
    msg["Subject"] = subject
    msg.set_content(text)
    try:
        if cfg["tls"] == "ssl":
            smtp = smtplib.SMTP_SSL(cfg["host"], cfg["port"], timeout=TIMEOUT)
        else:
            smtp = smtplib.SMTP(cfg["host"], cfg["port"], timeout=TIMEOUT)
        with smtp:
            if cfg["tls"] == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if cfg["user"]:
                smtp.login(cfg["user"], cfg["password"])
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"收件地址被拒绝：{address}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"发信失败：{exc}") from exc


def deliver(
    channel: str, address: str, subject: str, body: str, conns: Connections | None = None
) -> None:
    """Send one message; robots' messages over ``conns`` (kept connections) when given."""
    if channel in PAYLOADS:
        post_webhook(channel, address, subject, body, conns)
    elif channel == "email":
        send_email(address, subject, body)
    else:
        raise DeliveryError(f"未知的发送渠道：{channel}")
