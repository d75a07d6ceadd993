"""Command line: `python -m loaders …` (see `python -m loaders --help`)."""

import sys
from pathlib import Path

from loaders.intake.reading import start_reading


def _start_first_file(argv: list[str]) -> None:
    """Start parsing the first file an import names, while the modules of the rest load (light imports above)."""
    if "import" not in argv[:2]:
        return
    given = argv[argv.index("import") + 1:]
    path = next((Path(a) for a in given if not a.startswith("-") and Path(a).is_file()), None)
    if path is not None:
        start_reading(path)


_start_first_file(sys.argv[1:])

from loaders.cli import main  # noqa: E402

raise SystemExit(main())
