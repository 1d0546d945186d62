"""User-facing messages produced by domain rules.

Domain code never imports Qt, so it cannot use ``QObject.tr``.  Instead every message is a
:class:`Message`: a ``str`` holding the plain Simplified-Chinese sentence (the default UI
language), carrying a stable ``code`` for programs and tests, and its English text in ``en``.
"""

from __future__ import annotations


class Message(str):
    """A Chinese sentence that also knows its code and its English wording."""

    code: str
    en: str

    def __new__(cls, code: str, zh: str, en: str) -> "Message":
        obj = super().__new__(cls, zh)
        obj.code = code
        obj.en = en
        return obj

    @property
    def zh(self) -> str:
        return str(self)

    def text(self, language: str = "zh_CN") -> str:
        """The message in ``language`` (``zh…`` or ``en…``)."""
        return self.en if language.lower().startswith("en") else str(self)

    def __reduce__(self):  # keep code/en when pickled or copied
        return (Message, (self.code, str(self), self.en))
