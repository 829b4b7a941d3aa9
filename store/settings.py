"""Where the product keeps its data: $PIONEER_HOME and the database URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    demo: bool

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings() -> Settings:
    home = Path(os.environ.get("PIONEER_HOME") or Path.home() / ".pioneer").expanduser()
    url = os.environ.get("PIONEER_DATABASE_URL") or f"sqlite:///{home / 'pioneer.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    demo = os.environ.get("PIONEER_DEMO", "").lower() in ("1", "true", "yes")
    return Settings(home=home, database_url=url, demo=demo)
