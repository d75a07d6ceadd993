"""Finding the header row of a table and which column plays which role, from synonym lists."""

from __future__ import annotations

from functools import lru_cache

from loaders.domain.schema import Role
from loaders.values.textnorm import normalize

HEADER_SCAN_ROWS = 40
CACHED_HEADER = 200  # the scores of cells up to this length are remembered (a header is short; a note may not be)


def is_blank(cell: object) -> bool:
    """Return True for an empty cell (None, NaN, '' or spaces)."""
    if isinstance(cell, float):
        return cell != cell
    return cell is None or (isinstance(cell, str) and not cell.strip())


def match_score(header: object, role: Role) -> int:
    """Score how well a header names a role: 100 for an exact synonym, else the words matched."""
    if not isinstance(header, str):
        return 0
    return _score(header, role) if len(header) <= CACHED_HEADER else _score.__wrapped__(header, role)


@lru_cache(maxsize=16384)
def _score(header: str, role: Role) -> int:
    text = _normalized(header)
    if not text:
        return 0
    words = _words(text)
    if any(word in words for word in role.excludes):
        return 0
    best = 0
    for wanted, wanted_words in _synonyms(role):
        if text == wanted:
            return 100
        if wanted_words <= words:
            best = max(best, len(wanted_words))
    return best


@lru_cache(maxsize=256)
def _synonyms(role: Role) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((wanted, _words(wanted)) for wanted in map(_normalized, role.synonyms))


@lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    return normalize(text)


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in text.split())


def assign_roles(header: list[object], roles: list[Role]) -> dict[str, int]:
    """Map each role to the column whose header names it best; a column serves one role only."""
    candidates = []
    for index, cell in enumerate(header):
        for order, role in enumerate(roles):
            score = match_score(cell, role)
            if score:
                candidates.append((-score, order, index, role.name))
    found: dict[str, int] = {}
    used: set[int] = set()
    for _, _, index, name in sorted(candidates):
        if name not in found and index not in used:
            found[name] = index
            used.add(index)
    return found


def find_header(rows: list[list[object]], roles: list[Role], accept) -> tuple[int, dict[str, int]] | None:
    """Return (row index, roles → columns) of the row naming most roles among those `accept` takes."""
    best = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = assign_roles(row, roles)
        if accept(set(found)) and (best is None or len(found) > len(best[1])):
            best = (index, found)
            if len(found) == len(roles):
                break
    return best
