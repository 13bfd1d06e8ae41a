"""``python -m desktop`` runs the app (same as ``inovasi-desk``)."""

import sys

from desktop.app import main

sys.exit(main())
