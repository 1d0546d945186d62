"""``station-central``: the central server's command line.

    station-central serve [--host 127.0.0.1] [--port 8765]
    station-central migrate | status
    station-central branch create --code C --name N        | branch list
    station-central station create --code C --name N --county X [--branch C] | station list
    station-central enroll-code --station CODE | --branch CODE
    station-central user create --station CODE|--branch CODE --username U --display-name N --role R
    station-central device list | device revoke ID
    station-central security list [--limit N]
    station-central catalogue load KIND FILE
    station-central weather load FILE [--station ID]

``--db-url`` (before or after the sub-command) or ``STATION_CENTRAL_DB_URL`` chooses the
database; the default is a SQLite file in the user data dir.  Every command migrates the
database first, so a fresh machine needs no set-up step.  Enrollment codes are printed once
and never logged; passwords are asked for (or read from stdin with ``--password-stdin``),
never taken as arguments.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from station_app import __version__


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db-url", default=argparse.SUPPRESS,
                        help="database URL (env STATION_CENTRAL_DB_URL; default: a SQLite "
                             "file in the user data dir); e.g. postgresql+psycopg://u@host/db")
    parser = argparse.ArgumentParser(prog="station-central", parents=[common],
                                     description="station-app central server")
    parser.add_argument("--version", action="version", version=f"station-central {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the sync server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info",
                       choices=("critical", "error", "warning", "info", "debug"))
    sub.add_parser("migrate", parents=[common], help="create or upgrade the database, then exit")
    sub.add_parser("status", parents=[common], help="server id, database, record counts")

    branch = sub.add_parser("branch", parents=[common], help="bank branches (支行)")
    branch_sub = branch.add_subparsers(dest="action", required=True)
    b_create = branch_sub.add_parser("create", parents=[common])
    b_create.add_argument("--code", required=True)
    b_create.add_argument("--name", required=True)
    branch_sub.add_parser("list", parents=[common])

    station = sub.add_parser("station", parents=[common], help="service stations")
    station_sub = station.add_subparsers(dest="action", required=True)
    s_create = station_sub.add_parser("create", parents=[common])
    s_create.add_argument("--code", required=True)
    s_create.add_argument("--name", required=True)
    s_create.add_argument("--county", required=True)
    s_create.add_argument("--province", default="")
    s_create.add_argument("--county-code", default="")
    s_create.add_argument("--branch", metavar="CODE", help="the branch the station belongs to")
    s_create.add_argument("--demo", action="store_true", help="a demo station")
    station_sub.add_parser("list", parents=[common])

    code = sub.add_parser("enroll-code", parents=[common],
                          help="issue a one-time enrollment code (printed once)")
    owner = code.add_mutually_exclusive_group(required=True)
    owner.add_argument("--station", metavar="CODE")
    owner.add_argument("--branch", metavar="CODE")
    code.add_argument("--hours", type=int, default=72, help="valid for (default 72)")

    user = sub.add_parser("user", parents=[common], help="staff accounts of a station")
    user_sub = user.add_subparsers(dest="action", required=True)
    u_create = user_sub.add_parser("create", parents=[common])
    owner = u_create.add_mutually_exclusive_group(required=True)
    owner.add_argument("--station", metavar="CODE")
    owner.add_argument("--branch", metavar="CODE", help="a branch officer's account")
    u_create.add_argument("--username", required=True)
    u_create.add_argument("--display-name", required=True)
    u_create.add_argument("--role", required=True,
                          help="tutor | specialist | branch_officer | admin")
    u_create.add_argument("--password-stdin", action="store_true",
                          help="read the password from the first line of stdin")

    device = sub.add_parser("device", parents=[common], help="enrolled devices")
    device_sub = device.add_subparsers(dest="action", required=True)
    device_sub.add_parser("list", parents=[common])
    revoke = device_sub.add_parser("revoke", parents=[common])
    revoke.add_argument("device_id", metavar="ID")

    security = sub.add_parser("security", parents=[common],
                              help="refused out-of-scope writes (audit)")
    security_sub = security.add_subparsers(dest="action", required=True)
    security_list = security_sub.add_parser("list", parents=[common])
    security_list.add_argument("--limit", type=int, default=100)

    catalogue = sub.add_parser("catalogue", parents=[common],
                               help="shared reference data for every station")
    catalogue_sub = catalogue.add_subparsers(dest="action", required=True)
    load = catalogue_sub.add_parser("load", parents=[common])
    load.add_argument("kind", help="e.g. crop_calendar")
    load.add_argument("file", type=Path)

    weather = sub.add_parser("weather", parents=[common],
                             help="daily weather of the weather stations, for every station")
    weather_sub = weather.add_subparsers(dest="action", required=True)
    w_load = weather_sub.add_parser(
        "load", parents=[common],
        help="check a weather CSV (station_id,date,precip_mm,tmax,tmin[,tmean]) and store its "
             "days; a file with errors is refused")
    w_load.add_argument("file", type=Path)
    w_load.add_argument("--station", metavar="ID",
                        help="store the file's days under this weather station id")
    return parser


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("no terminal to ask for the password: use --password-stdin", file=sys.stderr)
        return None
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        print("the two passwords differ", file=sys.stderr)
        return None
    return first


def _run(args: argparse.Namespace) -> int:  # noqa: C901 - one dispatch table
    from station_app.central import admin, db

    url = db.normalize_url(getattr(args, "db_url", None) or db.default_db_url())
    if args.command == "serve":
        import uvicorn

        from station_app.central.app import create_app

        app = create_app(url)
        print(f"station-central {__version__}: http://{args.host}:{args.port}/api/v1 "
              f"(database {db.safe_url(url)})", file=sys.stderr, flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
        return 0

    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        if args.command == "migrate":
            print(f"{db.safe_url(url)}: schema at {db.current_revision(engine)}")
        elif args.command == "status":
            print(f"server_id {db.server_id(engine)}\ndatabase  {db.safe_url(url)}")
            for entity, count in sorted(admin.counts(engine).items()):
                print(f"{entity:20} {count}")
        elif args.command == "branch" and args.action == "create":
            print(admin.create_branch(engine, code=args.code, name=args.name))
        elif args.command == "branch":
            from sqlalchemy import select

            from station_app.central.models import Branch

            table = Branch.__table__  # type: ignore[attr-defined]
            with engine.connect() as conn:
                for row in conn.execute(select(table).order_by(table.c.code)):
                    print(f"{row.code}\t{row.name}\t{row.id}")
        elif args.command == "station" and args.action == "create":
            print(admin.create_station(engine, code=args.code, name=args.name,
                                       county=args.county, province=args.province,
                                       county_code=args.county_code, branch_code=args.branch,
                                       is_demo=args.demo))
        elif args.command == "station":
            for s in admin.list_stations(engine):
                print(f"{s['code']}\t{s['name']}\t{s['county']}\t{s['branch_code'] or '-'}"
                      f"\t{'demo' if s['is_demo'] else ''}\t{s['id']}")
        elif args.command == "enroll-code":
            code = admin.issue_code(engine, station_code=args.station, branch_code=args.branch,
                                    hours=args.hours)
            print(code)
            print(f"(one use, valid {args.hours} h; it is not shown again)", file=sys.stderr)
        elif args.command == "user":
            password = _password(args.password_stdin)
            if password is None:
                return 2
            print(admin.create_user(engine, station_code=args.station, branch_code=args.branch,
                                    username=args.username,
                                    display_name=args.display_name, role=args.role,
                                    password=password))
        elif args.command == "device" and args.action == "list":
            for d in admin.list_devices(engine):
                state = f"revoked {d.revoked_at:%Y-%m-%d %H:%M}" if d.revoked_at else "active"
                print(f"{d.id}\t{d.scope_kind}:{d.owner_code}\t{d.name}\t{d.app_version}\t"
                      f"enrolled {d.enrolled_at:%Y-%m-%d %H:%M}\t{state}")
        elif args.command == "security":
            for e in admin.security_events(engine, limit=args.limit):
                print(f"{e['at']:%Y-%m-%d %H:%M:%S}\t{e['kind']}\tdevice {e['device_id']} "
                      f"({e['scope_kind']})\t{e['op']} {e['entity']} {e['entity_id']}\t"
                      f"target station {e['target_station_id'] or '?'}")
        elif args.command == "device":
            if not admin.revoke_device(engine, args.device_id):
                print(f"no active device {args.device_id!r}", file=sys.stderr)
                return 1
            print(f"revoked {args.device_id}")
        elif args.command == "catalogue":
            record_id, version = admin.load_catalogue(engine, args.kind, args.file)
            print(f"{args.kind} version {version}: record {record_id}")
        elif args.command == "weather":
            loaded = admin.load_weather(engine, args.file, station=args.station)
            for problem in loaded.warnings[:30]:
                print(f"warning: {problem.message.en}", file=sys.stderr)
            if len(loaded.warnings) > 30:
                print(f"warning: … and {len(loaded.warnings) - 30} more", file=sys.stderr)
            print(f"weather {', '.join(loaded.stations)} {loaded.first}..{loaded.last}: "
                  f"{loaded.inserted} new, {loaded.updated} updated, {loaded.unchanged} "
                  f"unchanged ({loaded.rows_read} rows read)")
        return 0
    except admin.AdminError as exc:
        print(f"station-central: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return _run(args)
    except Exception as exc:  # a database that cannot be reached, a bad URL, a lost key file…
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

        from station_app.central.datakey import DataKeyError

        if isinstance(exc, (OperationalError, ArgumentError, NoSuchModuleError, ValueError,
                            DataKeyError)):
            print(f"station-central: {exc.__class__.__name__}: {exc}".splitlines()[0],
                  file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
