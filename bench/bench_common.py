"""What the bench scripts share: the machine they ran on and their section of docs/benchmarks.md.

The scripts run as ``python bench/x.py``, so ``sys.path[0]`` is this folder and they import
this module as ``from bench_common import ...``. It needs nothing but the standard library.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"


def cpu_model() -> str:
    """The "model name" of the first CPU in /proc/cpuinfo, else what platform knows, else "unknown"."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpus() -> int:
    """The CPUs this process may run on, as `nproc` counts them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def write_section(section_heading: str, text: str, docs: Path = DOCS) -> None:
    """Put ``text`` (the whole section, its heading line first) in place of that section.

    The section runs from the line that is exactly ``section_heading`` up to the next
    ``"\\n## "`` or the end of the file; a missing section is appended after a blank line.
    Everything outside the section is kept byte for byte.
    """
    body = text.rstrip("\n") + "\n"
    old = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    found = re.search(rf"^{re.escape(section_heading)}[ \t]*$", old, flags=re.MULTILINE)
    if found is None:
        new = old.rstrip("\n") + "\n\n" + body
    else:
        start = found.start()
        end = old.find("\n## ", found.end())
        new = old[:start] + body + ("" if end < 0 else old[end:])
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text(new, encoding="utf-8")
