"""The dashboard: ``solara run sim/app.py`` (see docs/dashboard.md).

One model of the county per browser session, stepped term by term: the county map, the series,
a school's story, the succession-risk register from the term on screen, and policies compared
over paired runs. The parts live in ``sim/dashboard/``; this file is what ``solara run`` serves.
"""

from __future__ import annotations

import os

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

import solara.server.settings  # noqa: E402

from sim.dashboard.page import Page  # noqa: E402
from sim.dashboard.session import Simulation  # noqa: E402

# A browser tab that disappears without closing (a laptop lid, a lost connection) keeps its
# session for reconnection this long, then its model is released (Solara's default is 24 hours).
if "SOLARA_KERNEL_CULL_TIMEOUT" not in os.environ:
    solara.server.settings.kernel.cull_timeout = "10m"
if "SOLARA_THEME_SHOW_BANNER" not in os.environ:  # Solara's credit covers the page's corner (credited in the docs)
    solara.server.settings.theme.show_banner = False

Simulation().close()  # warm up once at start: the default config composed and cached, every module imported
page = Page
