"""For `bench/fanout.py --gc-log`: each Python process started with this folder on PYTHONPATH and
GC_LOG set appends its full (oldest-generation) garbage collections to that file: pid, when
(time.monotonic() in ms, at the end), how long in ms."""

import gc
import os
import time

_started = [0.0]


def _note(phase: str, info: dict) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
    elif info["generation"] == 2:
        took = (time.perf_counter() - _started[0]) * 1000
        with open(os.environ["GC_LOG"], "a", encoding="ascii") as log:
            log.write(f"{os.getpid()} {time.monotonic() * 1000:.1f} {took:.1f}\n")


if os.environ.get("GC_LOG"):
    gc.callbacks.append(_note)
