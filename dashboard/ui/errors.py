"""The one place where the app turns a user error (UserError: what the user's situation refuses, in French) into a
message on the page, with its table of problems; anything else is a bug and is not caught."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard.build.fmt import plain
from loaders.errors import StalePlan, UserError
from loaders.store.plans import PlanNotFound

T = TypeVar("T")


def written(action: Callable[[], T], refused: Callable[[UserError], None] | None = None) -> T | None:
    """Run a write; when the user's situation refuses it (disk, busy base, stale check, a name too long…), say so
    in French, call `refused` with the error, and return None."""
    try:
        return action()
    except UserError as trouble:
        st.error(plain(trouble.message), icon=":material/error:")
        if refused:
            refused(trouble)
        if isinstance(trouble, StalePlan | PlanNotFound):
            st.info("Le rapport affiché ci-dessus vient d'être refait sur l'état actuel de la base : relisez-le, "
                    "puis confirmez de nouveau.", icon=":material/refresh:")
        if trouble.problems:
            show_problems(trouble.to_frame())
        return None


def show_problems(problems: pd.DataFrame, shown: int = 30) -> None:
    """Show the first problems as a plain table (readable on a projector), all of them in a scrollable one."""
    if problems.empty:
        return
    first = problems.head(shown).astype(object).where(problems.head(shown).notna(), "")
    st.table(first.map(lambda v: plain(v) if isinstance(v, str) else v), hide_index=True)  # cells are Markdown
    if len(problems) > shown:
        with st.expander(f"Les {len(problems)} problèmes"):
            st.dataframe(problems, hide_index=True, width="stretch", placeholder="n.d.")
