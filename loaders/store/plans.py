"""An import plan: what one file would write, checked against one revision of the store, kept until confirmed.

A plan is the one report of every kind of import (data, referential, catalogue; typed as `ImportReport` for the
command line and the import page alike): what was read, the problems with their place, the rows it would write
and the changes against the store. It is saved in the data folder under an id made of the file's SHA-256, the
options and the store revision it was computed against, so that « Confirmer » writes exactly what the analyst
read, without reading the file again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa

from loaders.errors import ERROR, WARNING, Problem, UserError
from loaders.store.archive import DIGEST, file_digest, table_digest
from loaders.store.records import unlinked, writable

PLAN_FORMAT = 3  # bumped when the saved form changes: an older saved plan is then checked again
PLAN_ID = re.compile(r"[0-9a-f]{24}")
KEPT_DAYS = 7  # an unconfirmed check is cleared after a week


@dataclass(frozen=True)
class Totals:
    """Sums over one scope, per indicator (a dict per category when the file gives categories)."""

    label: str
    comparison: bool  # France's: a comparison, never the region
    values: dict


# (key in the report's JSON, label, comparison), in the order both renderings give them
TOTAL_SCOPES = (("totals", "Totaux des territoires de la région", False),
                ("france_totals", "France entière", True),
                ("france_metro_totals", "France métropolitaine", True))


@dataclass(frozen=True)
class ImportReport:
    """What one file's check found, for a file of any kind (data, referential, catalogue)."""

    kind: str
    file: str
    ok: bool
    plan: str = ""  # the id under which the check is kept, for « confirm »
    source: str | None = None
    layout: str | None = None
    level: str | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    periods: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    secret_cells: int = 0
    revisions: int = 0
    totals: tuple[Totals, ...] = ()  # only the scopes the file gave
    notes: tuple[str, ...] = ()
    sheets: tuple[dict, ...] = ()  # per sheet: what it was read as, rows, set aside, columns not kept
    problems: tuple[Problem, ...] = ()
    name: str = ""  # a referential's maille
    communes: int = 0  # a referential's communes
    missing: tuple[str, ...] = ()  # a referential's communes without a territory
    items: int = 0  # a catalogue's measures

    @classmethod
    def of(cls, data: dict, problems: tuple[Problem, ...] | None = None) -> ImportReport:
        """Return the report of a plan's JSON; `problems` in the plan's order when it is at hand."""
        if problems is None:
            problems = tuple(Problem(**p, severity=severity) for severity, key in ((ERROR, "errors"),
                                                                                   (WARNING, "warnings"))
                             for p in data.get(key, []))
        totals = tuple(Totals(label, comparison, data[key]) for key, label, comparison in TOTAL_SCOPES
                       if data.get(key))
        return cls(data["kind"], data.get("file", ""), data.get("status") == "ok", data.get("plan", ""),
                   data.get("source"), data.get("layout"), data.get("level"), data.get("rows_read", 0),
                   data.get("rows_kept", 0), data.get("rows_rejected", 0), tuple(data.get("periods", ())),
                   tuple(data.get("territories", ())), data.get("secret_cells", 0), data.get("revisions", 0), totals,
                   tuple(data.get("notes", ())), tuple(data.get("sheets", ())), problems, data.get("name", ""),
                   data.get("communes", 0), tuple(data.get("missing", ())), data.get("items", 0))

    def by_severity(self, severity: str) -> tuple[Problem, ...]:
        """Return the problems of one severity, in their order."""
        return tuple(p for p in self.problems if p.severity == severity)


def plan_id(kind: str, sha256: str, options: dict, base_revision: str, seal: str) -> str:
    """Return the id of the plan of a file with these options against a store revision, sealed over what the plan
    says and would write: the analyst holds the id, so a plan changed after its check no longer answers to it."""
    key = json.dumps([PLAN_FORMAT, kind, sha256, options, base_revision, seal], sort_keys=True, default=str)
    return hashlib.sha256(key.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Plan:
    """One file's import, analysed: the report shown, and the rows a confirmation writes."""

    kind: str
    filename: str
    sha256: str
    options: dict
    base_revision: str
    summary: dict  # the report's JSON: status, file, rows_read, rows_kept, errors, warnings, and the kind's details
    problems: tuple[Problem, ...] = ()
    source: str | None = None
    frames: dict[str, pa.Table] = field(default_factory=dict)  # what would be written; "revisions" is shown only
    extra: dict = field(default_factory=dict)  # what else would be written (a maille's name and polygons)

    @property
    def id(self) -> str:
        return plan_id(self.kind, self.sha256, self.options, self.base_revision, self.seal)

    @cached_property
    def seal(self) -> str:
        """Return the digest of what the plan says (report, problems, extra) and would write (its tables)."""
        said = json.dumps([self.filename, self.source, self.summary, [asdict(p) for p in self.problems], self.extra,
                           {name: table_digest(table) for name, table in sorted(self.frames.items())}],
                          sort_keys=True, default=str)
        return hashlib.sha256(said.encode()).hexdigest()

    @property
    def ok(self) -> bool:
        """Return True when nothing blocks the import."""
        return not any(p.severity == ERROR for p in self.problems) and self.summary.get("status") == "ok"

    def to_dict(self) -> dict:
        """Return the report as JSON (`python -m loaders import --json`; kept with a check on the import page)."""
        return {**self.summary, "kind": self.kind, "plan": self.id, "base_revision": self.base_revision}

    def report(self) -> ImportReport:
        """Return the typed report the command line prints and the import page shows."""
        return ImportReport.of(self.to_dict(), self.problems)

    @property
    def observations(self):
        """Return the observations a data plan would write (empty for the other kinds)."""
        return self.frame("observations")

    def frame(self, name: str):
        """Return one of the plan's tables as a DataFrame (empty when the plan has none)."""
        import pandas as pd
        table = self.frames.get(name)
        return table.to_pandas() if table is not None else pd.DataFrame()


def _write_table(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_table(path: Path) -> pa.Table:
    """Return a kept table, mapped from its file rather than decoded (Arrow's own format, as in memory)."""
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all()


class PlanNotFound(UserError):
    """A plan was confirmed that is no longer kept (confirmed, dropped, or never made)."""


class Plans:
    """The plans of a data folder, one sub-folder each: plan.json, the file as uploaded, its tables."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, plan: Plan, content: bytes) -> str:
        """Keep a plan and the file's bytes (written whole, then moved into place, over whatever stood under its
        id: a check always keeps its own plan); return its id."""
        target = writable(unlinked(self.root / plan.id, self.root))
        self.root.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.root, prefix=".tmp-"))
        try:
            (scratch / "content").write_bytes(content)
            for name, table in plan.frames.items():
                _write_table(table, scratch / f"{name}.arrow")
            head = {"format": PLAN_FORMAT, "kind": plan.kind, "filename": plan.filename, "sha256": plan.sha256,
                    "options": plan.options, "base_revision": plan.base_revision, "summary": plan.summary,
                    "problems": [asdict(p) for p in plan.problems], "source": plan.source,
                    "frames": sorted(plan.frames), "extra": plan.extra}
            (scratch / "plan.json").write_text(json.dumps(head, ensure_ascii=False, default=str), encoding="utf-8")
            self._remove(target)
            os.replace(scratch, target)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        return plan.id

    def load(self, plan_id: str) -> Plan:
        """Return a kept plan as it was made; PlanNotFound, in French, when it is gone, damaged or not bound to
        its file (its id, its file's digest and the file's content must agree)."""
        folder = self._folder(plan_id)
        head = self._head(folder)
        if head.get("format") != PLAN_FORMAT:
            raise PlanNotFound("Ce fichier a été vérifié par une version précédente du tableau de bord : "
                               "vérifiez-le de nouveau avant de confirmer. Rien n'a été écrit.")
        try:
            plan = Plan(head["kind"], head["filename"], head["sha256"], head["options"], head["base_revision"],
                        head["summary"], tuple(Problem(**p) for p in head["problems"]), head["source"],
                        {name: _read_table(folder / f"{name}.arrow") for name in head["frames"]}, head["extra"])
        except (KeyError, TypeError, OSError, pa.ArrowException):
            raise _unusable(plan_id) from None
        content = folder / "content"
        if not DIGEST.fullmatch(str(plan.sha256)) or plan.id != plan_id or content.is_symlink() \
                or not content.is_file() or file_digest(content) != plan.sha256:
            raise _unusable(plan_id)
        return plan

    def content_path(self, plan_id: str) -> Path:
        """Return where the file of a kept plan is, as uploaded."""
        return self._folder(plan_id) / "content"

    def drop(self, plan_id: str) -> None:
        """Forget a plan (after its commit, or when the analyst cancels)."""
        if PLAN_ID.fullmatch(plan_id):
            self._remove(self.root / plan_id)

    def prune(self, revision: str) -> None:
        """Drop the plans that can no longer be confirmed: made against another revision, unreadable, older than
        KEPT_DAYS, or a save a crash interrupted; anything else in the folder is left alone."""
        if not self.root.is_dir() or self.root.is_symlink():
            return
        for folder in self.root.iterdir():
            if folder.is_symlink() or not folder.is_dir():
                continue
            age = time.time() - folder.stat().st_mtime
            if folder.name.startswith(".tmp-"):
                stale = age > 3600  # a save a crash interrupted
            elif PLAN_ID.fullmatch(folder.name):
                try:
                    stale = age > KEPT_DAYS * 86400 or self._head(folder)["base_revision"] != revision
                except (PlanNotFound, KeyError, TypeError):
                    stale = True
            else:
                continue
            if stale:
                self._remove(folder)

    def _folder(self, plan_id: str) -> Path:
        folder = unlinked(self.root / plan_id, self.root) if PLAN_ID.fullmatch(plan_id) else self.root / plan_id
        if not PLAN_ID.fullmatch(plan_id) or folder.is_symlink() or not (folder / "plan.json").is_file():
            raise PlanNotFound(f"L'import vérifié n° {plan_id[:24]} n'est plus disponible (déjà confirmé ou "
                               "annulé) : vérifiez de nouveau le fichier. Rien n'a été écrit.")
        return folder

    @staticmethod
    def _head(folder: Path) -> dict:
        try:
            head = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise _unusable(folder.name) from None
        if not isinstance(head, dict):
            raise _unusable(folder.name)
        return head

    @staticmethod
    def _remove(folder: Path) -> None:
        if folder.is_symlink():
            folder.unlink()
        elif folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def _unusable(plan_id: str) -> PlanNotFound:
    return PlanNotFound(f"L'import vérifié n° {plan_id[:24]} ne correspond plus au fichier vérifié (plan abîmé ou "
                        "modifié depuis la vérification) : vérifiez de nouveau le fichier. Rien n'a été écrit.")
