"""The roadmap's vocabulary: priority themes, publics, how many priorities a territory chooses."""

from __future__ import annotations

from dataclasses import dataclass

MIN_PRIORITIES, MAX_PRIORITIES = 2, 3


@dataclass(frozen=True)
class Theme:
    """A priority theme of the roadmap: what it covers and which dashboard indicators inform it."""

    id: str
    label: str
    description: str
    families: tuple[str, ...]
    detail: str


THEMES = (
    Theme("crise", "Gestion de crise",
          "Prévenir les restructurations et les licenciements, accompagner les entreprises en difficulté, "
          "revitaliser les territoires touchés.", ("activite_partielle", "demandeurs"),
          "salariés en activité partielle et heures autorisées, par secteur"),
    Theme("relance", "Soutien à la relance économique",
          "Accompagner la reprise d'activité et l'investissement des entreprises du territoire.",
          ("offres", "activite_partielle"), "offres collectées et sortie de l'activité partielle"),
    Theme("rh", "Traitement des impacts RH",
          "Former plutôt que licencier, reconversions, montée en compétences, mise en activité des demandeurs "
          "d'emploi, apprentissage.", ("activite_partielle", "demandeurs"),
          "activité partielle par secteur, demandeurs d'emploi par ancienneté d'inscription"),
    Theme("recrutement", "Besoins de recrutement des entreprises",
          "Répondre aux offres non pourvues et aux métiers en tension, rapprocher offres et candidats.",
          ("offres",), "offres collectées par type de contrat"),
    Theme("jeunes", "Accompagnement des jeunes",
          "Jeunes ni en emploi, ni en études, ni en formation (NEET) et moins de 25 ans : repérage, "
          "accompagnement, apprentissage.", ("demandeurs",), "demandeurs d'emploi de moins de 25 ans"),
    Theme("orientation", "Dispositifs facilitant l'orientation",
          "Rendre lisibles les métiers, les formations et les services d'orientation pour tous les publics.",
          ("demandeurs", "offres"), "demandeurs d'emploi et offres du territoire"),
)
THEME_BY_ID = {t.id: t for t in THEMES}
PUBLICS = ("entreprises", "salariés", "demandeurs d'emploi", "jeunes")
