"""Select boxes whose value lives in the URL query string, so that a copied link reproduces the view.

The URL holds the label the user sees (« ?territoire=Cholet »). It is read once, on the first run of a
browser session (a link opened, a page reloaded); from then on the session's own choice is the truth and is
written back to the URL after every run, or dropped when it is the default. The browser may send a query
string that lags behind the last choice (a second click while the first run is still going): reading the
URL again would bring the older choice back. A value that does not exist is reported once and replaced by
the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard.build.fmt import echoed

CHOSEN = "_url_chosen_"


def url_selectbox(label: str, options: Sequence, key: str, format_func: Callable[[object], str],
                  default=None, url_text: Callable[[object], str] | None = None,
                  unknown: Callable[[str], str] | None = None,
                  aliases: Callable[[object], Sequence[str]] = lambda _: (), **kwargs):
    """Show a select box bound to the query parameter `key` and return its value.

    `default` is the value left out of the URL (the first option unless given); the URL holds `url_text` of
    the value (its label unless given); `unknown(asked)` words the notice of a value that does not exist;
    `aliases(value)` are other texts a link may name it by (its id, a label of an earlier version).
    """
    url_text = url_text or format_func
    wanted = _wanted(options, key, url_text, unknown, aliases)
    # Assigned on every run: on a page change the widget is new and would otherwise start at its default.
    st.session_state[key] = wanted
    value = st.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    remember(key, value, options[0] if default is None else default, url_text(value))
    return value


def remember(key: str, value, default, text: str) -> None:
    """Record the session's choice and mirror it in the URL (absent when it is the default)."""
    st.session_state[CHOSEN + key] = value
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = text


def _wanted(options: Sequence, key: str, format_func: Callable[[object], str], unknown=None, aliases=lambda _: ()):
    if CHOSEN + key in st.session_state:
        current = st.session_state.get(key, st.session_state[CHOSEN + key])
        return current if current in options else options[0]
    asked = st.query_params.get(key)
    if asked is None:
        return options[0]
    labels = [format_func(o) for o in options]
    if asked in labels:
        return options[labels.index(asked)]
    named = [o for o in options if asked in aliases(o)]
    if named:
        return named[0]
    st.warning(unknown(echoed(asked)) if unknown else f"Le lien demandait « {echoed(asked)} » pour « {key} », qui "
               "n'existe pas : la valeur par défaut est affichée.", icon=":material/link_off:")
    return options[0]
