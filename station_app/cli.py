"""``station-app`` command line: the GUI by default, plus maintenance sub-commands."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from station_app import __version__


def _parser() -> argparse.ArgumentParser:
    # --db works before or after the sub-command (station-app --db X info / info --db X).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                        help="database file (default: in the user data dir)")
    parser = argparse.ArgumentParser(
        prog="station-app", parents=[common],
        description="农村电商金融服务站 station app (offline-first desktop).",
    )
    parser.add_argument("--version", action="version", version=f"station-app {__version__}")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="interface language")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", parents=[common], help="open the app (default)")
    demo = sub.add_parser("demo", parents=[common],
                          help="create a demo database (realistic county, made-up people)")
    demo.add_argument("--farmers", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=20261122)
    sub.add_parser("migrate", parents=[common], help="back up and migrate the database, then exit")
    sub.add_parser("info", parents=[common], help="show where the database and its key are")
    return parser


def _setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def cmd_demo(db_path: Path | None, farmers: int, seed: int) -> int:
    from station_app.services import demo
    from station_app.store.db import open_database

    db = open_database(db_path)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} farmers", end="", flush=True)

    try:
        result = demo.populate(db, farmers, seed=seed, progress=progress)
    except demo.DemoRefused as exc:
        print(f"{db.path}: {exc.message} ({exc.message.en})", file=sys.stderr)
        return 2
    print(f"\nDemo database {db.path}: {result.farmers} farmers in {result.villages} villages, "
          f"{time.perf_counter() - started:.1f} s. Log in as admin / tutor / specialist / "
          f"branch with password {demo.DEMO_PASSWORD}.")
    db.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    _setup_logging()
    if args.command == "demo":
        return cmd_demo(args.db, args.farmers, args.seed)
    if args.command == "migrate":
        from station_app.store.db import open_database

        db = open_database(args.db)
        print(f"{db.path} is at the latest schema" + (f"; backup {db.backup_made}" if db.backup_made else ""))
        return 0
    if args.command == "info":
        from station_app.store.db import open_database

        db = open_database(args.db)
        print(f"database: {db.path}\nkey: {db.key_location}\ndatabase id: {db.database_id}")
        return 0
    from station_app.ui.app import run_gui

    return run_gui(db_path=args.db, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
