"""The results store: a Parquet dataset of finished runs plus their resolved configs.

Layout under one folder::

    store.json                          which config hash each scenario name stands for
    configs/<hash>.yaml                 resolved config of each scenario
    measures/<scenario>/<hash>-<seed>.parquet   tidy yearly measures of one run
    risk/<scenario>/<hash>-<seed>.parquet       each school's first headship-gap term in that run
    drivers/<scenario>/<hash>.parquet           each school's succession-risk drivers at the start
    .lock                               held by the comparison writing into the folder

One file per run, written atomically (a temporary file, flushed to disk, then renamed) by the
worker that ran it: an interrupted ensemble leaves only whole files, and rerunning skips every
run whose files exist and pass the integrity check (``verify``: a damaged, empty or truncated
file is reported and that run redone). A folder that already holds a scenario under another
config hash is refused before anything runs, so results of different configurations are never
mixed or overwritten; a second comparison into a folder in use is refused at once (``lock``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

from sim.state.errors import StoreError

KINDS = ("measures", "risk", "drivers")
RUN_FILE = re.compile(r"^(?P<hash>[0-9a-f]{12})-(?P<seed>\d+)\.parquet$")
_HELD: dict[Path, list] = {}  # folder -> [FileLock, depth]: the lock is re-entrant within a process


class ResultsStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.messages: list[str] = []  # what the integrity checks found and did

    # ----- the folder -------------------------------------------------------------------------
    def check_folder(self) -> None:
        """Refuse a path that is a file, or a folder holding something other than a results store."""
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"output folder {self.root} is a file, not a folder")
        if not self.root.is_dir():
            return
        names = {p.name for p in self.root.iterdir()}
        ours = {"store.json", "configs", *KINDS, ".lock", ".hydra"}
        if names and not (names & {"store.json", *KINDS}) and names - ours - {n for n in names if n.endswith(".log")}:
            raise StoreError(
                f"output folder {self.root} holds other files and no results store; choose an empty or new folder"
            )

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's lock; refuse at once if another process holds it (re-entrant here)."""
        from filelock import FileLock, Timeout

        self.check_folder()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create the output folder {self.root} ({err.strerror or err})") from err
        key = self.root.resolve()
        held = _HELD.get(key)
        if held is None:
            lock = FileLock(str(key / ".lock"), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise StoreError(
                    f"output folder {self.root} is in use by another comparison; wait for it to finish "
                    "or choose another folder"
                ) from None
            except OSError as err:
                raise StoreError(f"output folder {self.root} cannot be locked ({err.strerror or err})") from err
            held = _HELD[key] = [lock, 0]
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
            if held[1] == 0:
                held[0].release()
                del _HELD[key]

    # ----- identity ---------------------------------------------------------------------------
    def index(self) -> dict[str, str]:
        """Scenario name -> config hash; a damaged store.json is rebuilt from the run files if it can be."""
        path = self.root / "store.json"
        if not path.exists():
            return {}
        try:
            held = json.loads(path.read_text())
            if not isinstance(held, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in held.items()
            ):
                raise ValueError("not a mapping of scenario names to config hashes")
            return held
        except IsADirectoryError:
            raise StoreError(f"{path} is a folder; the results store is damaged beyond repair") from None
        except (ValueError, UnicodeDecodeError) as err:
            return self._rebuild_index(path, err)
        except OSError as err:
            raise StoreError(f"{path} cannot be read ({err.strerror or err})") from err

    def _rebuild_index(self, path: Path, err: Exception) -> dict[str, str]:
        found: dict[str, set[str]] = {}
        for kind in ("measures", "risk"):
            for f in (self.root / kind).glob("*/*.parquet"):
                m = RUN_FILE.match(f.name)
                if m:
                    found.setdefault(f.parent.name, set()).add(m.group("hash"))
        ambiguous = sorted(name for name, hashes in found.items() if len(hashes) > 1)
        if ambiguous:
            raise StoreError(
                f"{path} is damaged ({type(err).__name__}) and cannot be rebuilt: scenario {ambiguous[0]!r} has runs "
                "under more than one configuration; move the folder aside and start a new comparison"
            )
        rebuilt = {name: next(iter(hashes)) for name, hashes in sorted(found.items())}
        missing = [h for h in rebuilt.values() if not (self.root / "configs" / f"{h}.yaml").exists()]
        if missing:
            raise StoreError(
                f"{path} is damaged and cannot be rebuilt: configs/{missing[0]}.yaml is missing; "
                "move the folder aside and start a new comparison"
            )
        self.messages.append(f"store: {path.name} was damaged; rebuilt from the run files ({len(rebuilt)} scenarios)")
        atomic_write(path, lambda p: p.write_text(json.dumps(rebuilt, indent=2, sort_keys=True)))
        return rebuilt

    def check_compatible(self, hashes: dict[str, str]) -> None:
        """Refuse a folder holding a scenario of the same name under a different config."""
        held = self.index()
        for name, chash in hashes.items():
            if name in held and held[name] != chash:
                raise StoreError(
                    f"output folder {self.root} already holds scenario '{name}' with config {held[name]}, "
                    f"but this run's config is {chash}; choose another folder (results are never mixed)"
                )

    def register(self, hashes: dict[str, str], configs: dict[str, dict]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "configs").mkdir(exist_ok=True)
        for name, chash in hashes.items():
            path = self.root / "configs" / f"{chash}.yaml"
            if not path.exists():
                atomic_write(path, lambda p, c=configs[name]: p.write_text(OmegaConf.to_yaml(OmegaConf.create(c))))
        merged = {**self.index(), **hashes}
        atomic_write(self.root / "store.json", lambda p: p.write_text(json.dumps(merged, indent=2, sort_keys=True)))

    # ----- runs -------------------------------------------------------------------------------
    def part(self, kind: str, scenario: str, chash: str, seed: int | None = None) -> Path:
        name = f"{chash}.parquet" if seed is None else f"{chash}-{seed}.parquet"
        return self.root / kind / scenario / name

    def done(self, scenario: str, chash: str, seed: int) -> bool:
        return (
            self.part("measures", scenario, chash, seed).exists() and self.part("risk", scenario, chash, seed).exists()
        )

    def write(self, kind: str, scenario: str, chash: str, seed: int | None, df: pd.DataFrame) -> None:
        path = self.part(kind, scenario, chash, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda p: df.to_parquet(p, index=False))

    def read(self, kind: str, scenarios: list[str] | None = None, seeds: Iterable[int] | None = None) -> pd.DataFrame:
        """Runs of ``kind`` for the scenarios under their registered config, only ``seeds`` if given (sorted)."""
        held = self.index()
        wanted = None if seeds is None else {int(s) for s in seeds}
        frames = []
        for name in scenarios if scenarios is not None else sorted(held):
            chash = held.get(name)
            folder = self.root / kind / name
            if chash is None or not folder.exists():
                continue
            for path in sorted(folder.glob(f"{chash}*.parquet")):
                m = RUN_FILE.match(path.name)
                if wanted is not None and m is not None and int(m.group("seed")) not in wanted:
                    continue
                frames.append(pd.read_parquet(path))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    # ----- integrity ----------------------------------------------------------------------------
    def remove_partial_files(self) -> int:
        """Delete temporary files left by writers that were killed (never under a final name)."""
        n = 0
        for kind in (*KINDS, "configs"):
            for tmp in (self.root / kind).rglob(".*.tmp") if (self.root / kind).exists() else []:
                tmp.unlink(missing_ok=True)
                n += 1
        for tmp in self.root.glob(".store.json.*.tmp"):
            tmp.unlink(missing_ok=True)
            n += 1
        return n

    def verify(self, runs: Iterable[tuple[str, str, int]], first_seeds: dict[str, int]) -> list[str]:
        """Check the files of finished runs; delete a damaged run's files so it is redone.

        ``runs`` are the (scenario, config hash, seed) the current configuration asks for;
        ``first_seeds`` the seed whose run writes each scenario's drivers. Returns one message per
        damaged file (also kept in ``self.messages``).
        """
        runs = list(runs)
        found = []
        for scenario, chash, seed in runs:
            files = [self.part(kind, scenario, chash, seed) for kind in ("measures", "risk")]
            if not any(f.exists() for f in files):
                continue
            bad = [(f, why) for f in files if (why := damage(f)) is not None]
            if bad:
                for f, why in bad:
                    found.append(f"store: {f.relative_to(self.root)} is damaged ({why}); that run is redone")
                for f in files:
                    f.unlink(missing_ok=True)
        for scenario, chash, seed in runs:
            if first_seeds.get(scenario) != seed:
                continue
            drivers = self.part("drivers", scenario, chash)
            why = damage(drivers) if drivers.exists() else "missing"
            if why is not None and self.done(scenario, chash, seed):
                if drivers.exists():
                    found.append(f"store: {drivers.relative_to(self.root)} is damaged ({why}); its run is redone")
                    drivers.unlink(missing_ok=True)
                for kind in ("measures", "risk"):
                    self.part(kind, scenario, chash, seed).unlink(missing_ok=True)
        self.messages.extend(found)
        return found


def damage(path: Path) -> str | None:
    """Why a Parquet file of the store cannot be used (empty, truncated, unreadable, no rows), else None."""
    import pyarrow.parquet as pq

    try:
        size = path.stat().st_size
    except OSError as err:
        return err.strerror or str(err)
    if size == 0:
        return "empty file"
    try:
        meta = pq.read_metadata(path)
    except Exception as err:  # noqa: BLE001 - pyarrow raises several kinds for a broken file
        return f"not a whole Parquet file: {' '.join(str(err).split())[:80]}"
    if meta.num_rows == 0 and path.parent.parent.name == "measures":
        return "no rows"
    return None


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through ``write(tmp)``, flush to disk, then rename over ``path``: never a half-written file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
