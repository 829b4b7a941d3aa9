"""Who is acting: every service call names its actor, and permissions are checked against it."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import PermissionDenied
from store.org import ROLE_LABELS


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str
    display_name: str
    role: str  # office | department | inspector | viewer
    department_id: int | None = None
    department_name: str | None = None
    must_change_password: bool = False  # an initial or reset password: change it first
    # the unit the role is granted on; it covers the unit's subtree (None: the whole deployment)
    unit_id: int | None = None
    unit_name: str | None = None
    session_version: int = 0  # the user's session version when this actor logged in

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_office(self) -> bool:
        return self.role == "office"

    def require(self, *roles: str, action: str = "执行此操作") -> None:
        if self.role not in roles:
            allowed = "、".join(ROLE_LABELS[r] for r in roles)
            raise PermissionDenied(f"无权{action}：仅{allowed}可以{action}")


# The command line acts with office rights under its own name in the audit trail.
CLI_ACTOR = Actor(id=None, username="cli", display_name="命令行", role="office")
SYSTEM_ACTOR = Actor(id=None, username="system", display_name="系统", role="office")
