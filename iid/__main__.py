"""``python -m iid score FILE.json``: see ``iid.cli`` and docs/scoring-cli.md."""

from iid.cli import main

raise SystemExit(main())
