"""Command line: `python -m loaders …` (see `python -m loaders --help`)."""

from loaders.cli import main

raise SystemExit(main())
