"""The results store: a Parquet dataset of finished runs plus their resolved configs.

Layout under one folder::

    store.json                          which config hash each scenario name stands for
    configs/<hash>.yaml                 resolved config of each scenario
    design.json                         the parameter draws and counties the runs use (if any)
    measures/<scenario>/<hash>-<seed>.parquet   tidy yearly measures of one run
    measures/<scenario>/<hash>-d<draw>-c<county>-<seed>.parquet   the same for another draw or county
    risk/<scenario>/<hash>-...parquet           each school's first headship-gap term in that run
    drivers/<scenario>/<hash>.parquet           each school's succession-risk drivers at the start
    .lock                               held by the comparison writing into the folder

A run is keyed by (scenario, draw, county, seed): the scenario's config hash, the parameter draw
(0 = the defaults), the synthetic county (0 = the region as configured) and the seed. The draws'
values and the counties' region seeds are kept in design.json; a folder whose draw or county of
the same number stands for other values is refused, so extending an ensemble with more draws,
counties or seeds never mixes designs.

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
RUN_FILE = re.compile(r"^(?P<hash>[0-9a-f]{12})-(?:d(?P<draw>\d+)-c(?P<county>\d+)-)?(?P<seed>\d+)\.parquet$")
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
        ours = {"store.json", "design.json", "draws.csv", "configs", *KINDS, ".lock", ".hydra"}
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

    def design(self) -> dict:
        """The draws (draw number -> parameter values) and counties (number -> region seed) of the runs."""
        path = self.root / "design.json"
        if not path.exists():
            return {"draws": {}, "counties": {}}
        try:
            held = json.loads(path.read_text())
            return {"draws": dict(held["draws"]), "counties": dict(held["counties"])}
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
            raise StoreError(
                f"{path} is damaged ({type(err).__name__}); move the folder aside and start a new comparison"
            ) from None

    def check_design(self, draws: dict[int, dict[str, float]], counties: dict[int, int]) -> None:
        """Refuse a folder whose draw or county of the same number stands for other values; then record them."""
        held = self.design()
        for what, new in (("draws", draws), ("counties", counties)):
            for number, value in new.items():
                old = held[what].get(str(number))
                if old is not None and old != value:
                    noun = "parameter draw" if what == "draws" else "county"
                    raise StoreError(
                        f"output folder {self.root} already holds {noun} {number} with other values than this "
                        "comparison's (another draw seed, posterior, assumption set or region); choose another "
                        "folder (results are never mixed)"
                    )
        merged = {
            what: {**held[what], **{str(k): v for k, v in new.items()}}
            for what, new in (("draws", draws), ("counties", counties))
        }
        if merged != held:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(
                self.root / "design.json", lambda p: p.write_text(json.dumps(merged, indent=1, sort_keys=True))
            )

    # ----- runs -------------------------------------------------------------------------------
    def part(
        self, kind: str, scenario: str, chash: str, seed: int | None = None, draw: int = 0, county: int = 0
    ) -> Path:
        if seed is None:
            name = f"{chash}.parquet"
        elif draw == 0 and county == 0:
            name = f"{chash}-{seed}.parquet"
        else:
            name = f"{chash}-d{draw}-c{county}-{seed}.parquet"
        return self.root / kind / scenario / name

    def done(self, scenario: str, chash: str, seed: int, draw: int = 0, county: int = 0) -> bool:
        return all(self.part(kind, scenario, chash, seed, draw, county).exists() for kind in ("measures", "risk"))

    def write(
        self, kind: str, scenario: str, chash: str, seed: int | None, df: pd.DataFrame, draw: int = 0, county: int = 0
    ) -> None:
        path = self.part(kind, scenario, chash, seed, draw, county)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda p: df.to_parquet(p, index=False))

    def read(
        self,
        kind: str,
        scenarios: list[str] | None = None,
        seeds: Iterable[int] | None = None,
        draws: Iterable[int] | None = None,
        counties: Iterable[int] | None = None,
    ) -> pd.DataFrame:
        """Runs of ``kind`` for the scenarios under their registered config (only the seeds, draws and
        counties given, if given); every run's rows carry its ``draw`` and ``county``."""
        held = self.index()
        wanted = {
            key: None if values is None else {int(v) for v in values}
            for key, values in (("seed", seeds), ("draw", draws), ("county", counties))
        }
        frames = []
        for name in scenarios if scenarios is not None else sorted(held):
            chash = held.get(name)
            folder = self.root / kind / name
            if chash is None or not folder.exists():
                continue
            for path in sorted(folder.glob(f"{chash}*.parquet")):
                m = RUN_FILE.match(path.name)
                if m is None:
                    frames.append(pd.read_parquet(path))
                    continue
                key = {
                    "seed": int(m.group("seed")),
                    "draw": int(m.group("draw") or 0),
                    "county": int(m.group("county") or 0),
                }
                if any(wanted[k] is not None and key[k] not in wanted[k] for k in key):
                    continue
                frame = pd.read_parquet(path)
                for k in ("draw", "county"):
                    if k not in frame.columns:
                        frame.insert(min(2, len(frame.columns)), k, key[k])
                frames.append(frame)
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

    def verify(self, runs: Iterable[tuple], first_seeds: dict[str, int]) -> list[str]:
        """Check the files of finished runs; delete a damaged run's files so it is redone.

        ``runs`` are the (scenario, config hash, seed[, draw, county]) the current configuration
        asks for; ``first_seeds`` the seed whose run (draw 0, county 0) writes each scenario's
        drivers. Returns one message per damaged file (also kept in ``self.messages``).
        """
        runs = [(*r, 0, 0)[:5] for r in runs]
        found = []
        for scenario, chash, seed, draw, county in runs:
            files = [self.part(kind, scenario, chash, seed, draw, county) for kind in ("measures", "risk")]
            if not any(f.exists() for f in files):
                continue
            bad = [(f, why) for f in files if (why := damage(f)) is not None]
            if bad:
                for f, why in bad:
                    found.append(f"store: {f.relative_to(self.root)} is damaged ({why}); that run is redone")
                for f in files:
                    f.unlink(missing_ok=True)
        for scenario, chash, seed, draw, county in runs:
            if first_seeds.get(scenario) != seed or draw != 0 or county != 0:
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
