"""A client process for the download kill test: fetches one blob with the real Downloader.

    python -m tests.sync.download_worker VAULT SHA256 BLOBS_URL TOKEN

Prints one JSON line with the outcome and the Downloader's counters; exits 0 when verified.
The test kills it with SIGKILL part-way and starts it again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sync.client.downloads import Downloader
from sync.client.http import Timeouts, new_session
from sync.local.vault import Vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument("sha256")
    parser.add_argument("blobs_url")
    parser.add_argument("token")
    args = parser.parse_args(argv)
    vault = Vault(args.vault)
    try:
        down = Downloader(
            vault,
            blobs_url=args.blobs_url,
            session=new_session(),
            token=lambda: str(args.token),
            timeouts=Timeouts(connect=5.0, read=10.0),
        )
        out = down.download(args.sha256)
        print(
            json.dumps(
                {
                    "status": out.status,
                    "problem": str(out.problem) if out.problem else "",
                    "requests": down.stats.requests,
                    "resumed_from": down.stats.resumed_from,
                }
            ),
            flush=True,
        )
        return 0 if out.status == "verified" else 1
    finally:
        vault.close()


if __name__ == "__main__":
    sys.exit(main())
