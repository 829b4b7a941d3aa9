"""Evidence rows with page text written straight through the ORM (the index events fire)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from evidence.normalize import normalize_text
from store.evidence_tables import Evidence, EvidenceLink, EvidencePage, EvidenceRevision
from store.org import Department, Unit, User


class Corpus:
    def __init__(self, session: Session):
        self.session = session
        self.units: dict[str, int] = {}
        self.depts: dict[str, int] = {}
        user = User(username="bench", display_name="测试", role="office", password_hash="x")
        session.add(user)
        session.flush()
        self.user_id = user.id

    def unit(self, name: str) -> int:
        if name not in self.units:
            u = Unit(name=name)
            self.session.add(u)
            self.session.flush()
            self.units[name] = u.id
        return self.units[name]

    def dept(self, unit: str, name: str) -> int:
        key = f"{unit}/{name}"
        if key not in self.depts:
            d = Department(unit_id=self.unit(unit), name=name)
            self.session.add(d)
            self.session.flush()
            self.depts[key] = d.id
        return self.depts[key]

    def add(
        self,
        title: str,
        *pages: str,
        unit: str = "甲县",
        dept: str = "县人社局",
        reqs: tuple[str, ...] = ("1.2.1",),
        doc_date: dt.date | None = None,
    ) -> int:
        s = self.session
        ev = Evidence(
            unit_id=self.unit(unit),
            department_id=self.dept(unit, dept),
            title=title,
            doc_date=doc_date,
            created_by=self.user_id,
        )
        s.add(ev)
        s.flush()
        rev = EvidenceRevision(
            evidence_id=ev.id,
            sha256="0" * 64,
            size=1,
            kind="pdf",
            mime="application/pdf",
            original_name=f"{title}.pdf",
            pages=len(pages),
            uploaded_by=self.user_id,
        )
        s.add(rev)
        s.flush()
        for n, written in enumerate(pages):
            s.add(
                EvidencePage(
                    revision_id=rev.id, page=n, text=written, search_text=normalize_text(written)
                )
            )
        for r in reqs:
            s.add(EvidenceLink(evidence_id=ev.id, rubric_id="yanzhou-2020", requirement_id=r))
        ev.current_revision_id = rev.id
        s.add(ev)
        s.flush()
        return ev.id
