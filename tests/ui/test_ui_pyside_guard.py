"""Guard against Qt bindings that corrupt the interpreter.

PySide6 6.12.0 under Python 3.11 releases one reference to ``None`` on every call of a method
that returns nothing (``setText``, ``processEvents`` …); a kiosk left running aborts with
"deallocating None" after about 10^5 such calls.  pyproject pins below it; this test fails if
an upgrade brings the fault back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_count_of_none(qapp):
    label = QLabel()
    calls = 2000
    before = sys.getrefcount(None)
    for _ in range(calls):
        label.setText("农户")
        qapp.processEvents()
    drift = sys.getrefcount(None) - before
    assert abs(drift) < calls // 10, f"None lost {-drift} references in {2 * calls} calls"
