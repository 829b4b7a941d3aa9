"""Run an untrusted parse in a child process with an address-space cap and a wall-clock timeout.

The child is a fresh interpreter (``python -m evidence.sandbox_worker``) in its own session:
it inherits no threads, locks or open files of the caller (a Streamlit or web server), and it
does not re-import the caller's main script. It imports only what the parse needs.

- timeout: the child's process group is killed, ``IntakeRefused("timeout")``;
- memory: RLIMIT_AS caps the child; a MemoryError, or death by SIGKILL (the kernel's OOM
  killer), gives ``IntakeRefused("memory")``;
- any other death gives ``IntakeRefused("crashed")``.

``fn`` must be importable by name (a module-level function or a builtin), its arguments
picklable and its result JSON-serialisable (dataclasses become dicts, tuples lists). The
result comes back as JSON, never pickle. When ``progress`` is given, ``fn`` is called with a
``progress=`` keyword and its reports ``(done, total)`` are relayed to the callback.
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evidence.errors import IntakeRefused
from evidence.limits import DEFAULT_LIMITS, Limits
from evidence.sandbox_worker import encode

Progress = Callable[[int, int], None]
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
_STDERR_TAIL = 4000


def timeout_refusal(seconds: float) -> IntakeRefused:
    return IntakeRefused(
        "timeout",
        f"文件解析超过 {seconds:g} 秒仍未完成，已中止。文件可能过于复杂或已损坏，"
        "请重新导出为 PDF（或拆分成较小的文件）后上传",
    )


def memory_refusal(memory_mb: int) -> IntakeRefused:
    return IntakeRefused(
        "memory",
        f"文件解析所需内存超过 {memory_mb} MB 的上限，已中止。请压缩文件中的图片、"
        "拆分文件或重新导出为 PDF 后上传",
    )


def _crash_refusal(detail: str) -> IntakeRefused:
    return IntakeRefused(
        "crashed",
        "文件解析时程序异常退出，文件可能已损坏或结构异常。请重新保存或导出为 PDF 后上传",
        detail=detail,
    )


def _parse_failed(detail: str) -> IntakeRefused:
    return IntakeRefused(
        "corrupt",
        "文件无法解析，可能已损坏或格式不规范。请用原软件重新保存或导出为 PDF 后上传",
        detail=detail,
    )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [_PACKAGE_PARENT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _write_job(stdin, job: bytes) -> None:
    try:
        stdin.write(job)
        stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the child died early; its exit status tells why


def _read_messages(stdout, messages: queue.Queue) -> None:
    try:
        for line in stdout:
            try:
                messages.put(json.loads(line))
            except ValueError:
                messages.put({"tag": "error", "detail": f"bad line from worker: {line[:200]!r}"})
    except (OSError, ValueError):
        pass
    finally:
        messages.put(None)


def _kill_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    process.wait()


def run_sandboxed(
    fn: Callable[..., Any],
    *args: Any,
    limits: Limits = DEFAULT_LIMITS,
    seconds: float | None = None,
    memory_mb: int | None = None,
    progress: Progress | None = None,
    sandbox: bool = True,
) -> Any:
    """Call ``fn(*args)`` in a resource-limited child process; return its JSON-decoded result.

    ``seconds``/``memory_mb`` default to ``limits.parse_seconds``/``limits.parse_memory_mb``.
    ``sandbox=False`` runs in-process (fast tests): no timeout or memory cap, but the result
    takes the same JSON round trip so both paths return the same shapes.
    """
    seconds = limits.parse_seconds if seconds is None else seconds
    memory_mb = limits.parse_memory_mb if memory_mb is None else memory_mb
    if not sandbox:
        try:
            result = fn(*args, **({"progress": progress} if progress else {}))
        except MemoryError as exc:
            raise memory_refusal(memory_mb) from exc
        return json.loads(encode({"result": result}))["result"]

    job = pickle.dumps((fn, args, progress is not None), protocol=pickle.HIGHEST_PROTOCOL)
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "evidence.sandbox_worker", str(int(memory_mb))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=_child_env(),
            start_new_session=True,
            close_fds=True,
        )
        messages: queue.Queue = queue.Queue()
        threading.Thread(target=_write_job, args=(process.stdin, job), daemon=True).start()
        threading.Thread(
            target=_read_messages, args=(process.stdout, messages), daemon=True
        ).start()
        deadline = time.monotonic() + seconds
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise timeout_refusal(seconds)
                try:
                    message = messages.get(timeout=remaining)
                except queue.Empty:
                    continue
                if message is None:  # the worker closed its channel without an answer
                    try:
                        process.wait(timeout=max(0.1, min(5.0, remaining)))
                    except subprocess.TimeoutExpired:
                        raise _crash_refusal("worker closed its output but did not exit") from None
                    break
                if message.get("tag") == "progress":
                    if progress is not None:
                        progress(int(message["done"]), int(message["total"]))
                    continue
                return _unpack(message, memory_mb)
        finally:
            _kill_group(process)
            process.stdout.close()
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", "replace")[-_STDERR_TAIL:]
    if process.returncode == -signal.SIGKILL or "memory allocation of" in tail:
        raise memory_refusal(memory_mb)  # the OOM killer, or Rust's abort on a failed allocation
    raise _crash_refusal(f"worker exit status {process.returncode}; stderr: {tail}")


def _unpack(message: dict, memory_mb: int) -> Any:
    tag = message.get("tag")
    if tag == "ok":
        return message.get("result")
    if tag == "refused":
        raise IntakeRefused(message["code"], message["message"], detail=message.get("detail"))
    if tag == "memory":
        raise memory_refusal(memory_mb)
    raise _parse_failed(str(message.get("detail")))
