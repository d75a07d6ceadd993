"""The command line's French text report of an import of any kind."""

from __future__ import annotations

from loaders.errors import ERROR
from loaders.planning.kinds import CATALOGUE, DATA, REFERENTIAL
from loaders.store.plans import ImportReport
from loaders.values.numbers import french_count
from loaders.values.textnorm import visible


def format_report(report: ImportReport, dry_run: bool) -> str:
    """Return the French text report of an import of any kind: verdict, what was read, problems."""
    verdict = "importable (rien n'a été écrit)" if dry_run else "importé"
    subject = {REFERENTIAL: "Référentiel ", CATALOGUE: "Catalogue "}.get(report.kind, "")
    lines = [f"{subject}« {visible(report.file)} » : {verdict if report.ok else 'refusé'}.",
             *DETAILS[report.kind](report)]
    for problem in report.problems:
        label = "ERREUR" if problem.severity == ERROR else "attention"
        where = problem.where()
        lines.append(f"  {label} : {problem.message}" + (f" ({where})" if where else ""))
    if dry_run and report.ok:
        lines.append(f"  Vérification n° {report.plan} : pour importer ce fichier tel que vérifié, "
                     f"python -m loaders confirm {report.plan}")
    return "\n".join(lines)


def _data_lines(report: ImportReport) -> list[str]:
    lines = [f"  Source : {report.source or '?'} ; disposition : {report.layout or '?'} ; niveau : "
             f"{report.level or '?'} ; {report.rows_read} ligne(s) lue(s), {report.rows_kept} gardée(s).",
             f"  Périodes : {_span(report.periods)} ; territoires : {len(report.territories)} ; "
             f"cellules secrètes : {report.secret_cells} ; valeurs révisées : {report.revisions}."]
    lines += [f"  {totals.label} : {_totals(totals.values)}." for totals in report.totals]
    return lines + [f"  {note}" for note in report.notes]


def _referential_lines(report: ImportReport) -> list[str]:
    return [f"  {len(report.territories)} territoire(s), {report.communes} commune(s) rattachée(s), "
            f"{len(report.missing)} sans territoire."]


def _catalogue_lines(report: ImportReport) -> list[str]:
    return [f"  {report.items} mesure(s) lue(s) sur {report.rows_read} ligne(s)."]


DETAILS = {DATA: _data_lines, REFERENTIAL: _referential_lines, CATALOGUE: _catalogue_lines}


def _totals(totals: dict) -> str:
    """Return « demandeurs : A 149 298, ABC 269 578 » from the report's totals."""
    return " ; ".join(f"{indicator} : " + (", ".join(f"{c} {french_count(v)}" for c, v in value.items())
                                           if isinstance(value, dict) else french_count(value))
                      for indicator, value in totals.items())


def _span(periods: tuple[str, ...]) -> str:
    if not periods:
        return "aucune"
    return periods[0] if len(periods) == 1 else f"{periods[0]} à {periods[-1]} ({len(periods)})"
