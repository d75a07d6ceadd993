"""Walk a page through the states a user can reach, found from the widgets the page actually shows.

Each step sets one widget the way the browser would (the option's label is what the browser sends back) and
runs the page again in the same session; after every run the page must show no exception and no error box.
Where the product is large (mailles, territories, months) the options are sampled: always the first and the
last, and a few drawn in between. The draw follows the run's seed, printed in the test log (CLEFOP_TEST_SEED
replays it): each run visits other states, and every state is visited by some seed.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import TESTING_KEY

from dashboard.ui.frame import DATA_KEY
from loaders.settings import PROJECT_DIR

CHOICES = ("selectbox", "radio", "segmented_control", "pills")
SWITCHES = ("toggle", "checkbox")
SIDEBAR_KEYS = ("maille", "territoire", "reference", "periode")
# set once by the first process that reads it (pytest's, before it starts its workers, which inherit it)
SEED = int(os.environ.setdefault("CLEFOP_TEST_SEED", str(random.SystemRandom().randrange(1_000_000))))


class PageFailed(AssertionError):
    """A state of a page showed an exception or an error box."""


def sample(options: list, count: int, rng: random.Random) -> list:
    """Return the first and last options and up to count − 2 drawn in between, in their order."""
    if count < 2:
        return list(options)[:count]
    if len(options) <= count:
        return list(options)
    middle = rng.sample(range(1, len(options) - 1), count - 2)
    return [options[i] for i in [0, *sorted(middle), len(options) - 1]]


@dataclass
class Walk:
    """One browser session on one page, counting the states it visits."""

    page: str
    params: dict = field(default_factory=dict)
    seed: int = 0
    link_warnings: bool = False  # a walk that starts from a crafted link may warn about it
    states: int = 0
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.page}-{self.seed}-{SEED}")
        self.app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
        for key, value in self.params.items():
            self.app.query_params[key] = value
        if self.page != "app.py":
            self.app.switch_page(self.page)
        self.run(f"ouverture {self.params}")

    def run(self, what: str) -> AppTest:
        self.app.run()
        self.states += 1
        self.check(what)
        return self.app

    def check(self, what: str) -> None:
        where = f"{self.page} — {what} (graine {SEED})"
        if self.app.exception:
            raise PageFailed(f"{where}: exception {self.app.exception[0].value}")
        if self.app.error:
            raise PageFailed(f"{where}: boîte d'erreur « {self.app.error[0].value} »")
        if not self.link_warnings:
            odd = [w.value for w in self.app.warning if "Le lien demandait" in w.value]
            if odd:
                raise PageFailed(f"{where}: avertissement de lien inattendu « {odd[0]} »")

    def widget(self, kind: str, ident: tuple, sidebar: bool = False):
        """Return the widget of that kind and (key, label), or None when the page no longer shows it."""
        area = self.app.sidebar if sidebar else self.app.main
        for item in getattr(area, kind):
            if (item.key, item.label) == ident or (ident[0] is not None and item.key == ident[0]):
                return item
        return None

    def choose(self, item, value, what: str) -> AppTest:
        """Set a widget to an option's label (or a switch's state, or a list of labels) and run."""
        item.root.session_state[TESTING_KEY][item.id] = _as_sent
        item.set_value(value)
        return self.run(what)

    def sidebar(self, key: str):
        return self.widget("selectbox", (key, None), sidebar=True)

    def page_widgets(self) -> list[tuple[str, tuple]]:
        """Return (kind, (key, label)) of every choice, switch and multiple choice of the main area."""
        found = []
        for kind in (*CHOICES, *SWITCHES, "multiselect"):
            found += [(kind, (w.key, w.label)) for w in getattr(self.app.main, kind)]
        return found

    def open_data_tables(self) -> None:
        """Open every expander of a chart's data at once and run (they are filled only when open), then close them."""
        keys = [key for key in self.app.session_state if str(key).startswith(DATA_KEY)]
        if keys:
            for key in keys:
                self.app.session_state[key] = True
            self.run(f"données ouvertes : {len(keys)}")
            for key in keys:
                self.app.session_state[key] = False

    def vary_page_widgets(self, per_widget: int = 3) -> None:
        """Open the data of the charts, then set each widget of the page to each of its (sampled) options, one
        widget after the other."""
        self.open_data_tables()
        for kind, ident in self.page_widgets():
            item = self.widget(kind, ident)
            if item is None:
                continue
            if kind in SWITCHES:
                for state in (not item.value, item.value):
                    self.choose(self.widget(kind, ident) or item, state, f"{ident[1]} = {state}")
            elif kind == "multiselect":
                self._vary_multiselect(ident, list(item.options))
            else:
                for label in sample(list(item.options), per_widget, self.rng):
                    current = self.widget(kind, ident)
                    if current is not None and label in current.options:
                        self.choose(current, label, f"{ident[1]} = {label}")

    def _vary_multiselect(self, ident: tuple, options: list[str]) -> None:
        limit = 6
        for chosen in ([], options[:1], sample(options, 2, self.rng), sample(options, limit, self.rng)):
            current = self.widget("multiselect", ident)
            if current is not None:
                self.choose(current, chosen[:limit], f"{ident[1]} = {chosen}")

    def seconds(self) -> float:
        return time.monotonic() - self.started


def _as_sent(value):
    """Stand in for the page's format function: the value set is already the label the browser sends."""
    return value
