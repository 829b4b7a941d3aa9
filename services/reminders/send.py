"""Delivery of one message: a group robot's webhook (企业微信, 钉钉) or an e-mail by SMTP.

Each raises ``DeliveryError`` with a Chinese reason when the other side refuses or cannot be
reached; the outbox records it and tries again later.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formataddr

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


def post_webhook(channel: str, url: str, subject: str, markdown: str) -> None:
    body = json.dumps(PAYLOADS[channel](subject, markdown), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            reply = response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"机器人地址返回错误 {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"无法连接机器人地址：{reason}") from exc
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


def deliver(channel: str, address: str, subject: str, body: str) -> None:
    if channel in PAYLOADS:
        post_webhook(channel, address, subject, body)
    elif channel == "email":
        send_email(address, subject, body)
    else:
        raise DeliveryError(f"未知的发送渠道：{channel}")
