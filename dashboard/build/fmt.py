"""French formatting of numbers, percentages and periods for every user-facing text."""

from __future__ import annotations

import re

from loaders.values.textnorm import visible

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~$:!])")  # enough to defuse links, images, HTML, styling
AUTOLINKS = re.compile(r"(?i)//|www\.|@")
THIN_SPACE = "\u202f"  # narrow no-break space, the French thousands separator
PLOTLY_SEPARATORS = ",\u202f"  # decimal comma, thin-space thousands


def number(value: float | int | None, decimals: int = 0) -> str:
    """Format a number the French way: « 12 345 », « 3,5 »; missing values as « n.d. »."""
    if value is None or value != value:
        return "n.d."
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THIN_SPACE).replace(".", ",")


def percent(value: float | None, decimals: int = 1, signed: bool = True) -> str:
    """Format a change in percent: « +12,3 % », « −4,0 % »."""
    if value is None or value != value:
        return "n.d."
    sign = "+" if value > 0 and signed else ""
    text = sign + number(value, decimals) + "\u00a0%"
    return text.replace("-", "\u2212")


def plotly_text(text: object) -> str:
    """Return a name as plotly must draw it: literally, its « < », « > » and « & » not read as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%{", "%\u200b{")


def plain(text: object) -> str:
    """Return user-supplied text (file, sheet or territory name) escaped so that Markdown shows it literally.

    A zero-width space also breaks what GitHub-flavoured Markdown would turn into links by itself (URLs, e-mails).
    """
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", visible(str(text)))
    return AUTOLINKS.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], escaped)


ECHO_MAX = 80  # characters of a value from a link said back in a message


def echoed(value: object) -> str:
    """Return a value the user gave (a link's parameter) as a message says it back: cut when long, with its
    length, and escaped for Markdown."""
    text = str(value)
    if len(text) > ECHO_MAX:
        return plain(text[:ECHO_MAX]) + f"… ({number(len(text))} caractères)"
    return plain(text)
