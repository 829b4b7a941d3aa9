"""Child side of :mod:`evidence.sandbox`: ``python -m evidence.sandbox_worker MEMORY_MB``.

Reads one pickled ``(fn, args, with_progress)`` from stdin (the parent is trusted), caps its
own address space, runs ``fn`` and writes JSON lines to its original stdout. Results travel as
JSON, never pickle, so that a parser compromised by a hostile file cannot hand the parent
process code to run. Anything the libraries print goes to stderr.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import resource
import sys
import traceback

MiB = 1024 * 1024


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(memory_mb: int) -> None:
    """Cap the address space at what is mapped now plus ``memory_mb``; no core dumps."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _vm_size_bytes() + memory_mb * MiB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _default(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def encode(message: dict) -> str:
    """One JSON line; dataclasses become objects, tuples lists."""
    return json.dumps(message, ensure_ascii=False, default=_default)


def main() -> int:
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints of the parsers must not corrupt the channel
    sys.stdout = sys.stderr

    def send(message: dict) -> None:
        channel.write(encode(message) + "\n")
        channel.flush()

    try:
        limit_memory(int(sys.argv[1]))
        fn, args, with_progress = pickle.load(sys.stdin.buffer)
        kwargs = {}
        if with_progress:
            kwargs["progress"] = lambda done, total: send(
                {"tag": "progress", "done": done, "total": total}
            )
        result = fn(*args, **kwargs)
        send({"tag": "ok", "result": result})
    except MemoryError:
        send({"tag": "memory"})
    except Exception as exc:  # noqa: BLE001 - everything must reach the parent
        from evidence.errors import IntakeRefused

        if isinstance(exc, IntakeRefused):
            send({"tag": "refused", "code": exc.code, "message": exc.message, "detail": exc.detail})
        else:
            try:
                send({"tag": "error", "detail": f"{exc!r}\n{traceback.format_exc()}"})
            except MemoryError:
                send({"tag": "memory"})
    channel.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
