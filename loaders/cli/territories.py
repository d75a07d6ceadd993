"""`python -m loaders territories`: the mailles and, for each territory, its code, communes and population."""

from __future__ import annotations

import json

from loaders.domain.territory import PARTIAL_SUFFIX
from loaders.errors import UserError
from loaders.store import Store
from loaders.values.numbers import french_count


def listing(store: Store, asked: str | None = None) -> list[dict]:
    """Return the mailles (the default first, flagged) with their territories; only `asked` (id or label) if given."""
    mailles = store.mailles()
    default = store.default_maille()
    mailles = mailles.assign(is_default=mailles["id"] == default).sort_values("is_default", ascending=False,
                                                                             kind="stable")
    if asked is not None:
        mailles = mailles[(mailles["id"] == asked) | (mailles["label"] == asked) | (mailles["short_label"] == asked)]
        if mailles.empty:
            raise UserError(f"Maille « {asked} » inconnue. Mailles disponibles : python -m loaders territories")
    return [{"id": m.id, "label": m.label, "default": bool(m.is_default),
             "territories": [{"code": t.code, "name": t.name, "communes": int(t.communes),
                              "population": int(t.population), "regional_part": bool(t.regional_part)}
                             for t in store.grid(m.id).itertuples()]}
            for m in mailles.itertuples()]


def render(mailles: list[dict], as_json: bool) -> str:
    """Return the listing as JSON, or as French text: one block per maille, one line per territory."""
    if as_json:
        return json.dumps({"mailles": mailles}, ensure_ascii=False, indent=1)
    blocks = []
    for maille in mailles:
        lines = [f"{maille['id']} — {maille['label']}" + (" (par défaut)" if maille["default"] else "")
                 + f" : {len(maille['territories'])} territoire(s)"]
        width = max((len(t["code"]) for t in maille["territories"]), default=0)
        for t in maille["territories"]:
            part = " — partie régionale" if t["regional_part"] and PARTIAL_SUFFIX not in t["name"] else ""
            lines.append(f"  {t['code']:<{width}}  {t['name']} : {t['communes']} communes, "
                         f"{french_count(t['population'])} habitants{part}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
