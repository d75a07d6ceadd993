"""The pages of the dashboard, declared once: file, menu label, icon, heading, and what the page allows."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.domain.territory import REGION


@dataclass(frozen=True)
class Page:
    """A page: its file, its name in the menu and the browser's tab, its icon, and its heading when it differs.

    Only a presentable page enters presentation mode; a page that writes is not editionable: it always works on
    the current data."""

    path: str
    label: str
    icon: str
    heading: str = ""
    presentable: bool = False
    editionable: bool = True

    @property
    def title(self) -> str:
        """Return the page's heading."""
        return self.heading or self.label


REGIONAL = Page("app.py", "Vue régionale", ":material/map:", f"Vue régionale — {REGION.name}")
MY_TERRITORY = Page("pages/1_mon_territoire.py", "Mon territoire", ":material/location_on:", presentable=True)
COMPOSITION = Page("pages/2_territoires.py", "Composition des territoires", ":material/list_alt:")
PARTIAL_ACTIVITY = Page("pages/4_activite_partielle.py", "Activité partielle", ":material/factory:")
COMPARE = Page("pages/5_comparer.py", "Comparer des territoires", ":material/compare_arrows:")
ROADMAP = Page("pages/7_feuille_de_route.py", "Feuille de route", ":material/flag:", "Feuille de route du CLEFOP")
TOOLBOX = Page("pages/8_boite_a_outils.py", "Boîte à outils", ":material/handyman:",
               "Boîte à outils : l'offre de services des partenaires")
PLENARY = Page("pages/9_pleniere.py", "Préparer la plénière", ":material/slideshow:")
EDITIONS = Page("pages/10_editions.py", "Éditions", ":material/history:")
SOURCES = Page("pages/3_sources.py", "Sources et méthode", ":material/menu_book:")
IMPORT = Page("pages/6_importer.py", "Importer des données", ":material/upload_file:", editionable=False)
PAGES = (REGIONAL, MY_TERRITORY, COMPOSITION, PARTIAL_ACTIVITY, COMPARE, ROADMAP, TOOLBOX, PLENARY, EDITIONS, SOURCES,
         IMPORT)  # in the menu's order
