"""Importer accuracy: 附件2 (Word with merged cells and a page split; Excel flat), the real second
table (镇江 充分就业辖市(区), in its published flat layout) and the made-up 充分就业社区 sample,
each against its hand encoding. Run: .venv/bin/python -m bench.rubric_import"""

from __future__ import annotations

import time

from rubric import load_rubric, parse_rubric
from rubric.importer import build_draft, dump_draft
from rubric.importer.accuracy import compare
from rubric.importer.tables import read_rows
from tests.rubric.import_fixtures import flat_docx, flat_xlsx, yanzhou_docx, yanzhou_xlsx

TABLES = {
    "yanzhou-2020": (yanzhou_docx, yanzhou_xlsx),
    "zhenjiang-chongfen-jiuye": (flat_docx, flat_xlsx),
    "chongfen-jiuye-shequ": (yanzhou_docx, yanzhou_xlsx),  # made up (issue 13's description)
}


def main() -> None:
    for rid, (to_docx, to_xlsx) in TABLES.items():
        ref = load_rubric(rid)
        for kind, data in (("docx", to_docx(ref)), ("xlsx", to_xlsx(ref))):
            t0 = time.perf_counter()
            draft, report = build_draft(read_rows(data, kind), "bench-draft")
            acc = compare(parse_rubric(dump_draft(draft)), ref)
            ms = (time.perf_counter() - t0) * 1000
            unmarked = [r for r, marked in acc.unpaired.items() if not marked]
            print(
                f"{rid} {kind}: typed correctly {acc.exact}/{acc.total} rules = {acc.ratio:.1%}, "
                f"marked review {acc.marked} of {acc.clauses} clauses read, "
                f"wrong without a mark {len(acc.wrong) + len(unmarked)} {acc.wrong + unmarked}, "
                f"clauses with no rule in the encoding {list(acc.unpaired)}; "
                f"{report.summary()}; {ms:.0f} ms"
            )


if __name__ == "__main__":
    main()
