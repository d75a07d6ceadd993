"""The toolbox page's cards: one measure per card, readable on a projector."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.build.fmt import plain


def cards(shown: pd.DataFrame, per_row: int = 2) -> None:
    """Show each measure as a card: name, carrier and publics, themes, what it is, a link to learn more."""
    for start in range(0, len(shown), per_row):
        for column, (_, item) in zip(st.columns(per_row), shown.iloc[start:start + per_row].iterrows()):
            with column.container(border=True):
                st.markdown(f"**{plain(item['Mesure ou service'])}**")
                st.caption(f"{plain(item['Porteur'])} · pour : {plain(item['Publics'])}")
                st.markdown(plain(item["En bref"]))
                st.caption(f"Thèmes : {plain(item['Thèmes'])}")
                if item["En savoir plus"]:
                    st.link_button("En savoir plus", item["En savoir plus"], icon=":material/open_in_new:")
