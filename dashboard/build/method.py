"""Pure builders of the « Sources et méthode » page."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.build.indicators import FAMILIES, period_label
from loaders.domain.territory import CLE_SOURCE, EFOP, REGION

DEFINITIONS = {
    "demandeurs": ("Personnes inscrites à France Travail, tenues de rechercher un emploi et sans emploi "
                   "(catégorie A), en fin de mois ou en moyenne trimestrielle.",
                   "Mensuelle ou trimestrielle", "Brutes et CVS-CJO selon l'extrait ; arrondi à la dizaine "
                   "dans les publications.", "Ruptures de série en janvier 2022 (actualisation) et janvier 2025 "
                   "(inscription automatique, loi plein emploi)."),
    "offres": ("Offres d'emploi déposées à France Travail (collectées), par type : durable (plus de 6 mois), "
               "temporaire (1 à 6 mois), occasionnelle (moins d'un mois).", "Mensuelle", "Brutes.",
               "Une partie des offres du marché ne passe pas par France Travail."),
    "activite_partielle": ("Salariés effectivement placés en activité partielle (demandes d'indemnisation) ; "
                           "les demandes d'autorisation préalables (DAP) sont des intentions, souvent supérieures.",
                           "Mensuelle (indemnisation) ou cumul (autorisations)",
                           "Effectifs arrondis à 5 ; petites cellules non diffusées (secret).",
                           "Les données récentes sont révisées à mesure des demandes d'indemnisation."),
}
GEOGRAPHY_SOURCES = ("Référentiel géographique : IGN – Admin Express COG 2018 (contours simplifiés) ; INSEE – "
                     "Code officiel géographique 2026, populations de référence 2023, zonage en zones d'emploi "
                     f"2020 ; DGCL – composition des EPCI 2026 (via Etalab) ; {CLE_SOURCE} (2026). "
                     "Licence Ouverte 2.0.")


def indicator_table(imports: pd.DataFrame) -> pd.DataFrame:
    """Return one row per indicator: definition, source, periodicity, rounding, caveats and the files feeding it."""
    rows = []
    for family in FAMILIES:
        definition, periodicity, rounding, caveats = DEFINITIONS[family.id]
        feeding = imports[(imports["source"] == family.source) & (imports["status"] == "active")]
        files = "; ".join(f"{r.filename} ({r.imported_at:%d/%m/%Y}, {r.imported_by})" for r in feeding.itertuples())
        rows.append({"Indicateur": family.label, "Définition": definition, "Source": family.origin,
                     "Périodicité": periodicity, "Arrondis et secret": rounding, "Précautions": caveats,
                     "Couverture": _coverage(feeding), "Fichiers importés": files or "aucun"})
    return pd.DataFrame(rows)


def _coverage(feeding: pd.DataFrame) -> str:
    periods, territories = set(), set()
    for report in feeding["report"]:
        data = json.loads(report or "{}")
        periods.update(data.get("periods", []))
        territories.update(data.get("territories", []))
    if not periods:
        return "—"
    ordered = sorted(periods)
    return f"{len(territories)} territoires, {period_label(ordered[0])} à {period_label(ordered[-1])}"


def maille_text(maille: str, label: str) -> str:
    """Return the French explanation of the maille in use, and of the official grid."""
    text = f"Maille affichée : **{label}**. "
    if maille == EFOP.id:
        return text + "Référentiel officiel des territoires EFOP importé depuis le fichier publié par la Région."
    return text + (
        "Depuis le 1er janvier 2025 (loi pour le plein emploi), chaque territoire a un comité local pour l'emploi "
        f"(CLE) ; en {REGION.name}, les 18 CLE s'appuient sur les périmètres des CLEFOP : c'est le découpage "
        "officiel, affiché par défaut. Deux CLE centrés hors de la région (Redon, Pays d'Alençon et d'Andaine) n'y "
        "sont décrits que par leur partie régionale. Leur composition communale est dérivée des contours publiés "
        f"(chaque commune va au CLE qui couvre la plus grande part de sa surface) : {CLE_SOURCE}, Licence Ouverte "
        "2.0. Les zones d'emploi 2020 de l'INSEE, les départements et les EPCI restent disponibles ; un référentiel "
        "EFOP importé par un analyste devient la maille par défaut.")
