"""The loan product catalogue the admin may edit (贷款产品目录, issue 6; docs/loans.md).

The catalogue ships as ``resources/products/loans.json``.  When the admin saves an edited
catalogue it is stored as one live :class:`ReferenceDoc` row of kind ``loan_products`` (the
whole catalogue as JSON, in the file layout of :func:`dump_products`), which syncs like any
other record.  That row, when there is one, is the catalogue in use (quotes read it); resetting
soft-deletes it and the shipped file applies again.  Exactly like the crop calendar of
:mod:`.reference`, with which it shares the bookkeeping of :mod:`.refdocs`.

Rules of a save:

* only a role with ``Permission.PRODUCT_MANAGE`` (the admin) may save or reset;
* the whole catalogue must pass :func:`parse_products`; otherwise nothing is stored and the
  catalogue in use stays as it was;
* its ``version`` must be above every version this station has used so far (the shipped file
  and every stored edit, also ones reset since); :attr:`ProductsInfo.next_version` is the
  lowest allowed;
* a product that loan applications refer to (``loan_application.product_id``) may not
  disappear, neither by a save nor by a reset.

:func:`active_products` is cached per database, keyed by the live row's id, version and clock.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlmodel import Session

from station_app import paths
from station_app.domain.loans import ProductCatalogue, ProductError, dump_products, load_products
from station_app.domain.loans.products import parse_products
from station_app.domain.messages import Message
from station_app.services.context import ServiceContext
from station_app.services.refdocs import EDITED, SHIPPED, DocInfo, EditableDoc
from station_app.store.db import Database

__all__ = [
    "EDITED",
    "LOAN_PRODUCTS",
    "SHIPPED",
    "ProductsInfo",
    "active_products",
    "products_info",
    "products_source",
    "reset_products",
    "save_products",
    "shipped_products",
    "shipped_products_path",
]

log = logging.getLogger(__name__)

LOAN_PRODUCTS = "loan_products"  # ReferenceDoc.kind of the loan product catalogue
LOAN_APPLICATION_TABLE = "loan_application"

ProductsInfo = DocInfo  # what the products screen says about the catalogue in use


def shipped_products_path() -> Path:
    return paths.resources_dir() / "products" / "loans.json"


def _problems(exc: ValueError) -> list[Any]:
    return exc.problems if isinstance(exc, ProductError) else [str(exc)]


_DOC: EditableDoc[ProductCatalogue] = EditableDoc(
    LOAN_PRODUCTS, shipped_path=shipped_products_path, load_file=load_products,
    parse=parse_products, problems=_problems, version_of=lambda c: c.version, log=log,
    what="loan product catalogue", error=ProductError, dump=dump_products, field="products")


# --------------------------------------------------------------------------- reading

def shipped_products() -> ProductCatalogue:
    """The catalogue shipped with the app (read and checked once per process).

    A broken shipped file is a packaging fault: its :class:`ProductError` propagates.
    """
    return _DOC.shipped()


def active_products(db: Database) -> ProductCatalogue:
    """The catalogue in use: the admin's edited one if stored (and valid), else the shipped
    file.  Cheap to call repeatedly (one small query when nothing changed)."""
    return _DOC.resolve(db)[0]


def products_source(db: Database) -> str:
    """``"edited"`` when the admin's stored catalogue is in use, else ``"shipped"``."""
    return _DOC.resolve(db)[1]


def products_info(db: Database) -> ProductsInfo:
    """The source and version in use, the next version to save, and the last change."""
    return _DOC.info(db)


# --------------------------------------------------------------------------- writing

def _products_in_use(session: Session) -> set[str]:
    """Product ids that live loan applications refer to.

    The ``loan_application`` table comes with the loan applications (issue 6); until a
    database has it, no product is in use.
    """
    inspector = sa_inspect(session.connection())
    if not inspector.has_table(LOAN_APPLICATION_TABLE):
        return set()
    columns = {c["name"] for c in inspector.get_columns(LOAN_APPLICATION_TABLE)}
    if "product_id" not in columns:
        return set()
    sql = f"SELECT DISTINCT product_id FROM {LOAN_APPLICATION_TABLE} WHERE product_id IS NOT NULL"
    if "deleted" in columns:
        sql += " AND deleted = 0"
    return {row[0] for row in session.execute(text(sql))}


def _kept_in_use(session: Session, current: ProductCatalogue,
                 kept: ProductCatalogue) -> list[Message]:
    """A message for each product in use that ``kept`` would drop."""
    messages = []
    for product_id in sorted(_products_in_use(session)):
        if product_id in kept:
            continue
        product = current.get(product_id)
        name_zh = product.name_zh if product is not None else product_id
        name_en = product.name_en if product is not None else product_id
        messages.append(Message(
            "products.product_in_use",
            f"不能去掉贷款产品“{name_zh}”（代码 {product_id}）：还有贷款申请用着它。"
            "请保留这个产品",
            f"The loan product “{name_en}” (code {product_id}) cannot be removed: loan "
            f"applications refer to it. Keep the product"))
    return messages


def save_products(ctx: ServiceContext, data: Mapping[str, Any]) -> ProductCatalogue:
    """Store an edited catalogue (the file layout, e.g. from :func:`dump_products`).

    Raises ValidationFailed with every problem under ``"products"``; then nothing is stored
    and the catalogue in use stays as it was.  Returns the catalogue now in use.
    """
    return _DOC.save(ctx, data, _kept_in_use)


def reset_products(ctx: ServiceContext) -> ProductCatalogue:
    """Go back to the shipped catalogue (soft-deletes the stored one; a no-op if none).

    Refused, like a save, when a product that only the edited catalogue has is in use.
    """
    return _DOC.reset(ctx, _kept_in_use, reason="back to the shipped loan products")
