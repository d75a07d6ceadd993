"""Analyst passwords: salted hashes compared in constant time, a delay after failures, a generated first one."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
import tomllib
from pathlib import Path

from loaders.settings import PROJECT_DIR, data_dir
from loaders.store.records import writable

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000
HASH_FILE = "mot_de_passe_analyste.hash"
MAX_DELAY = 8.0

WINDOW = 900.0  # failures older than a quarter of an hour are forgotten

_failures: dict[str, list[float]] = {}  # key (« client:… », « name:… ») → times of its recent failures
_client_locks: dict[str, threading.Lock] = {}
_state_lock = threading.Lock()


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """Return « pbkdf2_sha256$iterations$salt$hash » for a password (random 16-byte salt)."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Return True when the password matches the stored hash (constant-time comparison)."""
    try:
        scheme, iterations, salt, expected = stored.strip().split("$")
        if scheme != SCHEME:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def check_with_delay(password: str, stored: str, client: str = "", name: str = "", sleep=time.sleep,
                     clock=time.monotonic) -> bool:
    """Verify a password; a wrong one is answered after 1, 2, 4… up to 8 s, counted per client and per name.

    A right password is answered at once and clears only its own client's and name's failures. The attempts
    of one client wait for each other, so parallel guesses are as slow as successive ones; another client,
    or another analyst's name, keeps its own count: nobody can keep the analysts out.
    """
    keys = [f"client:{client}", f"name:{name.strip().lower()}"]
    with _state_lock:
        lock = _client_locks.setdefault(keys[0], threading.Lock())
    with lock:
        if verify_password(password, stored):
            with _state_lock:
                for key in keys:
                    _failures.pop(key, None)
            return True
        now = clock()
        with _state_lock:
            counts = []
            for key in keys:
                recent = [t for t in _failures.get(key, []) if now - t < WINDOW] + [now]
                _failures[key] = recent
                counts.append(len(recent))
        sleep(min(2 ** (max(counts) - 1), MAX_DELAY))
    return False


def hash_file(base: Path | None = None) -> Path:
    """Return where the data folder keeps the analyst password's hash."""
    return (base or data_dir()) / HASH_FILE


def stored_hash(base: Path | None = None) -> str | None:
    """Return the hash kept in the data folder, if any."""
    path = hash_file(base)
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def set_password(password: str, base: Path | None = None) -> None:
    """Keep the hash of a new analyst password in the data folder (with the folder's own access, see
    workspace.prepare)."""
    path = writable(hash_file(base))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(hash_password(password) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def generate_password(base: Path | None = None) -> str:
    """Create a random analyst password, keep only its hash, and return it (to be shown once)."""
    password = secrets.token_urlsafe(12)
    set_password(password, base)
    return password


def configured_in_secrets(project: Path = PROJECT_DIR) -> bool:
    """Return True when `.streamlit/secrets.toml` sets analyst access (a password hash or an [auth] section)."""
    path = project / ".streamlit" / "secrets.toml"
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (tomllib.TOMLDecodeError, OSError):
        return False
    return "auth" in secrets or bool(secrets.get("analysts", {}).get("password_hash"))


def ensure_first_password(base: Path | None = None) -> str | None:
    """On a first start with no analyst access configured, generate the password and return it (else None)."""
    if configured_in_secrets() or stored_hash(base) is not None:
        return None
    return generate_password(base)


def first_start_banner(password: str, base: Path | None = None) -> str:
    """Return the text printed once in the terminal when a password was generated."""
    line = "=" * 72
    return (f"\n{line}\nTableau de bord CLEFOP — accès analyste\n"
            f"Mot de passe analyste généré : {password}\n"
            f"Il n'est affiché qu'une fois ; seule son empreinte est gardée dans {hash_file(base)}.\n"
            "Pour en choisir un autre : python -m loaders password\n"
            f"{line}\n")
