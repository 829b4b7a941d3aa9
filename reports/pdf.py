"""Word/Excel -> PDF with LibreOffice headless (``soffice``), safely.

- Every run has its own LibreOffice profile (``-env:UserInstallation``) and working folder in
  a private temporary directory, so that conversions running at the same time never share a
  lock file, a profile or an output name. At most ``PdfLimits.concurrency`` run at once.
- The profile is seeded hardened: macros never run, remote links (images, OLE, external
  data) are never fetched or updated.
- Limits: input size, wall-clock time per file (the whole process group is killed), and,
  through ``prlimit`` where present, address space, CPU time and output file size.
- ``FONTCONFIG_FILE`` points at the project's ``fonts/fonts.conf``, which maps the government
  font names (仿宋_GB2312, 黑体, 楷体_GB2312, 宋体 ...) to installed Simplified Chinese faces.
- Failures raise ``PdfError`` with a Chinese message; ``PdfUnavailable`` (a subclass) when
  LibreOffice is not installed, so that callers can still hand out the .docx.

``convert_files`` converts many files in one LibreOffice run (one start-up, ~0.2 s a file
instead of ~2 s); a file that hangs or breaks the run is retried alone and reported alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024
FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
KINDS = ("docx", "xlsx")
MISSING_MESSAGE = (
    "本机未安装 LibreOffice（soffice），无法生成 PDF；已提供 Word/Excel 文件。"
    "如需 PDF，请安装 libreoffice-writer-nogui 和 libreoffice-calc-nogui 后重试，"
    "或用 WPS/Word 打开后另存为 PDF"
)

# Written into each fresh profile: no macros, no remote content, no link updates.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


@dataclass(frozen=True)
class PdfLimits:
    max_input_bytes: int = 50 * MiB  # the upload limit of evidence
    seconds_per_file: float = 120
    memory_mb: int = 3072  # address space of LibreOffice (it maps ~1 GB just to start)
    max_output_bytes: int = 512 * MiB
    concurrency: int = 2  # LibreOffice processes at once in this process


DEFAULT_LIMITS = PdfLimits()


class PdfError(Exception):
    """A conversion failed; ``str(exc)`` is the Chinese message, ``code`` says why."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.code = code  # missing | too_large | timeout | failed | kind
        self.message = message
        self.detail = detail


class PdfUnavailable(PdfError):
    def __init__(self) -> None:
        super().__init__("missing", MISSING_MESSAGE)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _slot(limits: PdfLimits) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(limits.concurrency, threading.BoundedSemaphore(limits.concurrency))


def _kind_of(name: str) -> str:
    return Path(name).suffix.lower().lstrip(".")


def _failed(name: str, detail: str = "") -> PdfError:
    hint = "（表格需要 LibreOffice Calc：libreoffice-calc-nogui）" if name.endswith(".xlsx") else ""
    return PdfError(
        "failed",
        f"文件「{name}」无法转换为 PDF，可能已损坏或格式不规范{hint}；请用原软件另存为 PDF",
        detail,
    )


def _timeout(name: str, seconds: float) -> PdfError:
    return PdfError(
        "timeout", f"文件「{name}」转换 PDF 超过 {seconds:g} 秒仍未完成，已中止；请另存为 PDF"
    )


def _seed_profile(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")


def _command(exe: str, profile: Path, outdir: Path, sources: Sequence[Path], limits: PdfLimits):
    cmd = []
    prlimit = shutil.which("prlimit")
    if prlimit:
        cpu = int(limits.seconds_per_file * max(1, len(sources))) + 30
        cmd += [
            prlimit,
            f"--as={limits.memory_mb * MiB}",
            f"--fsize={limits.max_output_bytes}",
            f"--cpu={cpu}",
            "--",
        ]
    cmd += [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nodefault",
        "--nolockcheck",
        "--nologo",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    return cmd


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNO_", "URE_"))}
    env.update(
        FONTCONFIG_FILE=str(FONTS_CONF),
        HOME=str(home),
        TMPDIR=str(home),
        SAL_USE_VCLPLUGIN="svp",
        LANG=env.get("LANG", "C.UTF-8"),
    )
    return env


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    process.wait()


def _run_batch(
    exe: str, sources: list[Path], outdir: Path, limits: PdfLimits, on_done: Callable[[int], None]
) -> tuple[set[int], str]:
    """One LibreOffice run over ``sources`` (converted in order into ``outdir``).

    Returns the indexes whose output is complete and how the run ended: "" (normally),
    "timeout" (no new output for ``seconds_per_file``: killed) or "crashed". An output counts
    as complete once a later one appears, or when the run ended normally.
    """
    outputs = [outdir / f"{s.stem}.pdf" for s in sources]
    complete: set[int] = set()

    def mark(indexes) -> None:
        for i in sorted(set(indexes) - complete):
            complete.add(i)
            on_done(i)

    with tempfile.TemporaryDirectory(prefix="pioneer-lo-") as tmp:
        home = Path(tmp)
        _seed_profile(home / "profile")
        with (home / "soffice.log").open("wb") as log:
            process = subprocess.Popen(
                _command(exe, home / "profile", outdir, sources, limits),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_env(home),
                cwd=tmp,
                start_new_session=True,
                close_fds=True,
            )
            last_change, seen, how = time.monotonic(), -1, "crashed"
            try:
                while True:
                    code = process.poll()
                    present = [i for i, o in enumerate(outputs) if o.exists()]
                    if code is not None:
                        if code == 0:
                            mark(present)
                            how = ""
                        else:  # the last output may be cut short
                            mark(present[:-1])
                        break
                    newest = present[-1] if present else -1
                    if newest != seen:
                        seen, last_change = newest, time.monotonic()
                        mark(present[:-1])
                    if time.monotonic() - last_change > limits.seconds_per_file:
                        how = "timeout"
                        mark(present[:-1])
                        break
                    time.sleep(0.1)
            finally:
                _kill(process)
    return complete, how


def convert_files(
    sources: Sequence[Path],
    outdir: Path,
    *,
    limits: PdfLimits = DEFAULT_LIMITS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[Path, Path | PdfError]:
    """Convert .docx/.xlsx files to ``outdir/<stem>.pdf``; per source the PDF or the error.

    Source stems must be unique (outputs are named after them). Sources over the size limit
    or of another kind are refused without running LibreOffice. When a run breaks (a file
    hangs or crashes LibreOffice), the files not done are run again, the next two alone, so
    that only the culprit fails.
    """
    exe = soffice_path()
    if exe is None:
        raise PdfUnavailable()
    outdir.mkdir(parents=True, exist_ok=True)
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise ValueError("convert_files: source names must have unique stems")
    result: dict[Path, Path | PdfError] = {}
    total = len(sources)

    def done(path: Path, value: Path | PdfError) -> None:
        result[path] = value
        if progress:
            progress(len(result), total)

    todo: list[Path] = []
    for s in sources:
        if _kind_of(s.name) not in KINDS:
            done(s, PdfError("kind", f"「{s.name}」不是 Word（.docx）或 Excel（.xlsx）文件"))
        elif s.stat().st_size > limits.max_input_bytes:
            mb = limits.max_input_bytes // MiB
            done(s, PdfError("too_large", f"文件「{s.name}」超过 {mb} MB，无法转换为 PDF"))
        else:
            todo.append(s)
    solo = 0
    with _slot(limits):
        while todo:
            batch = todo[:1] if solo else todo
            for s in batch:
                (outdir / f"{s.stem}.pdf").unlink(missing_ok=True)
            complete, how = _run_batch(
                exe,
                batch,
                outdir,
                limits,
                lambda i, b=batch: done(b[i], outdir / f"{b[i].stem}.pdf"),
            )
            rest = [s for i, s in enumerate(batch) if i not in complete]
            for s in rest:
                (outdir / f"{s.stem}.pdf").unlink(missing_ok=True)
            todo = rest + todo[len(batch) :]
            solo = max(0, solo - 1)
            if not how:  # ended normally: what has no output could not be loaded
                for s in rest:
                    done(s, _failed(s.name))
                todo = todo[len(rest) :]
            elif len(batch) == 1:
                culprit = todo.pop(0)
                timeout = how == "timeout"
                done(
                    culprit,
                    _timeout(culprit.name, limits.seconds_per_file)
                    if timeout
                    else _failed(culprit.name),
                )
            else:
                solo = 2
    return result


def convert(data: bytes, kind: str = "docx", *, limits: PdfLimits = DEFAULT_LIMITS) -> bytes:
    """PDF bytes of one .docx or .xlsx file; raises PdfError (PdfUnavailable) on failure."""
    if kind not in KINDS:
        raise PdfError(
            "kind", f"只能把 Word（.docx）或 Excel（.xlsx）文件转换为 PDF，而不是 {kind}"
        )
    if len(data) > limits.max_input_bytes:
        raise PdfError("too_large", f"文件超过 {limits.max_input_bytes // MiB} MB，无法转换为 PDF")
    if soffice_path() is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="pioneer-pdf-") as tmp:
        src = Path(tmp) / f"document.{kind}"
        src.write_bytes(data)
        out = convert_files([src], Path(tmp) / "out", limits=limits)[src]
        if isinstance(out, PdfError):
            raise out
        return out.read_bytes()
