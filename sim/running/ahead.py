"""A helper process for one ``python -m sim`` job: it composes the job's configuration while the
command imports the model, then prepares the job's summary figure while the model runs.

At its start the command imports numpy, pandas, SciPy and Mesa (about 0.55 s on a 2-core laptop),
then composes its configuration with Hydra (about 0.2 s), which needs none of them: the second
core is idle meanwhile. ``start`` forks, before those imports, a process that imports Hydra and the
configuration's schemas only, composes exactly what the pre-flight will ask for first
(``entry.compose_first``) and sends it back pickled; the pre-flight (``entry._compose``) takes it if
it asks for the very same composition (same overrides, folders, job name and working folder) and
composes it itself otherwise. The helper then goes on with ``then`` (``cli.prepare_figure``:
importing matplotlib and drawing the figure's backdrop, 0.8 s that would otherwise start only with
the run, and for a short run end after it), and takes its work from a second pipe, which the
command reaches through ``helper``.

The helper writes nothing to the command's output and decides nothing: if composing fails, warns
or prints, it sends nothing and stops, and the command composes (and reports) as it always did. It
is started only on Linux and from a single-threaded process (a fork of a threaded one may hold
their locks; macOS does not support a fork that goes on without exec; Windows has none), and only
by ``python -m sim``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

# (process id, read end of the composition's pipe, write end of its work's pipe) of the helper started
_pending: tuple[int, int, int] | None = None
_helper: tuple[int, int] | None = None  # (process id, write end of its work's pipe), once its composition is taken


def start(compose: Callable[[], tuple[str, Any] | None], then: Callable[[Any, int], None] | None = None) -> bool:
    """Fork the helper: it runs ``compose`` (which imports what it needs and returns ``(key,
    configuration)``, or None), sends the result back and, if it composed one, calls ``then(configuration,
    fd)`` with the read end of the pipe ``helper`` writes to. Returns whether it was started."""
    global _pending
    from sim.analysis.plots import can_fork, job_pipe

    if _pending is not None or not can_fork():
        return False

    read, write = os.pipe()
    work_read, work_write = job_pipe()
    pid = os.fork()
    if pid == 0:  # the helper: never returns
        import gc

        gc.disable()  # a short life, making objects and little garbage (matplotlib's import 15% faster)
        os.close(read)
        os.close(work_write)
        code = 1
        try:
            composed, payload = _composed_quietly(compose)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
            if payload and then is not None:
                then(composed[1], work_read)
            code = 0
        except BaseException:  # noqa: BLE001 - the command composes (or draws) it itself
            pass
        finally:
            os._exit(code)
    os.close(write)
    os.close(work_read)
    _pending = (pid, read, work_write)
    return True


def _composed_quietly(compose: Callable[[], tuple[str, Any] | None]) -> tuple[Any, bytes]:
    """What ``compose`` returned and its pickle, or nothing if composing printed, warned or failed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing reaches the command's output, and its pipes are not held open
    os.dup2(devnull, 2)
    import io
    import pickle
    import warnings

    sys.stdout = sys.stderr = said = io.StringIO()
    with warnings.catch_warnings(record=True) as warned:
        composed = compose()
    if composed is None or warned or said.getvalue():
        return None, b""
    return composed, pickle.dumps(composed, protocol=pickle.HIGHEST_PROTOCOL)


def take(key: str) -> Any | None:
    """The configuration composed ahead if it was composed for ``key``, else None (asked once: then
    the helper is ``helper``, or is told to stop)."""
    global _pending, _helper
    if _pending is None:
        return None
    pid, read, work = _pending
    _pending = None
    with os.fdopen(read, "rb") as pipe:
        payload = pipe.read()  # to its end: the helper has sent all it will
    composed_key, cfg = _unpickled(payload)
    if composed_key != key:
        stop((pid, work))
        return None
    _helper = (pid, work)
    import atexit

    atexit.register(_stop_unused)  # a command that stops before its run does not leave the helper drawing
    return cfg


def stop(helper: tuple[int, int]) -> None:
    """Stop a helper (``helper()``) that has nothing more to do, and reap it."""
    import signal

    pid, work = helper
    os.close(work)
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _stop_unused() -> None:
    global _helper
    if _helper is not None:
        found, _helper = _helper, None
        stop(found)


def _unpickled(payload: bytes) -> tuple[str | None, Any]:
    if not payload:
        return None, None
    import pickle

    return pickle.loads(payload)


def helper() -> tuple[int, int] | None:
    """The helper that composed the configuration taken (its process id and the write end of its work's
    pipe, for the caller to close and reap), once: None if there is none."""
    global _helper
    found, _helper = _helper, None
    return found
