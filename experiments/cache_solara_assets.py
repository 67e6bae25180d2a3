"""Cache Solara's front-end assets locally so the dashboard works without a CDN.

    python -m experiments.cache_solara_assets          # fills $VIRTUAL_ENV/share/solara/cdn

Council and school networks often block CDNs (and build machines may have no internet). Solara
serves its front-end packages through ``/_solara/cdn/<package>@<version>/...``, fetching them from
a CDN on first use and caching them; this fills that cache from the npm registry instead, with
``npm pack`` (needs node and npm). Set SOLARA_ASSETS_PROXY_CACHE_DIR to use another folder.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# The packages the dashboard's page requests (seen with solara 1.64 and Mesa 3.3.1's SolaraViz).
PACKAGES = [
    "@widgetti/solara-vuetify-app@10.1.1",
    "font-awesome@4.5.0",
    "requirejs@2.3.6",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "mermaid@10.8.0",  # solara.Markdown
    "katex@0.16.9",  # solara.Markdown
]


def cache_dir() -> Path:
    import solara.server.settings as settings

    return Path(settings.assets.proxy_cache_dir)


def fill(packages: list[str] = PACKAGES, target: Path | None = None) -> Path:
    """Unpack each npm package into ``<cache>/<name>@<version>/`` (skipping those already there)."""
    target = target or cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for spec in packages:
            dest = target / spec
            if dest.exists() and any(dest.iterdir()):
                continue
            out = subprocess.run(
                ["npm", "pack", spec, "--silent", "--pack-destination", tmp], capture_output=True, text=True, check=True
            )
            tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
            with tarfile.open(tarball) as tar:
                for member in tar.getmembers():
                    if not member.name.startswith("package/") or ".." in member.name:
                        continue
                    member.name = member.name[len("package/") :]
                    tar.extract(member, dest, filter="data")
            print(f"cached {spec}", file=sys.stderr)
    return target


if __name__ == "__main__":
    print(fill())
