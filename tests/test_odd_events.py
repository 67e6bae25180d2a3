"""docs/ODD.md's event table names every event kind the model logs, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_story import logged

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def test_the_event_table_names_every_event_the_model_logs():
    table = ODD.read_text().split("**Event log**", 1)[1].split("**Outputs.**", 1)[0]
    first_cells = (line.split("|")[1] for line in table.splitlines() if line.startswith("| `"))
    named = set(re.findall(r"`([a-z_]+)`", " ".join(first_cells)))
    kinds = logged()[0]
    assert kinds <= named, f"docs/ODD.md's event table lacks {sorted(kinds - named)}"
    assert named <= kinds, f"docs/ODD.md's event table names events never logged: {sorted(named - kinds)}"
