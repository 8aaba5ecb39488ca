"""Text from files (station codes, paths, trace names) made safe to print on a terminal."""

from __future__ import annotations

import unicodedata

# Unicode categories printed as escapes: control characters, format characters (bidirectional overrides),
# surrogates, and line and paragraph separators.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def printable(text: str) -> str:
    """``text`` with every character that could move the cursor, recolour or rewrite the terminal escaped.

    Newline, CR and tab become ``\\n``, ``\\r``, ``\\t``; an undecodable byte of a file name (held by Python as a
    lone surrogate) becomes ``\\xNN`` with the byte's value; other control and format characters ``\\xNN`` or
    ``\\uNNNN``. A backslash is doubled only in text that needed escaping, so ordinary paths print unchanged.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in _NAMED:
            out.append(_NAMED[char])
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in ESCAPED_CATEGORIES:
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
