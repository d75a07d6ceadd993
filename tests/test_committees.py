"""The comités locaux pour l'emploi: the default grid, files at their level, names that several levels share."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from loaders import actions
from loaders.values import geography
from tests.conftest import run_cli
from tests.extracts import dares_long_csv

CLE = geography.communes().set_index("code_commune")["code_cle"]
NAMES = geography.builtin_territories().query("maille == 'cle'").set_index("code")["nom"]
# the département of each committee wholly inside one (a committee follows its EPCI across a border, and the
# regional parts reach outside the region: neither is summed into a département)
DEPARTEMENTS = geography.communes().groupby("code_cle")["code_departement"].agg(
    lambda d: d.iloc[0] if d.nunique() == 1 else None).dropna().drop(["CLPE35001", "CLPE61003"])


def commune_csv(seed: int, secret_every: int = 0) -> tuple[bytes, pd.Series, set[str]]:
    """A commune-level job-seekers file (« s » in every `secret_every`-th row): content, values, secret communes."""
    rng = random.Random(seed)
    lines, values, secret = ["Code commune;Commune;Mois;Catégorie;Type de données;DEFM"], {}, set()
    for index, code in enumerate(geography.communes()["code_commune"]):
        value = rng.randint(3, 900)
        if secret_every and index % secret_every == 0:
            secret.add(code)
            lines.append(f"{code};;2021-03;A;Brutes;s")
            continue
        values[code] = value
        lines.append(f"{code};;2021-03;A;Brutes;{value}")
    return ("\n".join(lines) + "\n").encode(), pd.Series(values), secret


def job_seekers(workspace, maille: str) -> pd.DataFrame:
    return workspace.store.territory_values(maille, "demandeurs_emploi", "demandeurs", breakdown={"category": "A"})


def test_a_commune_file_sums_to_each_committee_and_a_secret_cell_makes_a_lower_bound(workspace):
    content, values, secret = commune_csv(11, secret_every=97)
    report = actions.import_data_file(content, "communes.csv", who="analyste", workspace=workspace)
    assert report.ok, report.problems
    got = job_seekers(workspace, "cle").set_index("territory")
    expected = values.groupby(CLE).sum()
    assert got["value"].to_dict() == expected.reindex(got.index).to_dict()
    assert len(got) == 20 and (got["covered"] == got["communes"]).all()
    assert set(got.index[got["secret"]]) == set(CLE[sorted(secret)])  # a sum with a secret cell is a minimum


def cle_lines(header: str, rows: list[tuple[str, int]], period: str = "2025-06") -> bytes:
    lines = [f"{header};Période;Catégorie;Type de données;Nombre de demandeurs d'emploi"]
    lines += [f"{code};{period};A;Brutes;{value}" for code, value in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("header", ["C_TERRITOIRE_ID", "Code CLPE", "Territoire"])
def test_a_file_coded_by_clpe_fills_the_committees_and_sets_other_regions_aside(workspace, header):
    rows = [(code, 1000 + i) for i, code in enumerate(NAMES.index)] + [("CLPE35002", 5), ("CLPE75001", 7)]
    report = actions.import_data_file(cle_lines(header, rows), "cle.csv", who="analyste", workspace=workspace)
    assert report.ok, report.problems
    summary = report.to_dict()
    assert summary["level"] == "cle" and len(summary["territories"]) == 20
    assert summary["set_aside"] == {"outside": 2}
    got = job_seekers(workspace, "cle").set_index("territory")["value"]
    assert got.to_dict() == {code: 1000.0 + i for i, code in enumerate(NAMES.index)}
    dep = job_seekers(workspace, "departement").set_index("territory")["value"]
    assert dep.to_dict() == got[DEPARTEMENTS.index].groupby(DEPARTEMENTS).sum().to_dict()
    assert len(DEPARTEMENTS) < 18  # some committees cross a border: checked, not assumed


def test_an_unknown_code_of_the_region_is_an_error_not_set_aside(workspace):
    report = actions.import_data_file(cle_lines("Code CLPE", [("CLPE49002", 10), ("CLPE49009", 3)]), "cle.csv",
                                       workspace=workspace)
    assert not report.ok
    assert any("CLPE49009" in p.message for p in report.problems)


def name_lines(header: str, names: list[str], title: str = "") -> bytes:
    lines = ([title, ""] if title else []) + [f"{header};Mois;Catégorie;Type de données;DEFM"]
    lines += [f"{name};2025-06;A;Brutes;{100 + i}" for i, name in enumerate(names)]
    return ("\n".join(lines) + "\n").encode()


def test_a_bare_name_shared_by_several_levels_is_refused_with_how_to_say_it(workspace):
    report = actions.import_data_file(name_lines("Territoire", ["Cholet", "Saumur"]), "noms.csv",
                                       workspace=workspace)
    assert not report.ok
    message = next(p.message for p in report.problems if "Cholet" in p.message)
    assert "comités locaux pour l'emploi" in message and "zones d'emploi" in message
    assert "« Comité local pour l'emploi »" in message
    assert report.problems[0].column == "A"


@pytest.mark.parametrize(("header", "title"), [
    ("Comité local pour l'emploi", ""),
    ("CLE", ""),
    ("Territoire", "Demandeurs d'emploi par comité local pour l'emploi, juin 2025"),
])
def test_the_same_names_are_read_as_committees_once_the_header_or_title_says_so(workspace, header, title):
    report = actions.import_data_file(name_lines(header, ["Cholet", "Saumur"], title), "noms.csv",
                                       workspace=workspace)
    assert report.ok, report.problems
    assert report.to_dict()["level"] == "cle"
    assert sorted(report.to_dict()["territories"]) == ["CLPE49002", "CLPE49003"]


def test_names_only_a_committee_has_need_no_header(workspace):
    names = ["Loire-Atlantique Nord", "Cholet", "Sarthe Sud", "Vendée Ouest"]
    report = actions.import_data_file(name_lines("Territoire", names), "noms.csv", workspace=workspace)
    assert report.ok, report.problems
    assert sorted(report.to_dict()["territories"]) == ["CLPE44002", "CLPE49002", "CLPE72003", "CLPE85003"]


def test_zones_and_committees_are_never_added_together_in_a_departement(workspace):
    assert actions.import_data_file(dares_long_csv().content, "ze.csv", workspace=workspace).ok
    zones = job_seekers(workspace, "departement").set_index(["territory", "period"])["value"]
    rows = [(code, 10_000) for code in NAMES.index]
    assert actions.import_data_file(cle_lines("Code CLPE", rows, "2020-T2"), "cle.csv", workspace=workspace).ok
    both = job_seekers(workspace, "departement").set_index(["territory", "period"])["value"]
    committees = pd.Series(10_000.0, index=DEPARTEMENTS.index).groupby(DEPARTEMENTS).sum()
    for dep, value in both.xs("2020-T2", level="period").items():  # one kind of unit: zones or committees
        from_zones = zones.get((dep, "2020-T2"), 0)
        assert value in (committees.get(dep, 0), from_zones) and value != committees.get(dep, 0) + from_zones
    assert both.drop(index="2020-T2", level="period").equals(zones.drop(index="2020-T2", level="period"))


def test_the_command_line_lists_the_committees_first(workspace):
    listed = run_cli(["territories", "--json"], workspace.base)
    assert listed.returncode == 0, listed.stderr
    mailles = json.loads(listed.stdout)["mailles"]
    assert [m["id"] for m in mailles][0] == "cle" and mailles[0]["default"]
    assert sum(m["default"] for m in mailles) == 1
    committees = {t["code"]: t for t in mailles[0]["territories"]}
    assert len(committees) == 20
    assert committees["CLPE44002"] == {"code": "CLPE44002", "name": "Loire-Atlantique Nord", "communes": 69,
                                       "population": committees["CLPE44002"]["population"], "regional_part": False}
    assert committees["CLPE35001"]["regional_part"] and committees["CLPE35001"]["communes"] == 8
    assert sum(t["communes"] for t in committees.values()) == 1228
    assert sum(t["population"] for t in committees.values()) == 3_907_156
    text = run_cli(["territories", "--maille", "ze2020"], workspace.base)
    assert text.returncode == 0 and text.stdout.startswith("ze2020 — Zones d'emploi 2020 (INSEE) : 23 territoire(s)")
    unknown = run_cli(["territories", "--maille", "xx"], workspace.base)
    assert unknown.returncode == 1 and "Maille « xx » inconnue" in unknown.stderr
