"""Screenshots of the sync screens, with a real central server process.

    xvfb-run -s "-screen 0 1366x860x24" .venv/bin/python docs/make_sync_screenshots.py [en]

Starts ``station-central`` on a loopback port with a throw-away SQLite database, creates a
station and enrollment codes with its admin command line, makes a (non-demo) station database
with a few farmers, connects it through the enrollment dialog, syncs, and then lets a second
computer of the same station edit the same farmer so the sync screen has a conflict to show.
Writes docs/guide/images/sync-*.png.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parent / "guide" / "images"
ROOT = Path(__file__).resolve().parent.parent


def _central(*args: str, db_url: str) -> str:
    result = subprocess.run([sys.executable, "-m", "station_app.central.cli", "--db-url", db_url,
                             *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _code(text: str) -> str:
    match = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", text)
    assert match, text
    return match.group(0)


def main() -> int:
    if not os.environ.get("DISPLAY"):
        print("needs an X display: run under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="station-sync-shots-"))
    os.environ["STATION_APP_HOME"] = str(work / "home")
    os.environ["STATION_APP_NO_KEYRING"] = "1"
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"
    suffix = "" if language == "zh_CN" else f"-{language}"

    db_url = f"sqlite:///{work / 'central.db'}"
    _central("station", "create", "--code", "MX-HQ-01", "--name", "眉县横渠镇农村电商金融服务站",
             "--county", "眉县", db_url=db_url)
    first_code = _code(_central("enroll-code", "--station", "MX-HQ-01", db_url=db_url))
    second_code = _code(_central("enroll-code", "--station", "MX-HQ-01", db_url=db_url))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "station_app.central.cli", "--db-url", db_url,
                               "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        for _ in range(100):
            try:
                if requests.get(base + "/api/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        return _shots(work, base, first_code, second_code, language, suffix)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _shots(work: Path, base: str, first_code: str, second_code: str, language: str,
           suffix: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station_app.domain.farmers import FarmerInput
    from station_app.domain.ids import resident_id_check_digit
    from station_app.domain.roles import Role
    from station_app.services import auth, farmers, writes
    from station_app.services.context import ServiceContext
    from station_app.settings import Settings
    from station_app.store.db import open_database
    from station_app.store.models import Farmer
    from station_app.sync.engine import SyncEngine, enroll
    from station_app.ui.app import make_app
    from station_app.ui.main_window import MainWindow
    from station_app.ui.runner import Runner
    from station_app.ui.state import AppState

    app = make_app(language=language)
    db = open_database(work / "home" / "station.db")
    station, _admin = auth.create_station(
        db, station_name="眉县横渠镇农村电商金融服务站", station_code="MX-HQ-01", province="陕西省",
        county="眉县", county_code="610326", admin_username="admin", admin_display_name="李建国",
        admin_password="Admin-pass-2024")
    admin = auth.login(db, "admin", "Admin-pass-2024")
    auth.create_user(ServiceContext(db, admin), username="tutor", display_name="王芳",
                     role=Role.TUTOR, password="Tutor-pass-2024")
    tutor = auth.login(db, "tutor", "Tutor-pass-2024")
    ctx = ServiceContext(db, tutor)
    made = []
    for serial, (name, phone, male) in enumerate((("张秀兰", "13891704521", False),
                                                  ("李建军", "13991712345", True),
                                                  ("王桂英", "15191723456", False)), start=1):
        birth = date(1958 + serial * 7, serial + 2, 10 + serial)
        body = f"610326{birth:%Y%m%d}{20 + serial}{1 if male else 2}"
        rid = body + resident_id_check_digit(body)
        made.append(farmers.register_farmer(ctx, FarmerInput(
            name=name, gender="male" if male else "female", birth_date=birth, resident_id=rid,
            phone=phone, province="陕西省", county="眉县", township="横渠镇", village="西刘湾村",
            consent_scopes=["basic", "sensitive", "platform_data", "share_with_bank"],
            consent_form_printed=True)))

    state = AppState(db, settings=Settings(language=language), runner=Runner(synchronous=True))
    window = MainWindow(state)
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    window.show()

    def settle(ms: int = 300) -> None:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.start(ms)
        while timer.isActive():
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = OUT / f"{name}{suffix}.png"
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        print("wrote", path)

    window.login.username.setText("admin")
    window.login.password.setText("Admin-pass-2024")
    window.login.submit()
    settle()
    for row in range(window.nav.count()):
        if window.screens.widget(row) is window.sync_screen:
            window.nav.setCurrentRow(row)
    dialog = window.sync_screen.open_enroll()
    dialog.setGeometry(380, 220, 620, 380)
    dialog.server.setText(base)
    dialog.code.setText(first_code.lower())
    shot("sync-enroll")
    dialog.submit()
    settle(800)
    window.sync_screen.sync_now()
    settle(1500)
    window.sync_screen.reload()
    shot("sync-status")

    # A second computer of the station edits the same farmer's notes; this one had edited
    # them too without sending: the later edit wins and this computer shows the conflict.
    other = open_database(work / "home" / "second.db")
    enroll(other, base, second_code)
    SyncEngine(other, writer=writes).sync_now()
    with db.session() as session:
        farmer = session.get(Farmer, made[0])
        writes.update(session, db, tutor, farmer, {"notes": "本机：已核实承包地 4.5 亩"},
                      base_version=farmer.version)
    time.sleep(0.05)
    with other.session() as session:
        farmer = session.get(Farmer, made[0])
        writes.update(session, other, None, farmer, {"notes": "另一台电脑：承包地 5 亩（含新开荒地）"},
                      base_version=farmer.version)
    SyncEngine(other, writer=writes).sync_now()
    window.sync_screen.sync_now()
    settle(1500)
    window.sync_screen.reload()
    shot("sync-conflict")
    window.close()
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
