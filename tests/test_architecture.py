"""The layout is the architecture: dependencies point one way, each folder keeps its one-line rule."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from loaders.settings import PROJECT_DIR

# The layers, lowest first; a module may import its own layer and those below, never one above.
LAYERS = (
    ("loaders.domain",),
    ("loaders.values", "loaders.errors", "loaders.settings", "loaders.outputs"),
    ("loaders.intake", "loaders.tables", "loaders.store", "loaders.samples"),
    ("loaders.planning",),
    ("loaders.actions",),
    ("loaders.cli", "loaders.__main__", "dashboard.build"),
    ("dashboard.data",),
    ("dashboard.deck", "dashboard.__main__"),
    ("dashboard.ui",),
    ("pages", "app"),
)
# Each folder's rule, beyond the order of the layers: what it never imports.
NEVER = {
    "dashboard.build": ("streamlit", "loaders.actions", "loaders.intake", "loaders.planning"),  # pure builders
    "dashboard.data": ("streamlit", "loaders.actions"),  # reads only, cached
    "dashboard.deck": ("streamlit", "loaders.actions"),  # the deck, built from the data layer
    "loaders": ("streamlit", "dashboard", "pages"),
}
WITHOUT_STREAMLIT = ("dashboard.__main__", "dashboard.deck.files", "dashboard.data.assembly", "dashboard.build.figures",
                     "loaders.cli")


@cache
def modules() -> dict[str, Path]:
    """Return every module of the project by dotted name."""
    paths = [*PROJECT_DIR.glob("loaders/**/*.py"), *PROJECT_DIR.glob("dashboard/**/*.py"),
             *PROJECT_DIR.glob("pages/*.py"), PROJECT_DIR / "app.py"]
    found = {}
    for path in paths:
        name = ".".join(path.relative_to(PROJECT_DIR).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _targets(node: ast.AST, package: str) -> list[str]:
    """Return what an import statement names: submodules when it imports only submodules, else the module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(parts + ([base] if base else []))
    subs = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules()]
    return subs if len(subs) == len(node.names) else [base, *subs]


@cache
def imports() -> dict[str, set[str]]:
    """Return what each module imports: project modules by name, other packages by their top name."""
    known = modules()
    graph = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, package):
                while target and target not in known and "." in target:
                    target = target.rpartition(".")[0]
                if target and target != name and (target in known or target.split(".")[0] not in known):
                    found.add(target)
        graph[name] = found
    return graph


def layer(module: str) -> int | None:
    """Return the rank of a module's layer (None for a module outside the project)."""
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def test_every_project_module_has_a_layer():
    assert [m for m in modules() if layer(m) is None and m not in ("loaders", "dashboard")] == []


def test_no_module_imports_a_layer_above_its_own():
    upward = [f"{m} → {t}" for m, targets in imports().items() for t in targets
              if layer(m) is not None and layer(t) is not None and layer(t) > layer(m)]
    assert upward == []


@pytest.mark.parametrize("folder", sorted(NEVER))
def test_each_folder_keeps_its_rule(folder):
    broken = [f"{m} → {t}" for m, targets in imports().items() if m.startswith(folder + ".") or m == folder
              for t in targets if any(t == n or t.startswith(n + ".") for n in NEVER[folder])]
    assert broken == []


def test_no_import_cycle():
    graph = {m: {t for t in targets if t in modules()} for m, targets in imports().items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_deck_command_and_the_builders_never_load_streamlit(tmp_path):
    code = ("import importlib, sys\n"
            f"for name in {WITHOUT_STREAMLIT!r}:\n"
            "    importlib.import_module(name)\n"
            "from dashboard.__main__ import main\n"
            "main(['deck', '--territory', 'Cholet', '--output', sys.argv[1]])\n"  # the whole command, on no data
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    env = {**os.environ, "CLEFOP_DATA_DIR": str(tmp_path / "data"), "CLEFOP_DEMO": "0"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=PROJECT_DIR, capture_output=True,
                          text=True, check=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_modules_stay_short_and_folders_small():
    long = [str(p) for p in modules().values() if len(p.read_text(encoding="utf-8").splitlines()) > 300]
    folders: dict[Path, int] = {}
    for path in modules().values():
        folders[path.parent] = folders.get(path.parent, 0) + 1
    assert long == []
    assert {str(f): n for f, n in folders.items() if n > 15} == {}


def _declared_facts() -> dict[str, str]:
    """Return each declared domain value that must not be typed again, with what it is."""
    from dashboard.ui.pages import PAGES
    from loaders.domain.schema import IMPORT_KINDS
    from loaders.domain.sources import ADJUSTMENT
    from loaders.domain.territory import FRANCE_CODE, FRANCE_LEVEL, FRANCE_METRO, LEVELS, MAILLE_BY_ID, REGION

    facts = {REGION.code: "the region's code", FRANCE_CODE: "France's code",
             FRANCE_METRO: "France métropolitaine's code", FRANCE_LEVEL: "a level id"}
    facts |= {level.id: "a level id" for level in LEVELS} | {maille: "a maille id" for maille in MAILLE_BY_ID}
    facts |= {adjustment: "an adjustment id" for adjustment in ADJUSTMENT.labels}
    for kind in IMPORT_KINDS:
        facts |= {kind.id: "an import kind", kind.tab: "an import kind's tab", kind.written: "an import kind's name"}
        if " " in kind.label:  # a one-word label (« Données ») is also an ordinary word of the pages
            facts[kind.label] = "an import kind's label"
    for page in PAGES:
        facts |= {page.label: "a page's label", page.title: "a page's heading", page.path: "a page's file"}
    return facts


# Words that are not the declared ids they spell, each with its reason.
NOT_IDS = {("dashboard.ui.state", "territoire"): "the URL parameter's name, a contract of copied links",
           ("dashboard.deck.files", "territoire"): "a deck's file name when the territory's name has no letter",
           ("dashboard.deck.slides", "Sources et méthode"): "the deck's last slide, titled as the page it sums up"}
DECLARATIONS = ("loaders.domain", "dashboard.ui.pages")


def _exempt(node: ast.AST, parents: dict[int, ast.AST], facts: dict[str, str]) -> bool:
    """Return True for a docstring, a header synonym (inside Role(…)), or a word of a vocabulary list."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.Expr):
        return True
    while parent is not None:
        if isinstance(parent, ast.Call) and getattr(parent.func, "id", None) == "Role":
            return True
        if isinstance(parent, ast.Tuple | ast.List | ast.Set | ast.Dict):
            words = [e for e in (*getattr(parent, "elts", ()), *getattr(parent, "keys", ()),
                                 *getattr(parent, "values", ())) if isinstance(e, ast.Constant)]
            if len(words) > 3 and sum(w.value in facts for w in words) * 2 < len(words):
                return True
        parent = parents.get(id(parent))
    return False


def test_each_domain_fact_is_declared_once():
    from loaders.domain.territory import REGION

    facts = _declared_facts()
    found = []
    for module, path in modules().items():
        if module.startswith(DECLARATIONS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            value = node.value
            typed = facts.get(value) or ("the region's name" if REGION.name in value else None)
            if typed and (module, value) not in NOT_IDS and not _exempt(node, parents, facts):
                found.append(f"{path.relative_to(PROJECT_DIR)}:{node.lineno} « {value} » ({typed})")
    assert found == [], found


# The store's, the archive's and the plans' writing methods: called by the actions only (and inside the store).
WRITES = {"add_import", "undo_import", "add_edition", "rename_edition", "add_priorities", "append", "put", "adopt",
          "rewrite", "save", "drop", "prune", "transaction"}
WRITERS = ("loaders.actions", "loaders.store")


def test_only_the_actions_write():
    found = []
    for module, path in modules().items():
        if module.startswith(WRITERS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                receiver = ast.unparse(node.func.value)
                if any(word in receiver for word in ("store", "archive", "plans")):
                    found.append(f"{path.relative_to(PROJECT_DIR)}:{node.lineno} {receiver}.{node.func.attr}")
    assert found == []


def test_the_workbook_reading_child_starts_without_the_data_libraries():
    code = ("import sys, loaders.intake.child\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy', 'pyarrow', 'duckdb')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # it starts for every workbook read: its imports are part of each import
