"""An import is a plan, then a commit: the same path for the three kinds, committed exactly as shown."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pytest

from loaders import actions
from loaders.actions import Workspace
from loaders.errors import StalePlan, UserError
from loaders.planning.kinds import CATALOGUE, DATA, REFERENTIAL
from loaders.store.plans import KEPT_DAYS, PLAN_FORMAT, PlanNotFound
from tests import generators
from tests.conftest import run_cli
from tests.extracts import dares_long_csv, monthly_update_xlsx, offers_long_epci_csv, wide_quarters_xlsx
from tests.test_roadmap import GOOD, catalogue_xlsx

FILES = {
    DATA: lambda: (dares_long_csv().content, "defm_epci.csv", {"source": None, "overrides": {}}),
    REFERENTIAL: lambda: (generators.epci_csv(), "efop-epci.csv", {"name": "Territoires EFOP"}),
    CATALOGUE: lambda: (catalogue_xlsx(GOOD), "offre.xlsx", {}),
}


def records(frame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # NaN ≠ NaN in a dict


def snapshot(workspace: Workspace) -> dict:
    """Return what the store holds that counts, without the import dates."""
    store = workspace.store
    items, _ = store.catalogue()
    return {"observations": records(store.export()), "mailles": records(store.mailles()),
            "efop": records(store.query("SELECT maille_id, code, name FROM maille_territories ORDER BY ALL")),
            "items": records(items),
            "imports": records(store.imports()[["id", "kind", "filename", "sha256", "options", "rows_read",
                                                "rows_kept", "report", "status"]])}


@pytest.mark.parametrize("kind", [DATA, REFERENTIAL, CATALOGUE])
def test_a_confirmed_plan_gives_the_store_a_direct_import_gives(tmp_path, kind):
    content, name, options = FILES[kind]()
    direct, planned = Workspace(tmp_path / "direct"), Workspace(tmp_path / "planned")
    assert actions.import_file(kind, content, name, options, who="analyste", workspace=direct).ok

    plan = actions.check_file(kind, content, name, options, planned)
    assert plan.ok and plan.to_dict()["kind"] == kind
    assert planned.store.imports().empty  # checking writes nothing in the store
    assert (planned.plans.root / plan.id / "plan.json").exists()
    done = actions.confirm([plan.id], "analyste", planned)

    assert [p.to_dict() for p in done] == [plan.to_dict()]  # what is written is what was shown
    assert snapshot(planned) == snapshot(direct)
    assert not (planned.plans.root / plan.id).exists()
    assert [e["event"] for e in planned.archive.events()] == ["import"]
    assert planned.archive.read(plan.sha256) == content
    assert actions.rebuild(planned) == 1 and snapshot(planned) == snapshot(direct)


@pytest.mark.parametrize("kind", [DATA, REFERENTIAL, CATALOGUE])
def test_a_plan_made_before_another_import_is_refused_and_writes_nothing(workspace, kind):
    content, name, options = FILES[kind]()
    plan = actions.check_file(kind, content, name, options, workspace)
    offers = offers_long_epci_csv()
    assert actions.import_data_file(offers.content, offers.name, workspace=workspace).ok
    before = snapshot(workspace)
    with pytest.raises(StalePlan, match="La base a changé depuis la vérification"):
        actions.confirm([plan.id], "analyste", workspace)
    assert snapshot(workspace) == before
    assert len(workspace.archive.events()) == 1


def test_an_undo_between_check_and_confirmation_makes_the_plan_stale(workspace):
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=workspace)
    content, name, options = FILES[DATA]()
    plan = actions.check_file(DATA, content, name, options, workspace)
    actions.undo_import(1, "analyste", workspace)
    with pytest.raises(StalePlan):
        actions.confirm([plan.id], "analyste", workspace)
    assert set(workspace.store.imports()["id"]) == {1}


def test_files_checked_together_are_confirmed_together(workspace):
    first, second = dares_long_csv(), offers_long_epci_csv()
    plans = [actions.check_file(DATA, f.content, f.name, {"source": None, "overrides": {}}, workspace)
             for f in (first, second)]
    assert plans[0].base_revision == plans[1].base_revision
    actions.confirm([p.id for p in plans], "analyste", workspace)
    assert list(workspace.store.imports().sort_values("id")["filename"]) == [first.name, second.name]


def test_a_dropped_or_confirmed_plan_cannot_be_confirmed(workspace):
    content, name, options = FILES[DATA]()
    plan = actions.check_file(DATA, content, name, options, workspace)
    actions.drop([plan.id], workspace)
    with pytest.raises(PlanNotFound, match="n'est plus disponible"):
        actions.confirm([plan.id], "analyste", workspace)
    plan = actions.check_file(DATA, content, name, options, workspace)
    actions.confirm([plan.id], "analyste", workspace)
    with pytest.raises(UserError, match="n'est plus disponible"):
        actions.confirm([plan.id], "analyste", workspace)
    assert len(workspace.store.imports()) == 1


def test_a_refused_file_gives_a_plan_that_cannot_be_committed(workspace):
    plan = actions.check_file(DATA, b"a;b\n1;2\n", "vide.csv", {"source": None, "overrides": {}}, workspace)
    assert not plan.ok and plan.to_dict()["errors"]
    assert not workspace.plans.root.exists() or not any(workspace.plans.root.iterdir())


def test_command_line_check_then_confirm_without_reading_the_file_again(workspace, tmp_path):
    update = monthly_update_xlsx([datetime(2026, 10, 1), datetime(2026, 11, 1)])
    path = tmp_path / update.name
    path.write_bytes(update.content)
    checked = run_cli(["import", str(path), "--dry-run"], workspace.base)
    assert checked.returncode == 0, checked.stderr
    plan_id = checked.stdout.split("python -m loaders confirm ")[1].split()[0]
    assert workspace.store.imports().empty
    path.unlink()
    # a workbook is read in a separate process bounded in time: a confirmation that read it would be refused
    slow = {"CLEFOP_READ_TIMEOUT": "1", "CLEFOP_READ_TEST_DELAY": "30"}
    confirmed = run_cli(["confirm", plan_id], workspace.base, slow)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "importé, tel que vérifié" in confirmed.stdout
    assert sorted(workspace.store.export()["period"].unique()) == ["2026-10", "2026-11"]
    again = run_cli(["confirm", plan_id], workspace.base)
    assert again.returncode == 1 and "n'est plus disponible" in again.stderr and "Traceback" not in again.stderr


def test_command_line_turns_every_user_error_into_a_french_message(workspace):
    result = run_cli(["undo", "42"], workspace.base)
    assert result.returncode == 1 and "Import n° 42 introuvable" in result.stderr and "Traceback" not in result.stderr


def test_observations_the_catalogue_does_not_declare_are_refused_with_their_place():
    rows = dares_long_csv()
    from loaders.planning.ingest import analyse_file
    from loaders.planning.validate import check_observations
    frame = analyse_file(rows.content, rows.name).observations
    assert check_observations(frame) == []
    broken = frame.copy()
    broken.loc[broken.index[:3], "category"] = "Z"  # a reader that let an unknown category through
    broken.loc[broken.index[5], "value"] = -4.0
    broken.loc[broken.index[7], "source"] = "inconnue"
    problems = check_observations(broken)
    messages = [p.message for p in problems]
    category_rows = {p.row for p in problems if "catégorie non déclarée" in p.message}
    assert {int(r) for r in broken.loc[broken.index[:3], "origin_row"]} <= category_rows
    assert sum("valeur négative" in m for m in messages) == 1
    assert any("source inconnue" in m for m in messages)
    negative = next(p for p in problems if "valeur négative" in p.message)
    assert (negative.sheet, negative.row, negative.column) == tuple(
        broken.loc[broken.index[5], ["origin_sheet", "origin_row", "origin_col"]])


def test_a_rule_checked_once_per_combination_reaches_every_row_of_it():
    from loaders.planning.ingest import analyse_file
    from loaders.planning.validate import MAX_LISTED, check_observations
    rows = dares_long_csv()
    frame = analyse_file(rows.content, rows.name).observations
    broken = frame.copy()
    chosen = broken.index[3::7][:MAX_LISTED + 9]  # rows of many combinations, scattered
    broken.loc[chosen, "sex"] = "inconnu"
    broken.loc[broken.index[1], "period_type"] = "semaine"
    problems = check_observations(broken)
    sex = [p for p in problems if "sexe non déclarée" in p.message]
    assert len(sex) == MAX_LISTED and all(f"— {len(chosen)} ligne(s) en tout" in p.message for p in sex)
    assert [p.row for p in sex] == [int(r) for r in broken.loc[chosen[:MAX_LISTED], "origin_row"]]
    (period,) = [p for p in problems if "période sans code" in p.message]
    assert period.row == int(broken.loc[broken.index[1], "origin_row"])


def test_a_plan_kept_by_an_earlier_version_is_checked_again_not_committed(tmp_path):
    content, name, options = FILES[DATA]()
    workspace = Workspace(tmp_path / "data")
    plan = actions.check_file(DATA, content, name, options, workspace)
    head = workspace.plans.root / plan.id / "plan.json"
    older = head.read_text(encoding="utf-8").replace(f'"format": {PLAN_FORMAT}', '"format": 1')
    head.write_text(older, encoding="utf-8")

    with pytest.raises(PlanNotFound, match="version précédente.*Rien n'a été écrit"):
        actions.confirm([plan.id], "analyste", workspace)
    assert workspace.store.imports().empty and workspace.archive.events() == []


def test_the_key_values_kept_with_a_plan_are_those_its_rows_take_and_mark_what_they_replace(workspace):
    import pyarrow.compute as pc

    from loaders.domain.schema import KEY_COLUMNS
    from loaders.store.records import key_values
    content, name, options = FILES[DATA]()
    plan = actions.check_file(DATA, content, name, options, workspace)
    rows = workspace.plans.load(plan.id).frames["observations"]  # as kept on disk
    for (values, missing), key in zip(key_values(rows), KEY_COLUMNS):
        assert set(values) == set(pc.unique(rows[key].drop_null()).to_pylist()), key
        assert missing == (rows[key].null_count > 0), key
    actions.confirm([plan.id], "test", workspace)
    actions.import_file(DATA, content, name, options, who="test", workspace=workspace)  # the same values again
    assert workspace.store.observation_count() == len(rows)  # the first import's rows no longer count


def _kept(workspace: Workspace):
    """Return a genuine checked plan of a data file and its folder under plans/."""
    content, name, options = FILES[DATA]()
    plan = actions.check_file(DATA, content, name, options, workspace)
    return plan, workspace.plans.root / plan.id


def _rewrite_head(folder, change) -> None:
    head = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    change(head)
    (folder / "plan.json").write_text(json.dumps(head), encoding="utf-8")


def test_a_plan_whose_digest_is_a_path_is_refused_and_nothing_is_written_anywhere(tmp_path):
    workspace = Workspace(tmp_path / "data")
    plan, folder = _kept(workspace)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    _rewrite_head(folder, lambda head: head.update(sha256=f"../../../ailleurs/{'a' * 40}"))
    with pytest.raises(PlanNotFound, match="ne correspond plus au fichier vérifié.*Rien n'a été écrit"):
        actions.confirm([plan.id], "analyste", workspace)
    assert list(outside.iterdir()) == []
    assert workspace.store.imports().empty and workspace.archive.events() == []


def test_a_plan_whose_file_was_replaced_or_linked_is_refused(tmp_path):
    workspace = Workspace(tmp_path / "data")
    plan, folder = _kept(workspace)
    (folder / "content").write_bytes(b"Date;Code;Valeur\n2020-04;5206;1\n")
    with pytest.raises(PlanNotFound, match="ne correspond plus"):
        actions.confirm([plan.id], "analyste", workspace)
    plan, folder = _kept(workspace)
    elsewhere = tmp_path / "copie.csv"
    elsewhere.write_bytes((folder / "content").read_bytes())
    (folder / "content").unlink()
    (folder / "content").symlink_to(elsewhere)
    with pytest.raises(PlanNotFound, match="ne correspond plus"):
        actions.confirm([plan.id], "analyste", workspace)
    assert workspace.store.imports().empty


def _multiply_values(folder, factor: int):
    """Rewrite a kept plan's observations with their values multiplied, and return the genuine rows."""
    import pyarrow as pa
    import pyarrow.compute as pc
    rows = pa.ipc.open_file(pa.memory_map(str(folder / "observations.arrow"))).read_all()
    changed = rows.set_column(rows.schema.get_field_index("value"), "value", pc.multiply(rows["value"], factor))
    (folder / "observations.arrow").unlink()
    with pa.OSFile(str(folder / "observations.arrow"), "wb") as sink, pa.ipc.new_file(sink, changed.schema) as out:
        out.write_table(changed)
    return rows


def test_a_plan_whose_values_were_changed_after_the_check_is_refused(tmp_path):
    workspace = Workspace(tmp_path / "data")
    plan, folder = _kept(workspace)
    _multiply_values(folder, 1000)
    with pytest.raises(PlanNotFound, match="ne correspond plus au fichier vérifié.*Rien n'a été écrit"):
        actions.confirm([plan.id], "analyste", workspace)
    _rewrite_head(folder, lambda head: head["summary"].update(rows_kept=1))  # the report changed as well
    with pytest.raises(PlanNotFound, match="ne correspond plus"):
        actions.confirm([plan.id], "analyste", workspace)
    assert workspace.store.imports().empty and workspace.archive.events() == []


def test_a_plan_planted_under_the_id_of_a_later_check_is_replaced_by_that_check(tmp_path):
    import pyarrow.compute as pc
    workspace = Workspace(tmp_path / "data")
    plan, folder = _kept(workspace)
    rows = _multiply_values(folder, 1000)
    again, _ = _kept(workspace)  # the analyst's own check of the same file, on the same state of the base
    assert again.id == plan.id
    actions.confirm([again.id], "analyste", workspace)
    kept = workspace.store.export()
    assert kept["value"].sum() == pytest.approx(pc.sum(rows["value"]).as_py())


def test_a_damaged_or_foreign_entry_in_plans_never_affects_another_plan(tmp_path):
    workspace = Workspace(tmp_path / "data")
    broken, broken_folder = _kept(workspace)
    (broken_folder / "plan.json").write_text("", encoding="utf-8")  # a power cut during a check
    (workspace.plans.root / "notes-de-l-analyste").mkdir()
    unconfirmed = wide_quarters_xlsx()
    old = actions.check_file(DATA, unconfirmed.content, unconfirmed.name, {"source": None, "overrides": {}}, workspace)
    old_folder = workspace.plans.root / old.id
    offers = offers_long_epci_csv()
    good = actions.check_file(DATA, offers.content, offers.name, {"source": None, "overrides": {}}, workspace)
    result = run_cli(["confirm", broken.id], workspace.base)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "JSONDecodeError" not in result.stderr
    assert "ne correspond plus au fichier vérifié" in result.stderr
    week_ago = datetime.now().timestamp() - (KEPT_DAYS + 1) * 86400
    os.utime(old_folder, (week_ago, week_ago))
    actions.confirm([good.id], "analyste", workspace)
    assert len(workspace.store.imports()) == 1
    assert not broken_folder.exists() and not old_folder.exists()  # cleared: they can no longer be confirmed
    assert (workspace.plans.root / "notes-de-l-analyste").is_dir()  # not ours: left alone


def test_confirm_after_a_crash_between_commit_and_cleanup_says_the_file_is_already_imported(workspace):
    offers = offers_long_epci_csv()
    plan = actions.check_file(DATA, offers.content, offers.name, {}, workspace)
    actions.commit(plan, workspace, content_path=workspace.plans.content_path(plan.id), who="analyste")
    assert (workspace.plans.root / plan.id).exists()  # what a kill -9 before the cleanup leaves
    again = run_cli(["confirm", plan.id], workspace.base)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert "Déjà importé" in again.stderr and f"import n° 1 « {offers.name} »" in again.stderr
    assert len(workspace.store.imports()) == 1 and not (workspace.plans.root / plan.id).exists()
