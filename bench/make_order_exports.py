"""Generate realistic platform order exports (拼多多 CSV, 淘宝 GBK CSV, 抖店 XLSX).

    python bench/make_order_exports.py --rows 1000000 --out bench/data/orders   # benchmark
    python bench/make_order_exports.py --samples                              # resources/samples

The 拼多多 layout can also be written as GBK CSV and as XLSX (``write_pinduoduo(...,
encoding="gbk")``, ``write_pinduoduo_xlsx``): the same orders for the same seed, which
``bench/bench_import.py`` uses to compare file formats.

Rows are made-up orders of a kiwifruit / apple / cherry shop in 眉县: order numbers in each
platform's format, statuses and after-sales states in each platform's wording, prices and
quantities that vary like real ones. Writing streams, so a million rows need little memory.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRODUCTS = (("眉县徐香猕猴桃 5斤 单果80-100g", 29.9), ("红心猕猴桃 3斤 礼盒装", 39.8),
            ("翠香猕猴桃 10斤 家庭装", 59.0), ("秦岭红富士苹果 5斤", 25.8),
            ("眉县大樱桃 2斤 JJ级", 69.0), ("农家土鸡蛋 30枚", 36.0))
BUYERS = [f"{s}**" for s in "王李张刘杨赵陈孙周吴徐马胡朱郭何高林罗郑"] + [f"buyer{i:03d}" for i in range(60)]

PDD_HEADERS = ["商品", "订单号", "订单状态", "商品总价(元)", "用户实付金额(元)", "商品数量(件)",
               "订单成交时间", "发货时间", "确认收货时间", "售后状态", "收货人", "快递公司"]
TAOBAO_HEADERS = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "宝贝标题", "宝贝总数量",
                  "订单创建时间", "发货时间", "确认收货时间", "退款金额", "退款状态"]
DOUYIN_HEADERS = ["主订单编号", "子订单编号", "选购商品", "商品数量", "订单应付金额", "订单状态",
                  "订单提交时间", "发货时间", "订单完成时间", "售后状态", "收件人"]


def _orders(rng: random.Random, count: int, start: datetime):
    moment = start
    for n in range(count):
        moment += timedelta(minutes=rng.randint(1, 90))
        product, price = rng.choice(PRODUCTS)
        qty = rng.choice((1, 1, 1, 2, 2, 3))
        amount = round(price * qty * rng.choice((1, 1, 0.95, 0.9)), 2)
        roll = rng.random()
        shipped = moment + timedelta(hours=rng.choice((3, 8, 20, 30, 52, 70)))
        signed = shipped + timedelta(days=rng.randint(1, 4))
        if roll < 0.04:
            state = "cancelled"
        elif roll < 0.10:
            state = "paid"
        elif roll < 0.20:
            state = "shipped"
        else:
            state = "completed"
        after = "none"
        if state == "completed" and rng.random() < 0.06:
            after = rng.choice(("refunded", "refunded", "requested", "rejected"))
        yield dict(n=n, product=product, qty=qty, price=price, amount=amount, state=state,
                   after=after, ordered=moment, shipped=shipped, signed=signed,
                   buyer=rng.choice(BUYERS))


def _fmt(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def pinduoduo_rows(count: int, seed: int = 1):
    """The 拼多多 rows as typed values (PDD_HEADERS order): times as datetime or None, the
    goods total as the float price × quantity, the amount paid rounded to the fen."""
    rng = random.Random(seed)
    status = {"cancelled": "已取消", "paid": "待发货", "shipped": "已发货，待签收", "completed": "已签收"}
    after = {"none": "无售后或售后取消", "refunded": "退款成功", "requested": "售后处理中", "rejected": "售后关闭"}
    for o in _orders(rng, count, datetime(2025, 6, 1, 8, 0)):
        shipped = o["state"] in ("shipped", "completed")
        yield [o["product"], f"{o['ordered']:%y%m%d}-{300000000000000 + o['n']:015d}",
               status[o["state"]], o["price"] * o["qty"], o["amount"], o["qty"], o["ordered"],
               o["shipped"] if shipped else None,
               o["signed"] if o["state"] == "completed" else None, after[o["after"]],
               o["buyer"], rng.choice(("中通快递", "圆通速递", "邮政EMS", "顺丰速运"))]


def write_pinduoduo(path: Path, count: int, seed: int = 1, encoding: str = "utf-8-sig") -> None:
    with open(path, "w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle)
        out.writerow(PDD_HEADERS)
        for row in pinduoduo_rows(count, seed):
            row[3], row[4] = f"{row[3]:.2f}", f"{row[4]:.2f}"
            row[6], row[7], row[8] = _fmt(row[6]), _fmt(row[7]), _fmt(row[8])
            out.writerow(row)


def write_pinduoduo_xlsx(path: Path, count: int, seed: int = 1) -> None:
    """The same orders as ``write_pinduoduo`` as an Excel file the way Excel holds them:
    amounts as numbers, times as date-time cells, order numbers as text."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("订单列表")
    sheet.append(PDD_HEADERS)
    for row in pinduoduo_rows(count, seed):
        row[3] = round(row[3], 2)
        sheet.append(row)
    book.save(path)


def write_taobao(path: Path, count: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    status = {"cancelled": "交易关闭", "paid": "买家已付款，等待卖家发货",
              "shipped": "卖家已发货，等待买家确认", "completed": "交易成功"}
    after = {"none": "没有申请退款", "refunded": "退款成功", "requested": "买家已经申请退款，等待卖家同意",
             "rejected": "退款关闭"}
    with open(path, "w", encoding="gbk", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(TAOBAO_HEADERS)
        for o in _orders(rng, count, datetime(2025, 7, 1, 9, 0)):
            shipped = o["state"] in ("shipped", "completed")
            refund = f"{o['amount']:.2f}" if o["after"] == "refunded" else "0.00"
            out.writerow([f"'{3900000000000000000 + o['n'] * 7919}", o["buyer"], f"{o['amount']:.2f}",
                          status[o["state"]], o["product"], o["qty"], _fmt(o["ordered"]),
                          _fmt(o["shipped"]) if shipped else "",
                          _fmt(o["signed"]) if o["state"] == "completed" else "", refund,
                          after[o["after"]]])


def write_douyin(path: Path, count: int, seed: int = 3) -> None:
    import openpyxl

    rng = random.Random(seed)
    status = {"cancelled": "已取消", "paid": "待发货", "shipped": "已发货", "completed": "已完成"}
    after = {"none": "-", "refunded": "退款成功", "requested": "售后待处理", "rejected": "售后关闭"}
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("订单")
    sheet.append(DOUYIN_HEADERS)
    for o in _orders(rng, count, datetime(2025, 8, 1, 10, 0)):
        shipped = o["state"] in ("shipped", "completed")
        main = f"{6920000000000000000 + o['n'] * 13}"
        sheet.append([main, main + "1", o["product"], o["qty"], o["amount"], status[o["state"]],
                      o["ordered"], o["shipped"] if shipped else None,
                      o["signed"] if o["state"] == "completed" else None, after[o["after"]],
                      o["buyer"]])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "data" / "orders")
    parser.add_argument("--samples", action="store_true", help="write resources/samples/")
    args = parser.parse_args()
    out = REPO / "resources" / "samples" if args.samples else args.out
    out.mkdir(parents=True, exist_ok=True)
    rows = 40 if args.samples else args.rows
    write_pinduoduo(out / "pinduoduo-orders.csv", rows)
    write_taobao(out / "taobao-orders-gbk.csv", rows)
    write_douyin(out / "douyin-orders.xlsx", rows)
    print(f"wrote {rows} orders per platform to {out}")


if __name__ == "__main__":
    main()
