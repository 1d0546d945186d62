"""Reading a reference-data JSON file (crop calendar, scorecard model, insurance products)
the way a person editing it needs: every mistake as a plain sentence, never a traceback.

Besides what ``json`` itself refuses, a key written twice in one object (``json`` silently
keeps the last) and the non-JSON constants ``NaN``/``Infinity`` are reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app.domain.messages import Message


@dataclass(frozen=True)
class FileKind:
    """How messages name the file: code prefix (``crops``) and what it is, zh and en."""

    code: str
    zh: str
    en: str


def read_json_file(path: Path, kind: FileKind) -> tuple[Any, list[Message]]:
    """``(data, problems)``; data is None when the file could not be read or parsed."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise ValueError(name)

    if not path.is_file():
        return None, [Message(f"{kind.code}.file_missing", f"找不到{kind.zh}文件 {path}",
                              f"The {kind.en} file {path} does not exist")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Message(f"{kind.code}.file_unreadable", f"打不开{kind.zh}文件 {path}：{reason}",
                              f"Cannot read the {kind.en} file {path}: {reason}")]
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        return None, [Message(
            f"{kind.code}.json_invalid",
            f"{kind.zh}文件 {path} 的格式不对（第 {exc.lineno} 行第 {exc.colno} 列附近：{exc.msg}）："
            "请检查逗号、引号和括号是否写全、是否成对",
            f"The {kind.en} file {path} is not valid JSON (near line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}); check commas, quotes and brackets")]
    except ValueError as exc:
        return None, [Message(f"{kind.code}.json_invalid",
                              f"{kind.zh}文件 {path} 里有 {exc}，JSON 不允许这种数",
                              f"The {kind.en} file {path} contains {exc}, which JSON does not allow")]
    return data, [Message(f"{kind.code}.duplicate_key",
                          f"{kind.zh}文件里同一组项目中“{key}”写了两次，请删掉多余的一个",
                          f"The {kind.en} file repeats the field “{key}” within one object; "
                          "remove the extra one")
                  for key in dict.fromkeys(duplicates)]
