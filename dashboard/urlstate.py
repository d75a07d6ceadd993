"""Select boxes whose value lives in the URL query string, so that a copied link reproduces the view.

The URL holds the label the user sees (« ?territoire=Cholet »). The value is read from the URL when the
page loads or when a link changed it, written back after every change, and dropped when it is the
default. A value that does not exist is reported once and replaced by the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard.fmt import plain

SEEN = "_url_seen_"


def url_selectbox(label: str, options: Sequence, key: str, format_func: Callable[[object], str], **kwargs):
    """Show a select box bound to the query parameter `key` and return its value."""
    labels = [format_func(o) for o in options]
    asked = st.query_params.get(key)
    seen = st.session_state.get(SEEN + key)
    current = st.session_state.get(key)
    wanted = current if current in options else options[0]
    if asked is not None and asked not in labels:
        st.warning(f"Le lien demandait « {plain(asked)} » pour « {key} », qui n'existe pas : "
                   "la valeur par défaut est affichée.", icon=":material/link_off:")
        del st.query_params[key]
        wanted = options[0]
    elif asked is not None and (asked != seen or current not in options):
        wanted = options[labels.index(asked)]
    elif asked is None and seen is not None:
        wanted = options[0]
    # Assigned on every run: on a page change the widget is new and would otherwise start at its default.
    st.session_state[key] = wanted
    value = st.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    text = format_func(value)
    if value == options[0]:
        st.query_params.pop(key, None)
        st.session_state[SEEN + key] = None
    else:
        st.query_params[key] = text
        st.session_state[SEEN + key] = text
    return value
