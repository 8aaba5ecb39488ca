"""How identifiers (station codes, phase names, record and model names) are written into the text formats eqviewer
exports: one rule per format, which every exporter of that format uses.

* **NonLinLoc** phase lines (:func:`check_nlloc_field`): refused, not mapped. A field that is empty, holds whitespace or
  a control character, or is longer than NonLinLoc reads stops the export with an ExportError naming the output,
  the pick and the problem; nothing is written. NonLinLoc matches station labels byte for byte against its station
  list, so a label invented for a bad code would match nothing; and an empty code written as "?" would make ``""``
  and ``..`` (both an empty station code) the same station. Non-ASCII codes ("Søndre") are written as UTF-8.
* **QuakeML** (:func:`write_quakeml`, :func:`quakeml_id`): escaped. Every text in the catalog (codes, comments,
  authors) has its control characters, tab, newline and CR included, and the undecodable bytes of file names
  written as ``\\xNN`` (the convention of :func:`eqviewer.io.paths.utf8_text`), so the file is XML that any reader
  gets back unchanged; resource identifiers are ``smi:local/eqviewer/<kind>/<name>`` with the name reduced to the
  characters a QuakeML URI holds.
* **CSV** (:func:`csv_writer`, :func:`csv_text`): quoted. Cells are written by the csv module (RFC 4180: comma,
  double quotes, CRLF), which quotes every cell holding a comma, a quote, CR or LF, so a CSV reader gets one row
  per record and every value back; only the undecodable bytes of file names become ``\\xNN``. Files are opened
  with ``newline=""``.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from typing import Any, TextIO

from obspy.core.event import Catalog
from obspy.core.util import AttribDict

from eqviewer.errors import ExportError
from eqviewer.io.paths import utf8_text

NLLOC_FIELD_BYTES = {"station code": 63, "component": 31, "phase": 31}
"""The longest value (UTF-8 bytes) NonLinLoc reads into each field of a phase line (its label buffers: 64 bytes
for the station, 32 for instrument, component and phase, each with a terminating NUL)."""
QUAKEML_ID_PREFIX = "smi:local/eqviewer"
_URI_UNSAFE = re.compile(r"[^\w\-.*()~']")  # all but the characters kept in names (a subset of what URIs allow)
_XML_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")  # control characters and the two noncharacters


def check_nlloc_field(out_path: str | os.PathLike, field: str, value: str, pick: str) -> None:
    """ExportError naming ``out_path``, the ``pick`` (its description) and the problem unless ``value`` can be the
    ``field`` (a key of :data:`NLLOC_FIELD_BYTES`) of a NonLinLoc phase line: not empty, without whitespace or
    control characters, and no longer than NonLinLoc reads."""
    problem = _nlloc_problem(value, NLLOC_FIELD_BYTES[field])
    if problem:
        raise ExportError(out_path, f"{pick}: {field} {value!r} {problem}; a NonLinLoc phase line cannot hold it"
                                    " (correct it where the pick came from, or leave the pick out)")


def _nlloc_problem(value: str, max_bytes: int) -> str | None:
    if not value:
        return "is empty"
    for position, char in enumerate(value):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cs"):
            return f"holds whitespace or a control character ({char!r} at position {position})"
    size = len(value.encode("utf-8"))
    if size > max_bytes:
        return f"is {size} bytes long (at most {max_bytes})"
    return None


def xml_text(text: str) -> str:
    """``text`` that XML holds and every reader gets back as written: control characters (tab, newline and CR
    included) and the noncharacters U+FFFE/U+FFFF as ``\\xNN``/``\\uNNNN``, undecodable file name bytes as
    ``\\xNN``."""
    return _XML_UNSAFE.sub(lambda match: _escape(match[0]), utf8_text(text))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quakeml_id(kind: str, name: str | int) -> str:
    """The resource identifier ``smi:local/eqviewer/<kind>/<name>``, a valid QuakeML URI whatever the name: each
    ':' of the name becomes '/' (model "seed:1.0" is ``model/seed/1.0``) and every other character a URI cannot
    hold becomes '_'."""
    parts = str(name).split(":")
    return f"{QUAKEML_ID_PREFIX}/{kind}/" + "/".join(_URI_UNSAFE.sub("_", part) for part in parts)


def write_quakeml(catalog: Catalog, path: str | os.PathLike) -> None:
    """Write ``catalog`` to ``path`` as QuakeML, every text in it first made XML-safe in place (:func:`xml_text`)."""
    _make_xml_safe(catalog)
    catalog.write(os.fspath(path), format="QUAKEML")


def _make_xml_safe(node: Any) -> None:
    """Apply :func:`xml_text` to every string of an ObsPy event object (or Catalog) and of the objects it holds."""
    fields = node.items() if isinstance(node, AttribDict) else vars(node).items()
    for key, value in list(fields):
        if isinstance(value, str):
            safe = xml_text(value)
            if safe != value:
                setattr(node, key, safe)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, AttribDict):
                    _make_xml_safe(item)
        elif isinstance(value, AttribDict):
            _make_xml_safe(value)


def csv_writer(handle: TextIO) -> Any:
    """A csv writer for ``handle`` (opened with ``newline=""``) in the one dialect every eqviewer CSV uses."""
    return csv.writer(handle, dialect="excel")


def csv_text(value: object) -> str:
    """A value as a CSV cell: '' for None, the text of anything else with undecodable file name bytes as ``\\xNN``
    (the file is UTF-8); quoting is the writer's (:func:`csv_writer`)."""
    return "" if value is None else utf8_text(str(value))
