"""Printed documents: PDFs on the station page template, signed QR codes, QR scanning.

* :mod:`~station_app.documents.fonts` – the embedded Chinese font (``FontNotFound``).
* :mod:`~station_app.documents.page` – A4 page template, styles, tables, ``build_pdf``.
* :mod:`~station_app.documents.signing` – QR text with Ed25519 signature; verification.
* :mod:`~station_app.documents.qr` – QR drawing (PDF, PNG) and reading from image files.

No Qt here (import-linter); the UI shows the results.
"""
