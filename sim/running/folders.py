"""Output folders that appear only when complete.

``python -m sim`` writes into a hidden ``.<name>.partial-<pid>`` sibling of its folder, moved into
place when the run (or every job of a sweep) has finished; a sweep's folder also gets one combined
tidy table. A comparison's folder is a resumable results store that keeps only whole runs.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.running.config import quote_override
from sim.running.plan import Plan
from sim.state.errors import ConfigError, one_line

FAILED = "FAILED"  # a failed job of a sweep leaves this one-line file in its folder


def fail_job(out: Path, message: str) -> None:
    """Empty a failed sweep job's folder (its ``.hydra`` and log kept) and leave a ``FAILED`` line in it."""
    for p in list(out.iterdir()) if out.is_dir() else []:
        if p.name == ".hydra" or p.suffix == ".log":
            continue
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    if out.is_dir():
        (out / FAILED).write_text(one_line(message) + "\n")


def hidden_sibling(final: Path) -> Path:
    return final.parent / f".{final.name}.partial-{os.getpid()}"


def _is_empty(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


class StagedFolder:
    """``python -m sim``: everything is written into a hidden sibling folder, moved into place at the end."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.final = plan.final
        if self.final.exists() and not self.final.is_dir():
            raise ConfigError(f"output folder {self.final} is a file; choose a folder")
        if not _is_empty(self.final):
            raise ConfigError(
                f"output folder {self.final} already holds files; each run writes a new folder, so choose "
                "another hydra.run.dir (or hydra.sweep.dir), or remove that one"
            )
        self.staging = hidden_sibling(self.final)

    def run_dir(self) -> Path:
        return self.staging

    def overrides(self) -> list[str]:
        key = "hydra.sweep.dir" if self.plan.multirun else "hydra.run.dir"
        return [f"{key}={quote_override(str(self.staging))}"]

    @contextmanager
    def hold(self) -> Iterator[None]:
        try:  # here rather than in Hydra, so an unwritable place is one line too
            self.staging.mkdir(parents=True)
        except OSError as err:
            raise ConfigError(f"cannot create the output folder {self.final} ({err.strerror or err})") from err
        yield

    def success(self) -> Path:
        """Move the finished folder into place (beside it, numbered, if another run took the name meanwhile)."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        for i in range(1, 100):
            target = self.final if i == 1 else self.final.with_name(f"{self.final.name}_{i}")
            try:
                if target.is_dir() and not any(target.iterdir()):
                    target.rmdir()
                os.rename(self.staging, target)
                break
            except OSError:
                continue
        else:
            raise ConfigError(f"cannot move the finished run into {self.final}; it is kept in {self.staging}")
        self.final = target
        for yml in self.final.rglob(".hydra/hydra.yaml"):
            yml.write_text(yml.read_text().replace(str(self.staging), str(self.final)))
        return self.final

    def failure(self, interrupted: bool = False) -> str:
        shutil.rmtree(self.staging, ignore_errors=True)
        return ""

    def finish_sweep(self, code: int) -> bool:
        """Keep the jobs that finished, drop the others; combine their tables if all finished and Hydra's
        sweep ended with status ``code`` 0. Returns whether the whole sweep was kept."""
        jobs = [p for p in self.staging.iterdir() if (p / ".hydra").is_dir()] if self.staging.is_dir() else []
        failed = [(p, (p / FAILED).read_text().strip()) for p in jobs if (p / FAILED).exists()]
        unfinished = [p for p in jobs if not (p / "manifest.json").exists()]
        finished = [p for p in jobs if p not in unfinished]
        total = len(self.plan.jobs)
        if code == 0 and not unfinished and len(finished) == total:
            combine_sweep(self.staging, finished, self.plan.swept)
            out = self.success()
            print(f"{total} jobs written to {out}; combined table {out / 'results.parquet'}")
            return True
        for p in unfinished:
            shutil.rmtree(p, ignore_errors=True)
        first = failed[0][1] if failed else f"status {code}"
        if finished:
            self.success()
            print(
                f"sweep incomplete: {total - len(finished)} of {total} jobs failed or did not run (first: {first}); "
                f"the {len(finished)} finished job folders are in {self.final} (no combined table)",
                file=sys.stderr,
            )
        else:
            self.failure()
            print(f"sweep failed: no job finished (first: {first}); nothing was kept", file=sys.stderr)
        return False


class StoreFolder:
    """A comparison: the folder is a resumable results store; finished runs are kept, the report comes last."""

    def __init__(self, plan: Plan) -> None:
        from sim.running.store import ResultsStore

        self.plan = plan
        self.final = plan.final
        self.store = ResultsStore(self.final)
        self.store.check_folder()
        self.created = not self.final.exists()
        self.locked = False
        hashes = plan.state.get("hashes")
        if hashes and not self.created:
            self.store.check_compatible(hashes)

    def run_dir(self) -> Path:
        return self.final

    def overrides(self) -> list[str]:
        return [f"hydra.run.dir={quote_override(str(self.final))}"]

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the folder's lock; on failure remove the folder if this command made it and it holds no run.

        A folder another comparison holds is refused before anything of ours is in it, so it is never removed.
        """
        with self.store.lock():
            self.locked = True
            try:
                yield
            except BaseException:
                self._discard()
                raise
            finally:
                self.locked = False

    def _discard(self) -> None:
        if self.locked and self.created and not self.runs():
            shutil.rmtree(self.final, ignore_errors=True)

    def runs(self) -> int:
        return sum(1 for _ in (self.final / "measures").glob("*/*.parquet")) if self.final.is_dir() else 0

    def success(self) -> Path:
        return self.final

    def failure(self, interrupted: bool = False) -> str:
        n = self.runs()
        if n == 0:
            self._discard()
            return "; nothing was kept"
        return f"; {n} finished runs are kept in {self.final}: rerun with hydra.run.dir={self.final} to resume"

    def finish_sweep(self, code: int) -> bool:  # pragma: no cover - comparisons refuse -m
        return code == 0


def combine_sweep(root: Path, jobs: list[Path], swept: list[str]) -> None:
    """One tidy table of every job's results, with the job folder and each swept value as columns."""
    import pandas as pd
    import yaml

    from sim.running import output

    frames = []
    for job in sorted(jobs, key=lambda p: (0, int(p.name), "") if p.name.isdigit() else (1, 0, p.name)):
        path = job / "results.parquet"
        if not path.exists():
            continue
        df = pd.read_parquet(path)
        given = {}
        ov = job / ".hydra" / "overrides.yaml"
        if ov.exists():
            for line in yaml.safe_load(ov.read_text()) or []:
                k, _, v = str(line).partition("=")
                given[k.lstrip("+~")] = v
        df.insert(0, "job", job.name)
        for i, key in enumerate(k.lstrip("+~") for k in swept):
            if key not in df.columns:
                df.insert(1 + i, key, given.get(key))
        frames.append(df)
    if frames:
        output.write_frame(pd.concat(frames, ignore_index=True), root / "results")
