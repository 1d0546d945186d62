"""The shared part of checking a reference-data file (crop calendar, insurance products):
collect every problem as a plain sentence naming where it is, never stop at the first.

Each file's checker subclasses :class:`RefChecker` with its message-code prefix and its own
words for what a field should be (``kinds``), and adds the field readers it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from station_app.domain.messages import Message


@dataclass(frozen=True)
class Where:
    """Where in the file a problem is, as a person reads it (zh and en)."""

    zh: str
    en: str

    def sub(self, zh: str, en: str) -> "Where":
        return Where(f"{self.zh}{zh}", f"{self.en}{en}")


class RefChecker:
    """Collects messages (codes ``<prefix>.<code>``) while reading raw JSON data."""

    prefix = "reference"
    kinds: Mapping[str, tuple[str, str]] = {}  # kind -> (zh, en) for the wrong-type message

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def add(self, code: str, zh: str, en: str) -> None:
        self.messages.append(Message(f"{self.prefix}.{code}", zh, en))

    def fields(self, raw: Mapping[str, Any], spec: Mapping[str, bool], where: Where,
               *, extra: Iterable[str] = ()) -> None:
        """Unknown fields (not in ``spec`` nor ``extra``) and missing required ones."""
        allowed = set(spec) | set(extra)
        for name in raw:
            if name not in allowed:
                self.add("unknown_field",
                         f"{where.zh}里有不认识的一项“{name}”，请检查是否拼写错误或删掉它",
                         f"{where.en} has an unknown field “{name}”; check the spelling or "
                         "remove it")
        for name, required in spec.items():
            if required and name not in raw:
                self.add("missing_field", f"{where.zh}缺少“{name}”一项",
                         f"{where.en} is missing the field “{name}”")

    def wrong_type(self, where: Where, name: str, kind: str) -> None:
        zh, en = self.kinds[kind]
        self.add("wrong_type", f"{where.zh}的“{name}”应该是{zh}",
                 f"In {where.en}, “{name}” must be {en}")
