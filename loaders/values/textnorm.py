"""Normalisation of headers, names and codes so that matching ignores form."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Zero-width, joiner and bidirectional control characters: invisible, they make a code look right or
# reverse the rest of a sentence.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def without_invisible(text: str) -> str:
    """Return text without invisible characters, compatibility forms folded (full-width digits → 0-9)."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def visible(text: str) -> str:
    """Return text with each invisible character shown as its code point (« ⟨U+202E⟩ »)."""
    return INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group(0)):04X}⟩", text)
_SAINT = re.compile(r"\b(ste?)\b")


def normalize(text: object) -> str:
    """Lower-case, strip accents, and fold punctuation, apostrophes and line breaks to one space."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def name_key(name: object) -> str:
    """Key for territory names: also equates St/Ste with Saint/Sainte and ignores hyphens."""
    words = normalize(name).split()
    expanded = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(expanded)


_LINKS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur", "a", "au", "aux"}


def epci_key(name: object) -> str:
    """Key for EPCI names across vintages: « CC Pays de Fontenay-Vendée » = « CC du Pays de Fontenay-Vendée »."""
    words = [w for w in name_key(name).split() if w not in _LINKS]
    return " ".join(words)


def pad_code(value: object, width: int) -> str | None:
    """Return a code as text zero-padded to `width`, or None when it is not a code."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value or not value.is_integer():
            return None
        value = int(value)
    text = without_invisible(str(value)).strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if not text or len(text) > width:
        return None
    if text.isdigit() or (width == 5 and re.fullmatch(r"2[AB]\d{3}", text.upper())):
        return text.upper().zfill(width)
    return None


LIST_SEPARATOR = " | "  # how the store keeps a list of themes or publics in one text cell


def split_list(text: str) -> list[str]:
    """Return the values of a list kept in one text cell (the reverse of LIST_SEPARATOR.join)."""
    return str(text).split(LIST_SEPARATOR) if text else []


# How a text cell starts when a spreadsheet would run it (a formula, DDE) or make it a live link (XlsxWriter turns
# these into hyperlinks): such a cell is written with a leading apostrophe, shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "{", "\t", "\r")
LINK_STARTS = ("http://", "https://", "ftp://", "ftps://", "mailto:", "internal:", "external:")


def spreadsheet_safe(value):
    """Return a text that a spreadsheet keeps as text (other values as they are)."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lower().startswith(LINK_STARTS)):
        return "'" + value
    return value
