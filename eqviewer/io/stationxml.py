"""FDSN StationXML read as a stream: only what eqviewer uses (each station's own latitude, longitude and elevation,
its channels' codes, location codes and depths), one station at a time. Every station element is dropped once
read, so time grows with the file's size and memory stays that of one station, not of an object tree of the file.

XML is read without DTDs: a file that declares one (where internal entities, the billion laughs among them, and
external entities live) is refused, and so is any XInclude element; nothing outside the file is ever fetched. A
file is taken for XML when it starts with "<" after a byte order mark and any whitespace, or in UTF-16 or UTF-32.
XML that reaches ObsPy without being recognised here (compressed, say) is parsed with
:func:`entities_left_unexpanded`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from lxml import etree

from eqviewer.errors import ArchiveError
from eqviewer.io.station_coordinates import StationCoordinates, StationListing

NAMESPACE = "{http://www.fdsn.org/xml/station/1}"
ROOT = "FDSNStationXML"
NETWORK, STATION, CHANNEL = (NAMESPACE + name for name in ("Network", "Station", "Channel"))
XINCLUDE = "{http://www.w3.org/2001/XInclude}"
# How much of a file's start is looked at to tell XML from other station metadata (RESP, dataless SEED).
SNIFF_BYTES = 64
CHUNK_BYTES = 1 << 16  # read this much at a time while looking for the root element
UTF8_BOM, WHITESPACE = b"\xef\xbb\xbf", b" \t\r\n"
# How XML in UTF-16 or UTF-32 starts: with a byte order mark, or "<" as two or four bytes (ASCII "<" is checked
# after any whitespace).
WIDE_XML_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<", b"\x00\x00\x00<")


class MalformedXml(ArchiveError):
    """A file starts like XML but is not well-formed (an undeclared or external entity in it among the causes)."""


def _parser(path: str, tags: tuple[str, ...]) -> etree.iterparse:
    """Start and end events of the ``tags`` elements, from a parser that expands no entity, loads no DTD and
    reaches no network."""
    return etree.iterparse(path, events=("start", "end"), tag=tags, resolve_entities=False, load_dtd=False,
                           no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


def xml_root(path: str) -> str | None:
    """The local name of the root element of an XML file, None when the file does not start like XML.

    ArchiveError when it declares a DTD (entities are refused, never expanded), MalformedXml when it is not
    well-formed.
    """
    with open(path, "rb") as file:
        if not _starts_like_xml(file):
            return None
        file.seek(0)
        chunk = file.read(SNIFF_BYTES)
        prolog = _Prolog()
        parser = etree.XMLParser(target=prolog, resolve_entities=False, load_dtd=False, no_network=True)
        try:
            while chunk and prolog.root is None:
                parser.feed(chunk)
                chunk = file.read(CHUNK_BYTES)
            if prolog.root is None:
                parser.close()
        except etree.XMLSyntaxError as exc:
            raise _malformed(path, exc) from None
        except _Doctype:
            raise ArchiveError(path, "declares a DTD (<!DOCTYPE ...>): XML with DTDs or entities is refused") from None
    return prolog.root


def _starts_like_xml(file: BinaryIO) -> bool:
    """Whether an open file starts like XML text: "<" after a UTF-8 byte order mark and whitespace (however much),
    or as UTF-16 or UTF-32 does."""
    head = file.read(SNIFF_BYTES)
    if head.startswith(WIDE_XML_STARTS):
        return True
    rest = head.removeprefix(UTF8_BOM).lstrip(WHITESPACE)
    while head and not rest:
        head = file.read(CHUNK_BYTES)
        rest = head.lstrip(WHITESPACE)
    return rest.startswith(b"<")


def _malformed(path: str, exc: etree.XMLSyntaxError) -> MalformedXml:
    """The error for XML that is not well-formed, in one line (libxml2's messages may hold line breaks)."""
    return MalformedXml(path, f"is not well-formed XML ({' '.join(str(exc).split())})")


@contextmanager
def entities_left_unexpanded() -> Iterator[None]:
    """While inside, lxml's default parser in this thread (the one ObsPy's XML readers use) expands no entity,
    loads no DTD and reaches no network."""
    previous = etree.get_default_parser()
    etree.set_default_parser(etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    try:
        yield
    finally:
        etree.set_default_parser(previous)


class _Doctype(Exception):
    """Raised by :class:`_Prolog` on a document type declaration."""


class _Prolog:
    """A parser target that takes the root element's local name and raises :class:`_Doctype` on a DTD (before
    anything that could use one is read)."""

    root: str | None = None

    def doctype(self, *_) -> None:
        raise _Doctype()

    def start(self, tag: str, _attributes) -> None:
        if self.root is None:
            self.root = etree.QName(tag).localname

    def end(self, _tag: str) -> None:
        pass

    def data(self, _text: str) -> None:
        pass

    def close(self) -> None:
        pass


def stationxml_listings(path: str) -> Iterator[StationListing]:
    """Every station of a StationXML file, one listing per location code its channels use (the empty one when it
    lists no channel). ArchiveError naming the file, line and station when a station lacks its latitude or
    longitude or a value is not a number, and for XInclude elements and XML that is not well-formed."""
    path = os.fspath(path)
    network, channels = "", []
    try:
        for event, element in _parser(path, (NETWORK, STATION, CHANNEL, XINCLUDE + "*")):
            if element.tag.startswith(XINCLUDE):
                raise ArchiveError(path, f"line {element.sourceline}: XInclude is refused")
            if event == "start":
                if element.tag == NETWORK:
                    network = element.get("code", "")
                continue
            if element.tag == CHANNEL:
                depth = _number(path, element, "Depth", f"channel {element.get('code', '')}")
                channels.append((element.get("code", ""), element.get("locationCode", ""), depth or 0.0))
                element.clear()
            elif element.tag == STATION:
                yield from _station_listings(path, network, element, channels)
                channels = []
                _drop(element)
            else:
                _drop(element)
    except etree.XMLSyntaxError as exc:
        raise _malformed(path, exc) from None


def _station_listings(path: str, network: str, element, channels: list[tuple[str, str, float]]
                      ) -> Iterator[StationListing]:
    name = f"{network}.{element.get('code', '')}"
    latitude = _number(path, element, "Latitude", f"station {name}")
    longitude = _number(path, element, "Longitude", f"station {name}")
    if latitude is None or longitude is None:
        missing = " and ".join(n for n, v in (("latitude", latitude), ("longitude", longitude)) if v is None)
        raise ArchiveError(path, f"line {element.sourceline}: station {name} has no {missing}")
    elevation = _number(path, element, "Elevation", f"station {name}") or 0.0
    for location in sorted({loc for _, loc, _ in channels} or {""}):
        codes = tuple(sorted({code for code, loc, _ in channels if loc == location}))
        depths = tuple(sorted({depth for _, loc, depth in channels if loc == location}))
        yield StationListing(StationCoordinates(f"{name}.{location}", latitude, longitude, elevation, codes), path,
                             element.sourceline, depths)


def _number(path: str, element, child: str, what: str) -> float | None:
    """The number a child element holds (None when it is absent or empty); ArchiveError when it is not one (in
    ASCII digits: Python's float() also takes other scripts' digits and "1_000")."""
    found = element.find(NAMESPACE + child)
    text = None if found is None else (found.text or "").strip()
    if not text:
        return None
    try:
        if not text.isascii() or "_" in text:
            raise ValueError(text)
        return float(text)
    except ValueError:
        raise ArchiveError(path, f"line {found.sourceline}: {what}: {child.lower()} {text[:40]!r} is not a number"
                           ) from None


def _drop(element) -> None:
    """Free a read element and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]
