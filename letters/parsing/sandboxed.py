"""``parse_letter_sandboxed``: ``parse_letter`` in a limited child (documents.sandbox)."""

from __future__ import annotations

from documents.errors import DocumentUnreadable
from documents.sandbox import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, run_sandboxed

from .errors import LetterParseError
from .result import ParsedLetter


def parse_letter_sandboxed(
    data: bytes,
    filename: str = "letter",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> ParsedLetter:
    """Behaves like ``parse_letter`` (same result, same ``LetterParseError``), including for
    a timeout (``code="timeout"``), a memory blow-up (``"out_of_memory"``) or a crash of
    the PDF library (``"crashed"``)."""
    try:
        payload = run_sandboxed(
            "letter", data, filename, timeout=timeout, memory_limit=memory_limit
        )
    except LetterParseError:
        raise
    except DocumentUnreadable as exc:
        raise LetterParseError(exc.message, exc.code) from None
    return ParsedLetter.from_dict(payload)
