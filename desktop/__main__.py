"""``python -m desktop`` runs the app (same as ``inovasi-desk``)."""

import sys

from desktop.app import main

if __name__ == "__main__":  # not when a spawned worker process imports the main module
    sys.exit(main())
