"""Allow ``python -m margin``."""

from margin.cli import main

raise SystemExit(main())
