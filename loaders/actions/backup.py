"""A second copy of a data folder: what it cannot be rebuilt without (the journal, every archived file, the
analyst password's hash), with a manifest of checksums; and a new data folder rebuilt from such a copy.

The database is not copied: it is rebuilt from the journal, which records every import, undo, édition and
priority, and from the archived files (data, referentials, catalogues).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from loaders.actions.access import HASH_FILE
from loaders.actions.repair import rebuild
from loaders.errors import UserError
from loaders.settings import archive_dir
from loaders.store.archive import Archive, file_digest
from loaders.store.journal import IMPORT, recover
from loaders.store.records import read_only_place
from loaders.store.workspace import Workspace

MANIFEST = "sauvegarde.json"
FORMAT = 1
JOURNAL = "archive/journal.jsonl"  # where a data folder keeps its journal, relative to it


class BackupRefused(UserError):
    """A backup that cannot be made, or a copy that is not a whole, verified backup: nothing was written."""


def backup(destination: Path, workspace: Workspace | None = None) -> dict:
    """Write a consistent copy of the data folder into `destination` (new or empty) and return its manifest.

    The journal is read while no import can commit (the store's write lock), so that every line it holds is
    committed and every file it names is archived; the copy is made beside the destination and moved into place
    with its manifest written last: a copy cut short is never taken for a backup.
    """
    workspace = workspace or Workspace()
    _must_be_free(destination, "la sauvegarde")
    journal = _journal_now(workspace)
    with _beside(destination, "en-cours") as scratch:
        files = {JOURNAL: _write(scratch / JOURNAL, journal)}
        events = Archive(archive_dir(scratch)).events()
        for digest in sorted({e["sha256"] for e in events if e["event"] == IMPORT.name}):
            source = workspace.archive.path(digest)
            relative = source.relative_to(workspace.base).as_posix()
            files[relative] = _copy(source, scratch / relative, digest)
        password = workspace.base / HASH_FILE
        if password.is_file():
            files[HASH_FILE] = _copy(password, scratch / HASH_FILE)
        manifest = {"format": FORMAT, "made_at": datetime.now().isoformat(timespec="seconds"),
                    "source": str(workspace.base), "operations": len(events),
                    "imports": sum(e["event"] == IMPORT.name for e in events), "files": files}
        _write(scratch / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def restore_backup(source: Path, into: Path) -> int:
    """Check a backup against its manifest, copy it into a new data folder `into` and rebuild its database;
    return the number of imports replayed. Refused, with nothing written, when any file does not match."""
    manifest = verify(source)
    _must_be_free(into, "le dossier de données restauré")
    with _beside(into, "restauration") as scratch:
        for relative, expected in manifest["files"].items():
            _copy(source / relative, scratch / relative, expected["sha256"])
        return rebuild(Workspace(scratch))


@contextmanager
def _beside(target: Path, label: str):
    """Yield a new folder beside `target`; when the block ends, flush it and move it into place whole (on any
    failure, remove it): `target` is never seen half-made."""
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.{label}-"))
    try:
        yield scratch
        _sync(scratch)
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def verify(source: Path) -> dict:
    """Return a backup's manifest when every file it lists is there with its size and checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        whole = manifest["format"] == FORMAT and isinstance(files, dict) and JOURNAL in files
    except (OSError, ValueError, KeyError, TypeError):
        whole = False
    if not whole:
        raise BackupRefused(f"« {source} » n'est pas une sauvegarde complète ({MANIFEST} absent ou illisible : "
                            "sauvegarde interrompue ?). Rien n'a été écrit.") from None
    wrong = [relative for relative, expected in files.items() if not _matches(source, relative, expected)]
    if wrong:
        raise BackupRefused(f"La sauvegarde « {source} » ne correspond pas à son manifeste : {len(wrong)} fichier(s) "
                            f"absent(s) ou modifié(s) ({', '.join(wrong[:5])}). Rien n'a été écrit.")
    return manifest


def _matches(source: Path, relative: str, expected: dict) -> bool:
    path = source / relative
    if ".." in Path(relative).parts or Path(relative).is_absolute() or path.is_symlink() or not path.is_file():
        return False
    return path.stat().st_size == expected.get("size") and file_digest(path) == expected.get("sha256")


def _journal_now(workspace: Workspace) -> bytes:
    """Return the journal's committed lines, read while no other import can commit."""
    path = workspace.archive.journal_path
    if read_only_place(workspace.base) or not workspace.store.path.exists():  # nothing can commit meanwhile
        return _whole_lines(path)
    recover(workspace)  # a last line a crash left uncommitted is dropped first
    with workspace.store.frozen():
        return _whole_lines(path)


def _whole_lines(path: Path) -> bytes:
    raw = path.read_bytes() if path.exists() else b""
    return raw[:raw.rfind(b"\n") + 1]


def _must_be_free(folder: Path, what: str) -> None:
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise BackupRefused(f"« {folder} » existe déjà et n'est pas un dossier vide : choisissez un nouveau dossier "
                            f"pour {what}. Rien n'a été écrit.")
    if not folder.parent.is_dir():
        raise BackupRefused(f"Le dossier « {folder.parent} » n'existe pas : créez-le d'abord. Rien n'a été écrit.")


def _write(target: Path, content: bytes) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def _copy(source: Path, target: Path, digest: str | None = None) -> dict:
    """Copy a file while hashing it; refused when it is not what its digest says (a damaged archived file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    hashed, size = hashlib.sha256(), 0
    with open(source, "rb") as reader, open(target, "wb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            hashed.update(block)
            writer.write(block)
            size += len(block)
    if digest is not None and hashed.hexdigest() != digest:
        raise BackupRefused(f"« {source} » ne correspond plus à son empreinte (fichier abîmé) : rien n'a été écrit.")
    return {"sha256": hashed.hexdigest(), "size": size}


def _sync(folder: Path) -> None:
    """Flush every file of a folder to disk before it is moved into place."""
    for path in [*folder.rglob("*"), folder]:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
