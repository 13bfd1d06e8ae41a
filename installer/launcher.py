"""Entry point of the bundled app: the same `desktop.app.main` that `inovasi-desk` runs.

`multiprocessing.freeze_support()` comes first: the Paket kirim renders its PDFs in a second
process started with ``spawn`` (sync/export/render.py), which runs this executable again; in
that child it runs the worker and exits before the app (or Qt) is imported.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from desktop.app import main

    sys.exit(main())
