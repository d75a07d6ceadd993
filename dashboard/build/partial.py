"""Pure builders of the partial-activity page: sector × territory table, shares of the region."""

from __future__ import annotations

import pandas as pd

from dashboard.build.analysis import display_period
from dashboard.build.fmt import number, percent
from dashboard.build.indicators import period_label
from loaders.domain.reference import a17_sectors

PARTIAL_INDICATORS = {"di_salaries": "Salariés placés en activité partielle (indemnisation)",
                      "dap_salaries": "Salariés concernés par une demande d'autorisation (DAP)",
                      "di_heures": "Heures indemnisées", "dap_heures": "Heures demandées (DAP)"}


def sector_labels() -> dict[str, str]:
    """Return A17 code → INSEE label, in INSEE order."""
    a17 = a17_sectors().sort_values("ordre_insee", key=lambda s: s.astype(int))
    return dict(zip(a17["code_a17"], a17["libelle"]))


def heat_table(detail: pd.DataFrame, period: str, names: dict[str, str]) -> pd.DataFrame:
    """Return sectors in rows, territories in columns, for one period."""
    rows = detail[detail["period"] == period]
    table = rows.pivot_table(index="detail", columns="territory", values="value", aggfunc="sum")
    labels = sector_labels()
    table = table.reindex([c for c in labels if c in table.index])
    table.index = [f"{code} – {labels[code]}" for code in table.index]
    table.columns = [names.get(c, c) for c in table.columns]
    table.index.name = "Secteur (A17)"
    return table


def heat_styler(table: pd.DataFrame):
    """Return the table with French numbers and a light-to-dark blue shade per column (colour-blind safe)."""
    def shade(column: pd.Series) -> list[str]:
        top = column.max()
        styles = []
        for value in column:
            if value != value or not top:
                styles.append("")
                continue
            strength = value / top
            text = "white" if strength > 0.6 else "black"
            styles.append(f"background-color: rgba(8, 81, 156, {0.1 + 0.8 * strength:.2f}); color: {text}")
        return styles
    return table.style.format(lambda v: number(v), na_rep="s").apply(shade, axis=0)


def region_shares(detail_territory: pd.DataFrame, detail_region: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return per sector: the territory's value, the region's, and the territory's share of the region."""
    own = detail_territory[detail_territory["period"] == period].set_index("detail")["value"]
    region = detail_region[detail_region["period"] == period].set_index("detail")["value"]
    labels = sector_labels()
    codes = [c for c in labels if c in region.index]
    frame = pd.DataFrame({"Secteur (A17)": [f"{c} – {labels[c]}" for c in codes],
                          "Territoire": [own.get(c) for c in codes], "Région": [region[c] for c in codes]})
    frame["Part de la région"] = frame["Territoire"] / frame["Région"] * 100
    return frame


def shares_styler(frame: pd.DataFrame):
    """Return the shares table with French formats."""
    return frame.style.format({"Territoire": number, "Région": number,
                               "Part de la région": lambda v: percent(v, signed=False)}, na_rep="n.d.")


def territory_summary(values: dict[str, pd.DataFrame], territory: str | None, wanted: str | None) -> pd.DataFrame:
    """Return, for one territory (or the region), the latest value of each partial-activity indicator."""
    rows = []
    for indicator, frame in values.items():
        own = frame[frame["territory"] == territory] if territory else frame
        own = own[own["detail"].isna()] if "detail" in own else own
        if own.empty:
            continue
        months = own[own["period_type"] == "month"]
        chosen = months if len(months) else own
        period = display_period(sorted(set(chosen["period"])), wanted)
        value = chosen.loc[chosen["period"] == period, "value"].sum()
        rows.append({"Indicateur": PARTIAL_INDICATORS[indicator], "Période": period_label(period),
                     "Valeur": number(value)})
    return pd.DataFrame(rows, columns=["Indicateur", "Période", "Valeur"])
