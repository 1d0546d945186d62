"""Regenerate the user-guide screenshots from the real app on a virtual X screen.

    xvfb-run -s "-screen 0 1366x860x24" .venv/bin/python docs/make_screenshots.py

Builds a throw-away demo station (under a temporary STATION_APP_HOME), opens the real main
window on the X server (not the offscreen platform), drives it the way a clerk would, and
grabs the whole screen into docs/guide/images/.  Run it again whenever a screen changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "guide" / "images"


def main() -> int:
    if not os.environ.get("DISPLAY"):
        print("needs an X display: run under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="station-shots-"))
    os.environ["STATION_APP_HOME"] = str(home)
    os.environ["STATION_APP_NO_KEYRING"] = "1"
    language = sys.argv[1] if len(sys.argv) > 1 else "zh_CN"

    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication

    from station_app.services import demo
    from station_app.settings import Settings
    from station_app.store.db import open_database
    from station_app.ui.app import make_app
    from station_app.ui.main_window import MainWindow
    from station_app.ui.runner import Runner
    from station_app.ui.state import AppState

    app = make_app(language=language)
    db = open_database(home / "station.db")
    state = AppState(db, settings=Settings(language=language), runner=Runner(synchronous=True))
    window = MainWindow(state)  # a fresh database: the first-run wizard
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    window.show()
    suffix = "" if language == "zh_CN" else f"-{language}"
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 300) -> None:
        loop_timer = QTimer()
        loop_timer.setSingleShot(True)
        loop_timer.start(ms)
        while loop_timer.isActive():
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        screen = QApplication.primaryScreen()
        path = OUT / f"{name}{suffix}.png"
        screen.grabWindow(0).save(str(path))
        print("wrote", path)

    settle(500)
    shot("first-run")
    demo.populate(db, 600, seed=7)
    window.show_login()
    window.login.username.setText("tutor")
    window.login.password.setText("demo1234")
    shot("login")
    window.login.submit()
    settle()
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    window.farmers.search.setText("张")
    window.farmers.run_search()
    window.farmers.table.selectRow(2)
    shot("farmer-list")
    window.farmers.search.setText("zh")
    window.farmers.run_search()
    window.farmers.table.selectRow(0)
    shot("farmer-search-pinyin")
    # The kiosk lock: the log-in page with the user name kept.
    window.lock()
    shot("lock-screen")
    window.login.password.setText("demo1234")
    window.login.submit()
    settle()

    form = window.farmers.open_form(None)
    screen_rect = QApplication.primaryScreen().availableGeometry()
    form.setGeometry(250, 0, 860, screen_rect.height())
    form.edits["name"].setText("张秀兰")
    form.edits["resident_id"].setText("610326196805120425")
    form._check_resident_id()
    form.edits["phone"].setText("1389170")
    form.village.setCurrentIndex(3)
    form.consents["basic"].setChecked(True)
    form.save()
    shot("farmer-form-errors")
    form.edits["resident_id"].setText("610326196805120423")
    form.edits["phone"].setText("13891704521")
    form._check_resident_id()
    for label in form.errors.values():
        label.show_messages([])
    form.banner.show_messages([])
    form.birth_date.setDate(QDate(1968, 5, 12))
    shot("farmer-form")
    form.close()

    # Import of a shop's orders: the preview with one bad row.
    from datetime import date, datetime, timedelta

    from station_app import paths
    from station_app.services import shops

    window.farmers.search.setText("")
    window.farmers.run_search()
    window.farmers.table.selectRow(0)
    farmer_id = window.farmers.detail.view.id
    shops.create_shop(state.ctx, farmer_id, platform="pinduoduo", shop_name="眉县猕猴桃小店",
                      opened_on=date(2024, 4, 1))
    window.farmers.select_farmer(farmer_id)
    sample = (paths.resources_dir() / "samples" / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig")
    lines = sample.splitlines()
    # Move the sample's orders to the recent past so the indicators have data to show.
    # Spread the sample's 40 orders (placed within two days) over the last eight months.
    fmt = "%Y-%m-%d %H:%M:%S"
    first = datetime.strptime(lines[1].split(",")[6], fmt)
    start = datetime.now() - timedelta(days=240)
    for number in range(1, len(lines)):
        cells = lines[number].split(",")
        ordered = datetime.strptime(cells[6], fmt)
        moved = start + timedelta(days=6 * (number - 1)) + (ordered - first) % timedelta(days=1)
        for column in (6, 7, 8):
            if cells[column]:
                cells[column] = (datetime.strptime(cells[column], fmt) - ordered + moved).strftime(fmt)
        lines[number] = ",".join(cells)
    cells = lines[6].split(",")
    cells[4], cells[6] = "十二元", "上周三"
    lines[6] = ",".join(cells)
    export = home / "拼多多订单导出.csv"
    export.write_text("\n".join(lines), encoding="utf-8-sig")
    dialog = window.farmers.detail.shops.import_orders()
    dialog.setGeometry(180, 40, 1000, 700)
    dialog.start_preview(export)
    dialog.skip_invalid.setChecked(True)
    shot("import-preview")
    dialog.confirm()
    settle()
    window.farmers.detail.parentWidget().parentWidget().verticalScrollBar().setValue(10_000)
    shot("farmer-shops")

    # An export whose layout no mapping knows: the column-mapping dialog.
    unknown = home / "合作社订单表.csv"
    unknown.write_text(
        "单号,货品,件数,金额,状态,成交时间\n"
        "HZ240601001,眉县猕猴桃 5 斤装,1,39.90,已完成,2026-06-01 09:12:00\n"
        "HZ240601002,眉县猕猴桃 10 斤装,2,139.80,待发货,2026-06-01 10:40:00\n"
        "HZ240602003,猕猴桃礼盒,1,88.00,已退款,2026-06-02 16:05:00\n", encoding="utf-8-sig")
    dialog = window.farmers.detail.shops.import_orders()
    dialog.setGeometry(180, 40, 1000, 700)
    dialog.start_preview(unknown)
    settle()
    mapping = dialog.open_mapping()
    if mapping is not None:
        mapping.setGeometry(200, 20, 960, 820)
        settle(600)
        shot("mapping-dialog")
        mapping.reject()
    dialog.reject()

    # Typed monthly totals for a shop without an export.
    monthly = window.farmers.detail.shops.type_monthly()
    monthly.setGeometry(380, 150, 640, 480)
    monthly.orders.setValue(86)
    monthly.gmv.setText("4,386.50")
    monthly.refunds.setText("120")
    shot("monthly-sales")
    monthly.reject()

    # Planting tab of a demo farmer with plots, seasons and harvests.
    from sqlmodel import Session, select

    from station_app.store.models import Harvest, PlantingSeason

    with Session(db.engine) as session:
        grower = session.exec(select(PlantingSeason.farmer_id).join(
            Harvest, Harvest.season_id == PlantingSeason.id)).first()
    window.farmers.search.setText("")
    window.farmers.run_search()
    window.farmers.select_farmer(grower)
    detail = window.farmers.detail
    detail.tabs.setCurrentWidget(detail.planting)
    detail.parentWidget().parentWidget().verticalScrollBar().setValue(0)
    shot("farmer-planting")
    season = detail.planting.add_season()
    season.setGeometry(330, 40, 760, 780)
    season.crop.setCurrentIndex(season.crop.findData("kiwifruit"))
    season.planted.setDate(QDate(date.today().year, 3, 15))
    season.variety.setText("徐香")
    shot("season-form")
    season.reject()
    harvest = detail.planting.record_harvest()
    harvest.setGeometry(380, 120, 680, 560)
    harvest.kg.setText("3,150")
    harvest.online.setText("45")
    harvest.quality.setText("120")
    harvest.save()
    shot("harvest-form-errors")
    harvest.reject()

    # Training sessions with their attendance.
    window.nav.setCurrentRow(window.screens.indexOf(window.training))
    window.training.refresh()
    settle()
    window.training.table.selectRow(0)
    settle()
    shot("training")
    attendance = window.training.open_attendance()
    if attendance is not None:
        attendance.setGeometry(300, 60, 820, 740)
        shot("training-attendance")
        attendance.reject()

    # Credit scores: a specialist opens a farmer's 信用分 tab, tries a what-if, prints the
    # report (rendered to PNG with pdftoppm), checks it on the verify screen, and looks at
    # the station's distribution after scoring everyone.
    window.logout()
    window.login.username.setText("specialist")
    window.login.password.setText("demo1234")
    window.login.submit()
    settle()
    from station_app.store.models import MonthlySales, Shop

    with Session(db.engine) as session:
        seller = session.exec(select(Shop.farmer_id).join(
            MonthlySales, MonthlySales.shop_id == Shop.id)).first()
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))
    window.farmers.select_farmer(seller)
    detail = window.farmers.detail
    detail.tabs.setCurrentWidget(detail.score)
    settle()
    panel = detail.score
    panel.whatif_variable.setCurrentIndex(panel.whatif_variable.findData("training_sessions_12m"))
    panel.whatif_value.setText("6")
    panel.try_whatif()
    shot("credit-score")
    state.settings.open_printed_documents = False
    panel.print_report()
    settle()
    printed = panel.last_report
    if printed is not None:
        import subprocess

        for page in (1, 2):
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", str(page), "-l", str(page),
                            "-singlefile", str(printed.path),
                            str(OUT / f"credit-report-page{page}{suffix}")], check=True)
            print("wrote", OUT / f"credit-report-page{page}{suffix}.png")
        scanned = home / "report-page1.png"
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(printed.path), str(scanned.with_suffix(""))], check=True)
        window.nav.setCurrentRow(window.screens.indexOf(window.verify))
        window.verify.check_image(str(scanned))
        shot("verify-document")
    # A loan quote (贷款试算) for a grower whose season a farm-input loan can finance.
    from station_app.services import loans
    from station_app.services import planting as planting_service

    offer = None
    with Session(db.engine) as session:
        growers = session.exec(select(PlantingSeason.farmer_id).distinct()).all()
    for grower_id in growers:
        for row in planting_service.list_seasons(state.ctx, grower_id):
            if loans.planting_quote(state.ctx, grower_id, "farm_input_standard", row.id).eligible:
                offer = (grower_id, row.id)
                break
        if offer:
            break
    if offer:
        window.nav.setCurrentRow(window.screens.indexOf(window.farmers))
        window.farmers.select_farmer(offer[0])
        detail.tabs.setCurrentWidget(detail.score)
        settle()
        quote = detail.score.open_quote()
        quote.setGeometry(250, 60, 880, 720)
        quote.product.setCurrentIndex(quote.product.findData("farm_input_standard"))
        quote.season.setCurrentIndex(quote.season.findData(offer[1]))
        quote.run_quote()
        shot("loan-quote")
        quote.close()
        insurance = detail.score.open_insurance_quote()
        insurance.setGeometry(200, 40, 960, 800)
        insurance.product.setCurrentIndex(max(0, insurance.product.findData("rice_heat_mx")))
        insurance.run_quote()
        settle(600)
        shot("insurance-quote")
        insurance.close()
    # Exporting the farmer list (the specialist may choose the full numbers).
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))
    export_dialog = window.farmers.open_export()
    export_dialog.setGeometry(380, 220, 640, 300)
    shot("export-dialog")
    export_dialog.reject()
    window.nav.setCurrentRow(window.screens.indexOf(window.scores))
    settle()
    window.scores.rescore_all()
    settle(800)
    shot("score-distribution")

    # The branch officer's loans page: the work queue, an application to decide, a loan in
    # arrears with its schedule.
    window.logout()
    window.login.username.setText("branch")
    window.login.password.setText("demo1234")
    window.login.submit()
    settle()
    # The home screen (首页) the branch officer starts from: the demo station's figures.
    window.nav.setCurrentRow(window.screens.indexOf(window.home))
    settle(800)
    shot("dashboard")
    window.nav.setCurrentRow(window.screens.indexOf(window.loans))
    loans_list = window.loans.list
    settle()
    shot("loans-queue")  # the branch officer starts from the applications to decide
    loans_list.filter.setCurrentIndex(loans_list.filter.findData("all"))
    settle()
    shot("loans-list")
    from station_app.domain.workflow import State as LoanState

    for wanted, name in ((LoanState.SUBMITTED, "loan-application"),
                         (LoanState.OVERDUE, "loan-overdue")):
        row = next((i for i, v in enumerate(loans_list.views) if v.state is wanted), None)
        if row is None:
            continue
        opened = loans_list.open_row(row)
        opened.setGeometry(200, 30, 980, 780)
        settle()
        shot(name)
        opened.close()

    # The insurance page: the policies, one with its claim.
    window.nav.setCurrentRow(window.screens.indexOf(window.insurance))
    policies_list = window.insurance.list
    policies_list.filter.setCurrentIndex(policies_list.filter.findData("all"))
    settle()
    shot("insurance-list")
    row = next((i for i, v in enumerate(policies_list.views) if v.paid_out > 0), None)
    if row is not None:
        opened = policies_list.open_row(row)
        opened.setGeometry(200, 30, 980, 760)
        opened.tabs.setCurrentWidget(opened.claims)
        settle()
        shot("insurance-claims")
        opened.close()

    # The admin's crop calendar editor and loan products.
    window.logout()
    window.login.username.setText("admin")
    window.login.password.setText("demo1234")
    window.login.submit()
    settle()
    for row in range(window.nav.count()):
        if window.screens.widget(row) is window.crop_calendar:
            window.nav.setCurrentRow(row)
    shot("crop-calendar")
    window.nav.setCurrentRow(window.screens.indexOf(window.loan_products))
    shot("loan-products")
    window.nav.setCurrentRow(window.screens.indexOf(window.weather))
    shot("weather-data")
    window.nav.setCurrentRow(window.screens.indexOf(window.users))
    shot("staff-accounts")
    window.nav.setCurrentRow(window.screens.indexOf(window.backups))
    window.backups.back_up_now()
    settle(600)
    shot("backups")
    window.close()
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
