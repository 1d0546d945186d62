"""The sync client: docs/sync-protocol.md on the station's side.

* :mod:`~station_app.sync.engine` – ``SyncEngine`` (push, pull, conflicts, status) and
  ``enroll``;
* :mod:`~station_app.sync.client` – the HTTP client;
* :mod:`~station_app.sync.credentials` – the device token, kept outside the database;
* :mod:`~station_app.sync.protocol` – pure rules (hashes, keys, backoff, hold-back);
* :mod:`~station_app.sync.errors` – failures with plain zh/en messages.
"""
