"""No input makes the live server fail: schemathesis over /openapi.json, and a targeted fuzz
of push payloads (schemathesis rarely gets past the body hash and the device id)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from central_helpers import Central, Device, canonical_hash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.store.models import SYNCABLE_TABLES


def test_schemathesis_finds_no_server_error(central: Central, tmp_path: Path) -> None:
    _sid, code = central.new_station()
    device = central.enroll(station_code=code)
    st_cli = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(st_cli), "run", f"{central.base}/openapi.json",
         "--checks", "not_a_server_error",
         "--header", f"Authorization: Bearer {device.token}",
         "--max-examples", "15", "--workers", "1", "--seed", "20261122",
         "--generation-database", "none", "--no-color"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(entity=st.sampled_from(sorted(SYNCABLE_TABLES) + ["nope"]),
       op=st.sampled_from(["insert", "update", "delete", "insert_batch", "upsert"]),
       overrides=st.dictionaries(st.sampled_from(
           ["id", "station_id", "version", "created_hlc", "updated_hlc", "field_clock",
            "deleted", "name", "farmer_id", "shop_id", "batch", "rows", "birth_date", "role",
            "amount_fen", "latitude", "body"]), _values, max_size=6),
       base_version=st.integers(min_value=0, max_value=3))
def test_fuzzed_push_payloads_never_fail_the_server(central: Central, entity: str, op: str,
                                                   overrides: dict, base_version: int) -> None:
    device = _device(central)
    payload = {"id": "00000000-0000-4000-8000-000000000001", "station_id": device.station_id,
               "created_hlc": device.hlc(), "updated_hlc": device.hlc(), "field_clock": "{}",
               "version": 1, "deleted": False, **overrides}
    version = payload["version"]
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**62:
        version = 1
    body = payload if op != "insert_batch" else {"batch": payload, "rows": [payload]}
    change = {"key": device.next_key(), "entity": entity, "entity_id": str(payload["id"]),
              "op": op, "base_version": base_version, "version": version, "hlc": "",
              "payload": body}
    change["body_hash"] = canonical_hash(change)  # NaN and Infinity go out as JSON extensions
    answer = central.push(device, [change])
    assert answer.status_code < 500, answer.text
    if answer.status_code == 200:
        [result] = answer.json()["results"]
        assert result["status"] in ("applied", "rejected", "merged", "duplicate")


_devices: dict[str, Device] = {}


def _device(central: Central) -> Device:  # one device per server, reused by every example
    if central.base not in _devices:
        _sid, code = central.new_station()
        _devices[central.base] = central.enroll(station_code=code)
    return _devices[central.base]
