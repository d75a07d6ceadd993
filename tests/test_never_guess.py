"""What a file does not say is asked, never assumed (a category); a choice is refused with what says it."""

from __future__ import annotations

import random

from loaders import actions
from loaders.samples.workbooks import titled_sheet, workbook_bytes
from loaders.values import geography
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
    report = actions.import_data_file(content, "stmt_region.csv", workspace=workspace)
    assert not report.ok
    message = report.problems[0].message
    assert message.startswith("Catégorie de demandeurs d'emploi non précisée")
    assert "--category ABCDE" in message and "« Catégorie » sur la page d'import" in message
    assert "catégorie A retenue" not in " ".join(report.to_dict()["notes"])
    assert workspace.store.imports().empty


def test_the_category_the_analyst_gives_is_the_one_stored(workspace):
    content, total = stmt_regional_csv()
    report = actions.import_data_file(content, "stmt_region.csv", overrides={"category": "ABCDE"},
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


def national_partial_activity(seed: int = 7) -> tuple[bytes, int, int]:
    """DARES-style national file, every département × two A17 sectors, then rows no territory holds."""
    rng = random.Random(seed)
    lines, region, unallocated = ["dep;a17;DI_MOIS_ANNEE;Effectif en DI"], 0, 0
    for dep in ("01", "13", "2A", "44", "49", "52", "53", "72", "85", "971"):
        for sector in ("C5", "GZ"):
            value = rng.randint(100, 9_000)
            region += value if dep in ("44", "49", "53", "72", "85") else 0
            lines.append(f"{dep};{sector};042020;{value}")
    for dep, value in (("99", 120), ("", 175), ("Non renseigné", 40), ("Étranger", 15)):
        lines.append(f"{dep};C5;042020;{value}")
        unallocated += value
    return ("\n".join(lines) + "\n").encode(), region, unallocated


def test_rows_that_belong_nowhere_are_set_aside_counted_and_never_block(workspace):
    content, region, unallocated = national_partial_activity()
    report = actions.import_data_file(content, "di_national.csv", workspace=workspace)
    assert report.ok, report.problems
    summary = report.to_dict()
    assert summary["totals"] == {"di_salaries": region}
    assert summary["set_aside"] == {"outside": 10, "unallocated": 4}
    assert summary["set_aside_totals"] == {"di_salaries": unallocated}
    assert any(note.startswith("4 ligne(s) non ventilée(s)") and "350" in note for note in summary["notes"])
    stored = workspace.store.export()
    assert stored.loc[stored["sector"] != "ensemble", "value"].sum() == region  # the derived totals aside
    assert set(stored["geo_code"]) == {"44", "49", "53", "72", "85"}


def test_a_code_that_looks_like_the_regions_stays_an_error(workspace):
    content, _, _ = national_partial_activity()
    report = actions.import_data_file(content + b"4O;C5;042020;12\n", "di_national.csv", workspace=workspace)
    assert not report.ok
    unknown = "Territoire « 4O » inconnu dans la région (ni code ni nom reconnu)."
    assert [p.message for p in report.problems] == [unknown]


def test_a_table_where_no_row_names_a_place_is_still_refused(workspace):
    lines = "dep;a17;DI_MOIS_ANNEE;Effectif en DI\n;C5;042020;100\n99;GZ;042020;200\n"
    report = actions.import_data_file(lines.encode(), "di.csv", workspace=workspace)
    assert not report.ok and workspace.store.imports().empty


def rates_workbook() -> bytes:
    """INSEE's localised unemployment rates by zone d'emploi: the unit is said once, above the table."""
    book, sheet = titled_sheet("txcho_ze", ["Taux de chômage localisés par zone d'emploi", "en %"])
    sheet.append(["Code zone d'emploi", "Zone d'emploi", "T1 2020", "T2 2020"])
    rng = random.Random(3)
    zones = geography.builtin_territories().query("maille == 'ze2020'")
    for code, name in zip(zones["code"], zones["nom"]):
        sheet.append([code, name, round(rng.uniform(5, 10), 1), round(rng.uniform(5, 10), 1)])
    return workbook_bytes(book)


def test_rates_are_never_read_as_counts_even_with_the_source_forced(workspace):
    for source in (None, "demandeurs_emploi"):
        report = actions.import_data_file(rates_workbook(), "txcho.xlsx", source=source, workspace=workspace)
        assert not report.ok
        messages = " ".join(p.message for p in report.problems)
        assert "ne garde que des effectifs" in messages, messages
        assert "--source" not in messages
    assert workspace.store.imports().empty


def another_regions_table() -> bytes:
    """Job seekers of Paris: no territory column, the place is in the title."""
    lines = ["Demandeurs d'emploi de catégorie A - Paris", "Données brutes", "", "Mois;Nombre de demandeurs d'emploi",
             "2020-03;120400", "2020-04;151900"]
    return ("\n".join(lines) + "\n").encode()


def test_a_table_of_another_regions_place_is_refused_and_never_offered_to_the_region(workspace):
    for territory in (None, "region"):
        overrides = {"territory": territory} if territory else None
        report = actions.import_data_file(another_regions_table(), "paris.csv", overrides=overrides,
                                           workspace=workspace)
        assert not report.ok
        messages = " ".join(p.message for p in report.problems)
        assert "« Paris », hors de la région" in messages
        assert "--territory region" not in messages
    assert workspace.store.imports().empty


def test_a_table_whose_title_names_the_regions_territories_is_never_offered_to_the_whole_region(workspace):
    lines = ["Demandeurs d'emploi de catégorie A - Loire-Atlantique Nord et Sarthe Sud", "Données brutes", "",
             "Mois;Nombre de demandeurs d'emploi", "2020-03;1200"]
    for territory in (None, "region", "france"):
        overrides = {"territory": territory} if territory else None
        report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "cle.csv", overrides=overrides,
                                           workspace=workspace)
        messages = " ".join(p.message for p in report.problems)
        assert not report.ok and "un territoire de la région" in messages and "hors de la région" not in messages
        assert "--territory" not in messages
    assert workspace.store.imports().empty


def workbook_with_a_blocking_sheet() -> tuple[bytes, int]:
    """A regional sheet that reads, and a sheet by local basins that are no territory of any grid."""
    book, regional = titled_sheet("Pays de la Loire",
                                  ["Demandeurs d'emploi de catégorie A, données brutes, Pays de la Loire"])
    regional.append(["Trimestre", "Nombre de demandeurs d'emploi"])
    values = [(f"2020-T{q}", 160_000 + 1_000 * q) for q in (1, 2, 3, 4)]
    for row in values:
        regional.append(list(row))
    basins = book.create_sheet("Bassins")
    basins.append(["Demandeurs d'emploi de catégorie A, données brutes, par bassin"])
    basins.append([])
    basins.append(["Trimestre", "Bassin", "Nombre de demandeurs d'emploi"])
    basins.append(["2020-T1", "Bassin des Mauges", 5120])
    basins.append(["2020-T1", "Bassin du Haut-Anjou", 2340])
    return workbook_bytes(book), sum(v for _, v in values)


def test_a_sheet_that_blocks_the_rest_is_offered_to_be_left_out_and_is_named_when_it_is(workspace, tmp_path):
    content, total = workbook_with_a_blocking_sheet()
    refused = actions.import_data_file(content, "deux_feuilles.xlsx", workspace=workspace)
    assert not refused.ok
    assert any('--skip-sheet "Bassins"' in note for note in refused.to_dict()["notes"])
    path = tmp_path / "deux_feuilles.xlsx"
    path.write_bytes(content)
    done = run_cli(["import", str(path), "--skip-sheet", "Bassins"], workspace.base)
    assert done.returncode == 0, done.stdout + done.stderr
    stored = workspace.store.export()
    assert stored["value"].sum() == total and set(stored["level"]) == {"region"}
    record = workspace.store.imports().iloc[0]
    assert "laissée de côté à la demande de l'analyste" in record["report"] and "Bassins" in record["report"]
    unknown = actions.import_data_file(content, "deux_feuilles.xlsx", overrides={"skip_sheets": ["Feuil9"]},
                                        workspace=workspace, dry_run=True)
    assert any("Feuille « Feuil9 » à laisser de côté introuvable" in p.message for p in unknown.problems)


def test_offers_named_only_in_general_words_are_asked_collected_or_diffused(workspace, tmp_path):
    path = tmp_path / "offres_ze.csv"
    path.write_text("Mois;Code zone d'emploi;Type de données;Nombre d'offres\n2020-03;5206;Brutes;120\n"
                    "2020-03;5216;Brutes;2400\n", encoding="utf-8")
    refused = run_cli(["import", str(path)], workspace.base)
    assert refused.returncode == 1 and "collectées ou diffusées" in refused.stdout
    assert "--indicator offres_diffusees" in refused.stdout and workspace.store.export().empty
    done = run_cli(["import", str(path), "--indicator", "offres_diffusees"], workspace.base)
    assert done.returncode == 0, done.stdout
    stored = workspace.store.export()
    assert set(stored["indicator"]) == {"offres_diffusees"} and stored["value"].sum() == 2520
    titled = actions.import_data_file(b"Offres d'emploi collect\xc3\xa9es, donn\xc3\xa9es brutes\n\n"
                                       b"Mois;Code zone d'emploi;Nombre d'offres\n2020-04;5206;130\n", "o.csv",
                                       dry_run=True, workspace=workspace)
    assert titled.ok and titled.to_dict()["totals"] == {"offres_collectees": 130}
