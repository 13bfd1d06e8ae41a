"""Entry point of the bundled app: the same `desktop.app.main` that `inovasi-desk` runs."""

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
