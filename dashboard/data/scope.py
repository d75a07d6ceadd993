"""What a page or a deck shows, as one value built once: the data, the maille, the territory, the period and the
« avant crise » reference."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scope:
    """The data folder and the revision read (an édition's included), the maille, the territory (None: the whole
    region), the period shown (None: the latest) and the reference « avant crise » (auto, fevrier_2020…)."""

    base: str
    rev: str
    maille: str
    territory: str | None = None
    period: str | None = None
    reference: str = "auto"

    def at(self, territory: str) -> Scope:
        """Return the same scope on another territory of the maille."""
        return replace(self, territory=territory)
