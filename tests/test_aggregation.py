"""Observations are summed to every maille their units fully determine, and only to those."""

import pandas as pd
import pytest

from loaders import actions
from loaders.values import geography
from tests import generators
from tests.extracts import commune_long_xlsx, dares_long_csv, offers_long_epci_csv


@pytest.fixture
def communes_loaded(workspace):
    extract = commune_long_xlsx()
    report = actions.import_data_file(extract.content, extract.name, workspace=workspace)
    assert report.ok
    rows = report.observations
    return workspace, rows[rows["level"] == report.to_dict()["level"]].set_index("geo_code")["value"]


@pytest.mark.parametrize("maille", [m.id for m in geography.BUILTIN_MAILLES])
def test_commune_rows_sum_to_every_builtin_maille(communes_loaded, maille):
    workspace, by_commune = communes_loaded
    values = workspace.store.territory_values(maille, "demandeurs_emploi", "demandeurs", breakdown={"category": "A"})
    column = next(m.column for m in geography.BUILTIN_MAILLES if m.id == maille)
    expected = by_commune.groupby(geography.communes().set_index("code_commune")[column]).sum()
    got = values.set_index("territory")["value"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    assert (values["covered"] == values["communes"]).all()


def test_commune_rows_sum_to_an_imported_efop_maille(communes_loaded):
    workspace, by_commune = communes_loaded
    actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace)
    values = workspace.store.territory_values("efop", "demandeurs_emploi", "demandeurs", breakdown={"category": "A"})
    grid = generators.efop_assignment().set_index("code_commune")["code_territoire"]
    expected = by_commune.groupby(grid).sum()
    assert values.set_index("territory")["value"].sort_index().to_dict() == expected.sort_index().to_dict()


def test_zone_rows_fill_their_maille_and_the_region_prefers_its_own_rows(workspace):
    actions.import_data_file(dares_long_csv().content, "de.csv", workspace=workspace)
    ze = workspace.store.territory_values("ze2020", "demandeurs_emploi", "demandeurs", breakdown={"category": "A"})
    assert ze["territory"].nunique() == 23 and (ze["covered"] == ze["communes"]).all()
    region = workspace.store.territory_values("region", "demandeurs_emploi", "demandeurs",
                                              breakdown={"category": "A"})
    stored = workspace.store.export()
    region_rows = stored[(stored["level"] == "region") & (stored["category"] == "A") & (stored["sex"] == "ensemble")
                         & (stored["adjustment"] == "brut")].set_index("period")["value"]
    assert region.set_index("period")["value"].to_dict() == region_rows.to_dict()
    epci = workspace.store.territory_values("epci", "demandeurs_emploi", "demandeurs", breakdown={"category": "A"})
    # a zone d'emploi counts in an EPCI only where it lies wholly inside it (here one EPCI is one zone)
    assert epci["territory"].nunique() <= 2 and (epci["covered"] == epci["communes"]).all()


def test_units_reaching_outside_the_region_are_not_summed_into_other_mailles(workspace):
    actions.import_data_file(offers_long_epci_csv().content, "offres.csv", workspace=workspace)
    region = workspace.store.territory_values("region", "offres_emploi", "offres_collectees",
                                              breakdown={"domain": "K2204"})
    assert len(region) == 2
    assert (region["covered"] < region["communes"]).all()  # Redon, Cap Atlantique, Alençon, Maine Saosnois
    assert int(region["communes"].iloc[0]) == 1228
    assert int(region["covered"].iloc[0]) == 1228 - (8 + 12 + 5 + 49) - 1  # and L'Île-d'Yeu has no EPCI row
