"""The demo data set: every demo extract, by file name, in the layouts analysts receive."""

from __future__ import annotations

from datetime import date

DEMO_USER = "démonstration"  # who the demo imports are recorded as


def demo_files(today: date | None = None) -> dict[str, bytes]:
    """Return the demo extracts, by file name (their builders, and openpyxl, load only here: not for every command)."""
    from loaders.samples import committees as demo_committees
    from loaders.samples import series as demo

    today = today or date.today()
    return {
        "demandeurs_emploi_ze_trimestriel.csv": demo.quarterly_job_seekers_csv(today),
        "demandeurs_emploi_cat_A_mensuel.xlsx": demo.monthly_job_seekers_xlsx(today),
        "demandeurs_emploi_cle_mensuel.csv": demo_committees.job_seekers_csv(today),
        "offres_emploi_collectees.xlsx": demo.offers_xlsx(today),
        "offres_emploi_cle.xlsx": demo_committees.offers_xlsx(today),
        "activite_partielle_DAP_cumul_21-07-2020.xlsx": demo.partial_activity_annex_xlsx(),
        "activite_partielle_DI_mensuel.csv": demo.partial_activity_monthly_csv(today),
        "activite_partielle_communes_etablissement.csv": demo.partial_activity_communes_csv(today),
    }
