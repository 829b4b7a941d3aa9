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

    files_root: Path | None = None  # PIONEER_FILES_ROOT: shared by every app server and worker

    @property
    def files(self) -> Path:
        """Where files live: the evidence store, its staging area and job outputs."""
        return self.files_root or self.home

    @property
    def evidence_dir(self) -> Path:
        return self.files / "evidence"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings() -> Settings:
    home = Path(os.environ.get("PIONEER_HOME") or Path.home() / ".pioneer").expanduser()
    url = os.environ.get("PIONEER_DATABASE_URL") or f"sqlite:///{home / 'pioneer.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    demo = os.environ.get("PIONEER_DEMO", "").lower() in ("1", "true", "yes")
    files = os.environ.get("PIONEER_FILES_ROOT")
    return Settings(
        home=home,
        database_url=url,
        demo=demo,
        files_root=Path(files).expanduser() if files else None,
    )
