"""Reading Local Government and Social Care Ombudsman annual review letters.

Pure Python (no Django). Public API::

    parse_letter(data: bytes, filename: str) -> ParsedLetter          # in-process
    parse_letter_sandboxed(data: bytes, filename: str) -> ParsedLetter  # child process,
                                                                       # memory/time limits
    LetterParseError  # the only error raised; .message is for a council officer, .code
"""

from .errors import LetterParseError
from .parser import PARSER_VERSION, parse_letter
from .result import ParsedLetter
from .sandboxed import parse_letter_sandboxed

__all__ = [
    "PARSER_VERSION",
    "LetterParseError",
    "ParsedLetter",
    "parse_letter",
    "parse_letter_sandboxed",
]
