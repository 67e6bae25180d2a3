"""What the burn-in measures of itself: the rates from which the slow parts of the start are made stationary.

The spin-up (``SchoolSystem.spin_up``) starts from a guess (``population.build_population``), replays ad hoc
partnership formation before the burn-in (``partnerships.open_ad_hoc``), then simulates the burn-in under the
pre-2012 policy. Federations last longer (about 14 years) than a short burn-in can build a stock of them from none, so
part-way through it the model tops them up to the stock at which the formations and separations it has
measured, for the parameters of this run, balance (``federation.top_up``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.state.curves import SUMMER
from sim.state.world import World


@dataclass
class Ledger:
    """Each burn-in year's federations formed and separated, and the federations at the year's end."""

    formed: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    federations: list[int] = field(default_factory=list)
    _year: dict[str, int] = field(default_factory=lambda: {"formed": 0, "ended": 0})

    def add_term(self, model: World) -> None:
        """Count this term's flows (``model.flows``); close the year in summer."""
        y = self._year
        for name, n in model.flows.items():
            if name == "federations_formed":
                y["formed"] += n
            elif name.startswith("federations_ended."):
                y["ended"] += n
        if model.term_in_year == SUMMER:
            self.formed.append(y["formed"])
            self.ended.append(y["ended"])
            self.federations.append(sum(1 for p in model.partnerships_by_key() if p.form.is_hard))
            self._year = {"formed": 0, "ended": 0}

    def stationary_federations(self, window: int) -> float | None:
        """The stock at which formations balance separations over the last ``window`` years: formations per
        year divided by separations per federation-year (None before any separation)."""
        years = min(window, len(self.formed))
        ended, exposure = sum(self.ended[-years:]), sum(self.federations[-years:])
        if years == 0 or ended == 0 or exposure == 0:
            return None
        return sum(self.formed[-years:]) / years / (ended / exposure)
