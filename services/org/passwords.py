"""The strength a password chosen by its owner must have (密码强度要求).

At least 8 characters with at least three of: upper-case letters, lower-case letters, digits,
other symbols (the usual rule of 等级保护); never the username, never a common password.
"""

from __future__ import annotations

from services.errors import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_CLASSES = 3
RULE = f"至少 {MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能与用户名相同"

# the passwords tried first by anyone guessing (compared case-insensitively)
COMMON = frozenset(
    p.lower()
    for p in (
        "Passw0rd!",
        "P@ssw0rd",
        "P@ssword1",
        "Password1!",
        "Password123",
        "Password@123",
        "Admin@123",
        "Admin123!",
        "Admin@1234",
        "Abc@123456",
        "Abc@1234",
        "Abcd@1234",
        "Aa123456!",
        "Aa@123456",
        "Qwer@1234",
        "Qwerty123!",
        "1qaz@WSX",
        "1qaz!QAZ",
        "Zaq1@wsx",
        "Root@123",
        "Test@123",
        "Welcome1!",
        "Huawei@123",
        "Changeme1!",
        "Pioneer@123",
    )
)


def classes(password: str) -> int:
    """How many of upper, lower, digit and other characters the password uses."""
    return sum(
        (
            any(c.isascii() and c.isupper() for c in password),
            any(c.isascii() and c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.isascii() and c.isalnum()) for c in password),
        )
    )


def check_strength(password: str, username: str = "") -> None:
    """Raise InvalidInput with a Chinese message when the password is too weak."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"新密码太短：至少需要 {MIN_LENGTH} 位（{RULE}）")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"新密码不能超过 {MAX_LENGTH} 位")
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise InvalidInput("新密码不能包含控制字符")
    name = username.strip().lower()
    if name and (password.lower() == name or password.lower() == name[::-1]):
        raise InvalidInput("新密码不能与用户名相同（也不能是用户名倒写）")
    if password.lower() in COMMON:
        raise InvalidInput("新密码是常见密码，容易被猜到，请换一个")
    if classes(password) < MIN_CLASSES:
        raise InvalidInput(
            f"新密码太简单：需包含大写字母、小写字母、数字、符号中的至少三类（{RULE}）"
        )
