"""What a file does not say is asked, never assumed (a category); a choice is refused with what says it."""

from __future__ import annotations

import random

from loaders import pipeline
from tests.conftest import run_cli

MONTHS = [f"{year}-{month:02d}" for year in (2015, 2016) for month in range(1, 13)][:18]


def stmt_regional_csv(seed: int = 28) -> tuple[bytes, int]:
    """France Travail's statistics site export for the region: three title lines, no category anywhere."""
    rng = random.Random(seed)
    values = [rng.randint(330_000, 350_000) for _ in MONTHS]
    lines = ["Demandeurs d'emploi inscrits en fin de mois", "Région : Pays de la Loire", "Données brutes", "",
             "Mois;Nombre de demandeurs d'emploi", *[f"{m};{v}" for m, v in zip(MONTHS, values)]]
    return ("\n".join(lines) + "\n").encode("utf-8"), sum(values)


def test_a_file_without_a_category_is_refused_with_how_to_say_it(workspace):
    content, _ = stmt_regional_csv()
    report = pipeline.import_data_file(content, "stmt_region.csv", workspace=workspace)
    assert not report.ok
    message = report.problems[0].message
    assert message.startswith("Catégorie de demandeurs d'emploi non précisée")
    assert "--category ABCDE" in message and "« Catégorie » sur la page d'import" in message
    assert "catégorie A retenue" not in " ".join(report.to_dict()["notes"])
    assert workspace.store.imports().empty


def test_the_category_the_analyst_gives_is_the_one_stored(workspace):
    content, total = stmt_regional_csv()
    report = pipeline.import_data_file(content, "stmt_region.csv", overrides={"category": "ABCDE"},
                                       workspace=workspace)
    assert report.ok, report.problems
    assert report.to_dict()["totals"] == {"demandeurs": {"ABCDE": total}}
    stored = workspace.store.export()
    assert set(stored["category"]) == {"ABCDE"} and stored["value"].sum() == total
    assert set(stored["level"]) == {"region"} and set(stored["adjustment"]) == {"brut"}


def test_the_command_line_asks_for_the_category_and_takes_it(workspace, tmp_path):
    content, total = stmt_regional_csv()
    path = tmp_path / "stmt_region.csv"
    path.write_bytes(content)
    refused = run_cli(["import", str(path), "--dry-run"], workspace.base)
    assert refused.returncode == 1 and "--category ABCDE" in refused.stdout + refused.stderr
    wrong = run_cli(["import", str(path), "--category", "Z"], workspace.base)
    assert wrong.returncode == 2 and "'ABCDE'" in wrong.stderr  # the valid categories are named
    done = run_cli(["import", str(path), "--category", "ABCDE", "--json"], workspace.base)
    assert done.returncode == 0, done.stderr
    assert f'"ABCDE": {total}' in done.stdout.replace(".0", "")
