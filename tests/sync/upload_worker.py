"""A client process for the restart tests: uploads one vault blob with the real Uploader.

    python -m tests.sync.upload_worker VAULT SHA256 UPLOADS_URL TOKEN [--max-chunk N]

Prints one JSON line with the outcome and the Uploader's counters; exits 0 when verified.
The test kills it with SIGKILL part-way and starts it again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sync.client.http import Timeouts, new_session
from sync.client.uploads import Uploader
from sync.local.vault import Vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument("sha256")
    parser.add_argument("uploads_url")
    parser.add_argument("token")
    parser.add_argument("--max-chunk", type=int, default=8 * 1024 * 1024)
    parser.add_argument("--initial-chunk", type=int, default=256 * 1024)
    args = parser.parse_args(argv)
    vault = Vault(args.vault)
    try:
        up = Uploader(
            vault,
            uploads_url=args.uploads_url,
            session=new_session(),
            token=lambda: str(args.token),
            initial_chunk=args.initial_chunk,
            max_chunk=args.max_chunk,
            timeouts=Timeouts(connect=5.0, read=10.0),
        )
        start = vault.upload_status(args.sha256)
        out = up.upload(args.sha256, "video.mp4", "video/mp4")
        print(
            json.dumps(
                {
                    "status": out.status,
                    "message": out.message,
                    "resumed_url": start.upload_url,
                    "chunks": up.chunk_sizes,
                    "max_chunk": up.max_chunk,
                }
            ),
            flush=True,
        )
        return 0 if out.status == "verified" else 1
    finally:
        vault.close()


if __name__ == "__main__":
    sys.exit(main())
