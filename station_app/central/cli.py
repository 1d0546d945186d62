"""``station-central``: the central server's command line.

The server itself (FastAPI, enrollment, sync endpoints) is built by the sync issue; until
then this command only reports its version and says so plainly instead of pretending.
"""

from __future__ import annotations

import argparse
import sys

from station_app import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="station-central",
                                     description="station-app central server")
    parser.add_argument("--version", action="version", version=f"station-central {__version__}")
    parser.parse_args(argv)
    print("station-central: the central server is not part of this version yet "
          "(see issue 3: central server and offline-first sync).", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
