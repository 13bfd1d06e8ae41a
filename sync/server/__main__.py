"""``python -m sync.server`` is ``inovasi-server``."""

from sync.server.cli import main

raise SystemExit(main())
