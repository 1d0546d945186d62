"""Lazy table model over the farmer registry.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``) from :class:`FarmerSearch`, with
a keyset cursor, so a list of 100,000 farmers opens as fast as a list of 100.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from station_app.services.farmer_search import FarmerRow, FarmerSearch, SearchKind, SearchPlan

PAGE_SIZE = 100
Index = QModelIndex | QPersistentModelIndex


class FarmerTableModel(QAbstractTableModel):
    def __init__(self, search: FarmerSearch, parent=None) -> None:
        super().__init__(parent)
        self._search = search
        self._rows: list[FarmerRow] = []
        self._plan: SearchPlan | None = None
        self._query = ""
        self._exhausted = False
        self.headers = (
            self.tr("Name"), self.tr("Gender"), self.tr("Birth date"), self.tr("Resident ID"),
            self.tr("Mobile"), self.tr("Township"), self.tr("Village"), self.tr("Cooperative"),
        )
        self._genders = {"male": self.tr("Male"), "female": self.tr("Female")}

    # -- loading -------------------------------------------------------------------------
    @property
    def kind(self) -> SearchKind:
        return self._plan.kind if self._plan else SearchKind.ALL

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._query = query
        self._plan = self._search.plan(query)
        self._rows = self._search.search(query, limit=PAGE_SIZE, plan=self._plan)
        self._exhausted = len(self._rows) < PAGE_SIZE
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._plan, self._query, self._exhausted = [], None, "", True
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._query)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and self._plan is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or not self._rows:
            return
        more = self._search.search(self._query, limit=PAGE_SIZE, plan=self._plan,
                                   after=self._rows[-1].sort_key)
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    # -- model interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.UserRole and index.isValid():
                return self._rows[index.row()].id
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return row.name
        if column == 1:
            return self._genders.get(row.gender, row.gender)
        if column == 2:
            return row.birth_date
        if column == 3:
            return row.resident_id_masked
        if column == 4:
            return row.phone_masked
        if column == 5:
            return row.township
        if column == 6:
            return row.village
        return row.coop_name

    def row_id(self, row: int) -> str:
        return self._rows[row].id

    def find_row(self, farmer_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.id == farmer_id:
                return number
        return -1
