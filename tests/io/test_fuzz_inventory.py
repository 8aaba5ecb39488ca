"""Fuzzed station inventories (StationXML written by ObsPy, then truncated, bytes flipped, tags removed or
duplicated, coordinates replaced by absurd text; thousands of stations, duplicated stations, wrong namespaces, odd
encodings, DTDs and XInclude, empty files, folders, other formats ObsPy reads): every case is read the way the app
reads it, by ``read_inventory`` and by ``eqviewer session new S EMPTY_FOLDER --inventory PATH``, and each ends in
stations or one error line naming the file; never a traceback, never a hang, never a session left by a refused
input, never a changed input. The cases are seeded, so a failure names a case that reproduces."""

from __future__ import annotations

import gzip
import io
import math
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import obspy
from obspy.core.inventory import (Channel, CoefficientsTypeResponseStage, FIRResponseStage, InstrumentSensitivity,
                                  Inventory, Network, PolesZerosResponseStage, Response, Site, Station)

from eqviewer.cli import main
from eqviewer.errors import EqviewerError
from eqviewer.io import read_inventory
from tests.fuzz_harness import digest, run_cases

SEED = 20240611
TRUNCATE_AT = (0.0005, 0.01, 0.03, 0.06, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)
RANDOM_TRUNCATIONS = 6
FLIPS_PER_FILE = 30
MANY_STATIONS = 3000
EDITED_TAGS = ("FDSNStationXML", "Network", "Station", "Channel", "Latitude", "Longitude", "Elevation", "Depth",
               "Source", "Site", "Response")
ABSURD_VALUES = ("", " ", "nan", "NaN", "inf", "-inf", "1e300", "-1e300", "1e400", "north", "12,5", "0x10",
                 "1_000", "\u0663\u0664", "91", "-181", "99999", "4" * 400)
FOLDERS_OF_CASES = 6  # folders each holding a few of the files generated before them
OBSPY_TEST_DATA = Path(obspy.__file__).parent / "io" / "xseed" / "tests" / "data"
OTHER_FORMAT_FILES = ("RESP.BW.FURT..EHZ", "CL.AIO.dataless", "AI.ESPZ._.BH_.dataless")
XMLNS = "http://www.fdsn.org/xml/station/1"
M_PER_DEGREE = 111_195.0  # metres per degree of latitude (mean Earth radius)
# Cases named so must be refused: DTDs and XInclude however they reach a parser, and numbers Python's float()
# takes but XML does not.
REFUSED_KINDS = ("DTD: ", "XInclude: ", "not a number: ")
NOT_NUMBERS = ("1_000", "\u0663\u0664", "\uff13\uff14", "3\u00a04")


# -- valid inventories, written by ObsPy ------------------------------------------------------------------------------
def _full_response() -> Response:
    """A seismometer, digitizer and FIR decimation stage with the overall sensitivity."""
    stages = [
        PolesZerosResponseStage(1, 1500.0, 1.0, "M/S", "V", "LAPLACE (RADIANS/SECOND)", 1.0, [0j, 0j],
                                [-0.037 + 0.037j, -0.037 - 0.037j, -251.33 + 0j], normalization_factor=60077000.0),
        CoefficientsTypeResponseStage(2, 419430.0, 1.0, "V", "COUNTS", "DIGITAL", numerator=[1.0], denominator=[],
                                      decimation_input_sample_rate=200.0, decimation_factor=1,
                                      decimation_offset=0, decimation_delay=0.0, decimation_correction=0.0),
        FIRResponseStage(3, 1.0, 1.0, "COUNTS", "COUNTS", symmetry="NONE",
                         coefficients=[0.25, 0.5, 0.25], decimation_input_sample_rate=200.0, decimation_factor=2,
                         decimation_offset=0, decimation_delay=0.0, decimation_correction=0.0),
    ]
    sensitivity = InstrumentSensitivity(1500.0 * 419430.0, 1.0, "M/S", "COUNTS")
    return Response(instrument_sensitivity=sensitivity, response_stages=stages)


def _inventory(rng: np.random.Generator, networks: int, stations: int, responses: bool) -> bytes:
    """StationXML of random stations (several location codes and sensor depths), written by ObsPy."""
    inventory = Inventory(networks=[], source="eqviewer fuzz")
    for n in range(networks):
        network = Network(f"N{n}", stations=[])
        for s in range(stations):
            latitude, longitude = float(rng.uniform(-89.0, 89.0)), float(rng.uniform(-179.9, 179.9))
            elevation = float(rng.uniform(-500.0, 4000.0))
            channels = [Channel(f"HH{component}", location, latitude, longitude, elevation,
                                float(rng.choice([0.0, 5.5, 150.0])), sample_rate=100.0,
                                response=_full_response() if responses else None)
                        for location in rng.choice(["", "00", "10"], size=int(rng.integers(1, 3)), replace=False)
                        for component in "ZNE"]
            network.stations.append(Station(f"S{s:03d}", latitude, longitude, elevation, channels=channels,
                                            site=Site(name=f"site {s}")))
        inventory.networks.append(network)
    buffer = io.BytesIO()
    inventory.write(buffer, format="STATIONXML")
    return buffer.getvalue()


def _station_text(rng: np.random.Generator) -> bytes:
    """The FDSN station text format of a few random stations, written by ObsPy (with the start times its reader
    needs)."""
    start = obspy.UTCDateTime(2020, 1, 1)
    stations = [Station(f"T{s}", float(rng.uniform(-80, 80)), float(rng.uniform(-170, 170)), 100.0,
                        channels=[Channel("HHZ", "", 10.0, 20.0, 100.0, 0.0, sample_rate=100.0, start_date=start)],
                        start_date=start)
                for s in range(3)]
    buffer = io.StringIO()
    Inventory(networks=[Network("TX", stations=stations)], source="eqviewer fuzz").write(buffer, format="STATIONTXT")
    return buffer.getvalue().encode()


# -- hand-written StationXML ------------------------------------------------------------------------------------------
def _document(stations: str, prolog: str = "", root: str = f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="1.1"',
              declaration: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    """A StationXML document of network XX holding ``stations``."""
    end = root.split()[0]
    return (f"{declaration}{prolog}<{root}><Source>fuzz</Source><Created>2024-01-01T00:00:00</Created>"
            f'<Network code="XX">{stations}</Network></{end}>\n')


def _station(code: str, latitude: float | str = 34.0, longitude: float | str = -117.0,
             elevation: float | str = 100.0, location: str = "") -> str:
    return (f'<Station code="{code}"><Latitude>{latitude}</Latitude><Longitude>{longitude}</Longitude>'
            f'<Elevation>{elevation}</Elevation><Site><Name>{code}</Name></Site>'
            f'<Channel code="HHZ" locationCode="{location}"><Latitude>{latitude}</Latitude>'
            f"<Longitude>{longitude}</Longitude><Elevation>{elevation}</Elevation><Depth>0</Depth></Channel>"
            "</Station>\n")


# -- mutations ------------------------------------------------------------------------------------------------------
def _truncations(data: bytes, rng: np.random.Generator) -> Iterator[tuple[str, bytes]]:
    points = [max(1, int(len(data) * fraction)) for fraction in TRUNCATE_AT]
    points += [int(at) for at in rng.integers(1, len(data), size=RANDOM_TRUNCATIONS)]
    for at in points:
        yield f"truncated to {at} of {len(data)} bytes", data[:at]


def _flips(data: bytes, rng: np.random.Generator, count: int = FLIPS_PER_FILE) -> Iterator[tuple[str, bytes]]:
    """Single flipped bytes: half in the first 600 bytes (the prolog and first station), half anywhere."""
    for index in range(count):
        at = int(rng.integers(0, len(data) if index % 2 else min(600, len(data))))
        flipped = bytearray(data)
        flipped[at] ^= int(rng.integers(1, 256))
        yield f"byte {at} flipped", bytes(flipped)


def _tag_edits(text: str) -> Iterator[tuple[str, str]]:
    """Each tag's first start tag removed, first end tag removed, first element removed, every element removed,
    and first element duplicated."""
    for tag in EDITED_TAGS:
        start, end = re.compile(rf"<{tag}(\s[^>]*)?>"), f"</{tag}>"
        element = re.compile(rf"<{tag}(\s[^>]*)?>.*?</{tag}>", re.DOTALL)
        if not start.search(text):
            continue
        yield f"first <{tag}> start tag removed", start.sub("", text, count=1)
        yield f"first </{tag}> end tag removed", text.replace(end, "", 1)
        yield f"first <{tag}> element removed", element.sub("", text, count=1)
        yield f"every <{tag}> element removed", element.sub("", text)
        first = element.search(text)
        if first:
            yield f"first <{tag}> element duplicated", text[: first.end()] + first.group(0) + text[first.end():]


def _value_edits(text: str) -> Iterator[tuple[str, str]]:
    """Coordinates and depths replaced by absurd text: every one of them, and the first only."""
    for tag in ("Latitude", "Longitude", "Elevation", "Depth"):
        element = re.compile(rf"<{tag}(\s[^>]*)?>[^<]*</{tag}>")
        for value in ABSURD_VALUES:
            shown = value if len(value) < 20 else f"{value[:5]}... ({len(value)} characters)"
            yield f"every <{tag}> = {shown!r}", element.sub(f"<{tag}>{value}</{tag}>", text)
        for value in ABSURD_VALUES[::3]:
            yield f"first <{tag}> = {value[:20]!r}", element.sub(f"<{tag}>{value}</{tag}>", text, count=1)


def _duplicates() -> Iterator[tuple[str, str]]:
    """A station listed twice: at one place, within and beyond the same-place distance, far away, and under other
    networks or location codes."""
    first = _station("A", 34.0, -117.0, 100.0)
    for name, (latitude, longitude, elevation) in {
        "at the same place": (34.0, -117.0, 100.0),
        "50 m north": (34.0 + 50.0 / M_PER_DEGREE, -117.0, 100.0),
        "50 m east": (34.0, -117.0 + 50.0 / (M_PER_DEGREE * math.cos(math.radians(34.0))), 100.0),
        "50 m higher": (34.0, -117.0, 150.0),
        "150 m higher": (34.0, -117.0, 250.0),
        "1 km north": (34.0 + 1000.0 / M_PER_DEGREE, -117.0, 100.0),
        "far away": (-34.0, 63.0, 100.0),
        "as text": ("34.000", "-117.0000", "1.0e2"),
    }.items():
        yield f"station duplicated {name}", _document(first + _station("A", latitude, longitude, elevation))
    yield "station duplicated far away under another location code", _document(
        first + _station("A", -34.0, 63.0, location="00"))
    yield "station duplicated far away in another network", _document(first).replace(
        "</Network>", '</Network><Network code="YY">' + _station("A", -34.0, 63.0) + "</Network>")
    yield "station duplicated across the dateline, 50 m apart", _document(
        _station("A", 0.0, 179.99975) + _station("A", 0.0, -179.99980))


def _many_stations(rng: np.random.Generator) -> Iterator[tuple[str, str]]:
    """Thousands of stations: all distinct; and the last one a far duplicate of the first."""
    latitudes, longitudes = rng.uniform(-80, 80, MANY_STATIONS), rng.uniform(-170, 170, MANY_STATIONS)
    stations = [_station(f"M{i:04d}", round(float(latitudes[i]), 5), round(float(longitudes[i]), 5))
                for i in range(MANY_STATIONS)]
    yield f"{MANY_STATIONS} stations", _document("".join(stations))
    yield f"{MANY_STATIONS} stations, the last a far duplicate of the first", _document(
        "".join(stations) + _station("M0000", -float(latitudes[0]), 0.0))


def _namespaces_and_versions() -> Iterator[tuple[str, str]]:
    station = _station("A")
    for name, root in {
        "no namespace": 'FDSNStationXML schemaVersion="1.1"',
        "namespace of version 2": 'FDSNStationXML xmlns="http://www.fdsn.org/xml/station/2" schemaVersion="1.1"',
        "a prefixed namespace": f'fdsn:FDSNStationXML xmlns:fdsn="{XMLNS}" schemaVersion="1.1"',
        "another root element": f'StationXML xmlns="{XMLNS}" schemaVersion="1.1"',
        "QuakeML's namespace": 'FDSNStationXML xmlns="http://quakeml.org/xmlns/bed/1.2" schemaVersion="1.1"',
        "schemaVersion removed": f'FDSNStationXML xmlns="{XMLNS}"',
        "schemaVersion empty": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion=""',
        "schemaVersion 'abc'": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="abc"',
        "schemaVersion 99": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="99"',
        "schemaVersion 1.0": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="1.0"',
        "schemaVersion of 10000 characters": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="{"9" * 10_000}"',
        "schemaVersion with a control character": f'FDSNStationXML xmlns="{XMLNS}" schemaVersion="1.1\x01"',
    }.items():
        text = _document(station, root=root)
        if name == "a prefixed namespace":
            text = re.sub(r"<(/?)(?!fdsn:|\?)(\w)", r"<\1fdsn:\2", text)
        yield name, text


def _encodings() -> Iterator[tuple[str, bytes]]:
    text = _document(_station("A"))
    yield "a Latin-1 byte in a station code, no encoding declared", text.replace(
        'code="A"', 'code="A\xe9"').encode("latin-1")
    yield "Latin-1 declared and used", text.replace("UTF-8", "ISO-8859-1").replace(
        "<Name>A", "<Name>A\xe9").encode("latin-1")
    yield "an unknown encoding declared", text.replace("UTF-8", "no-such-encoding").encode()
    yield "UTF-16 with a byte order mark", text.replace("UTF-8", "UTF-16").encode("utf-16")
    yield "UTF-16 declared, UTF-8 written", text.replace("UTF-8", "UTF-16").encode()
    yield "UTF-8 byte order mark, then 200 spaces", b"\xef\xbb\xbf" + b" " * 200 + text.split("\n", 1)[1].encode()
    yield "a lone surrogate encoded", text.replace("<Name>A", "<Name>A\udcff").encode("utf-8", "surrogatepass")
    yield "an overlong encoding", text.encode().replace(b"<Name>A", b"<Name>A\xc0\xaf")
    yield "a NUL byte in a latitude", text.encode().replace(b"<Latitude>34", b"<Latitude>3\x004", 1)
    yield "a control character in a station code", text.replace('code="A"', 'code="A\x1b[31m"').encode()
    yield "a station code of 100000 characters", text.replace('code="A"', f'code="{"A" * 100_000}"').encode()
    yield "a numeric character reference in a latitude", text.replace(
        "<Latitude>34.0", "<Latitude>&#51;&#52;.0", 1).encode()


def _dtds() -> Iterator[tuple[str, bytes]]:
    """Documents declaring a DTD (entities, external ones among them), every way they can reach a parser."""
    secret = 'file:///etc/hostname'
    internal = '<!DOCTYPE FDSNStationXML [<!ENTITY lat "34.0">]>\n'
    laughs = ("<!DOCTYPE FDSNStationXML [<!ENTITY l0 \"lol\">"
              + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>\n")
    with_entity = _document(_station("A", latitude="&lat;"), prolog=internal)
    yield "an internal entity", with_entity.encode()
    yield "the billion laughs", _document(_station("A").replace("<Name>A", "<Name>&l9;"), prolog=laughs).encode()
    yield "an external entity", _document(_station("A").replace("<Name>A", "<Name>&x;"), prolog=(
        f'<!DOCTYPE FDSNStationXML [<!ENTITY x SYSTEM "{secret}">]>\n')).encode()
    yield "an external parameter entity", _document(_station("A"), prolog=(
        f'<!DOCTYPE FDSNStationXML [<!ENTITY % x SYSTEM "{secret}"> %x;]>\n')).encode()
    yield "an external DTD", _document(_station("A"), prolog=f'<!DOCTYPE FDSNStationXML SYSTEM "{secret}">\n').encode()
    yield "a DTD after a long comment", _document(_station("A", latitude="&lat;"),
                                                 prolog=f"<!-- {'x' * 200} -->\n{internal}").encode()
    yield "a DTD after 200 spaces", (" " * 200 + with_entity.split("\n", 1)[1]).encode()
    yield "a DTD in UTF-16", with_entity.replace("UTF-8", "UTF-16").encode("utf-16")
    yield "a DTD in UTF-16 without a byte order mark", with_entity.replace("UTF-8", "UTF-16").encode("utf-16-le")
    yield "a DTD, gzip-compressed", gzip.compress(with_entity.encode(), mtime=0)
    yield "an entity used without a DTD", _document(_station("A", latitude="&lat;")).encode()


def _xincludes() -> Iterator[tuple[str, str]]:
    include = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/hostname" parse="text"/>'
    yield "XInclude in a network", _document(include + _station("A"))
    yield "XInclude in a latitude", _document(_station("A", latitude=include))
    yield "XInclude of another inventory", _document(_station("A")).replace(
        "<Source>", include.replace("/etc/hostname", "other.xml").replace(' parse="text"', "") + "<Source>")
    yield "XInclude namespace declared, a fallback only", _document(
        '<xi:fallback xmlns:xi="http://www.w3.org/2001/XInclude"/>' + _station("A"))


def _not_numbers() -> Iterator[tuple[str, str]]:
    for tag in ("latitude", "longitude", "elevation"):
        for value in NOT_NUMBERS:
            yield f"station {tag} {value!r}", _document(_station("A", **{tag: value}))
    for value in NOT_NUMBERS:
        yield f"channel depth {value!r}", _document(_station("A").replace("<Depth>0<", f"<Depth>{value}<"))


def _odd_files(rng: np.random.Generator) -> Iterator[tuple[str, bytes]]:
    """Empty and nearly empty files, garbage, and other formats."""
    yield "an empty file", b""
    yield "spaces only", b" " * 100
    yield "a byte order mark only", b"\xef\xbb\xbf"
    yield "'<' only", b"<"
    yield "an XML declaration only", b'<?xml version="1.0" encoding="UTF-8"?>\n'
    yield "a root element only", f'<FDSNStationXML xmlns="{XMLNS}" schemaVersion="1.1"/>'.encode()
    yield "a network without stations", _document("").encode()
    yield "random bytes", rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    yield "zeros", bytes(4096)
    yield "text", b"station A is at 34 N, 117 W\n"
    yield "JSON", b'{"stations": [{"code": "A", "latitude": 34}]}'
    yield "QuakeML", b'<?xml version="1.0"?><q:quakeml xmlns:q="http://quakeml.org/xmlns/quakeml/1.2"/>'
    yield "SC3ML without stations", b'<seiscomp xmlns="http://geofon.gfz-potsdam.de/ns/seiscomp3-schema/0.11"/>'


# -- cases ----------------------------------------------------------------------------------------------------------
def _cases(root: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every fuzzed inventory, each written into its own folder under ``root``."""
    rng = np.random.default_rng(SEED)
    counter = iter(range(1_000_000))
    written: list[Path] = []

    def place(name: str, data: bytes | str, file_name: str = "stations.xml") -> tuple[str, Path]:
        folder = root / f"case{next(counter):04d}"
        folder.mkdir()
        path = folder / file_name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        written.append(path)
        return name, path

    small = _inventory(rng, networks=2, stations=3, responses=False)
    responses = _inventory(rng, networks=1, stations=2, responses=True)
    for label, data in (("ObsPy StationXML", small), ("ObsPy StationXML with responses", responses)):
        yield place(label, data)
        for name, mutated in [*_truncations(data, rng), *_flips(data, rng)]:
            yield place(f"{label}, {name}", mutated)
        for name, mutated in [*_tag_edits(data.decode()), *_value_edits(data.decode())]:
            yield place(f"{label}, {name}", mutated)
    yield place("ObsPy StationXML, gzip-compressed", gzip.compress(small, mtime=0), "stations.xml.gz")
    yield place("ObsPy StationXML, gzip-compressed and truncated", gzip.compress(small, mtime=0)[:200],
                "stations.xml.gz")
    for generated in (_duplicates(), _many_stations(rng), _namespaces_and_versions(), _encodings(), _odd_files(rng)):
        for name, data in generated:
            yield place(name, data)
    for kind, generated in zip(REFUSED_KINDS, (_dtds(), _xincludes(), _not_numbers())):
        for name, data in generated:
            yield place(kind + name, data)

    text = _station_text(rng)
    yield place("FDSN station text", text, "stations.txt")
    for name, mutated in [*list(_truncations(text, rng))[::4], *_flips(text, rng, count=6)]:
        yield place(f"FDSN station text, {name}", mutated, "stations.txt")
    for file_name in OTHER_FORMAT_FILES:  # RESP and dataless SEED from ObsPy's own tests, where installed
        source = OBSPY_TEST_DATA / file_name
        if source.is_file():
            data = source.read_bytes()
            yield place(file_name, data, file_name)
            for name, mutated in [*list(_truncations(data, rng))[::5], *_flips(data, rng, count=4)]:
                yield place(f"{file_name}, {name}", mutated, file_name)

    for label, files in {
        "a folder: valid StationXML beside garbage": {"a.xml": small, "notes.txt": b"not metadata", "b.bin": bytes(9)},
        "a folder: valid StationXML beside broken XML": {"a.xml": small, "b.xml": small[:300]},
        "a folder: valid StationXML beside a DTD": {"a.xml": small, "b.xml": _document(
            _station("B", latitude="&lat;"), prolog='<!DOCTYPE FDSNStationXML [<!ENTITY lat "34.0">]>\n')},
        "a folder: two files, a station 50 m apart": {"a.xml": _document(_station("A")), "b.xml": _document(
            _station("A", 34.0 + 50.0 / M_PER_DEGREE))},
        "a folder: two files, a station far apart": {"a.xml": _document(_station("A")),
                                                     "b.xml": _document(_station("A", -34.0))},
        "a folder: nothing but garbage": {"a.txt": b"hello", "b.bin": bytes(100)},
        "a folder: empty": {},
    }.items():
        folder = root / f"case{next(counter):04d}"
        folder.mkdir()
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data.encode() if isinstance(data, str) else data)
        yield label, folder
    for index in range(FOLDERS_OF_CASES):
        folder = root / f"case{next(counter):04d}"
        folder.mkdir()
        chosen = rng.choice(len(written), size=4, replace=False)
        for number in chosen:
            (folder / f"{number:04d}_{written[number].name}").write_bytes(written[number].read_bytes())
        yield f"a folder of cases {sorted(int(n) for n in chosen)}", folder


def _check_case(name: str, path: Path, archive: Path, session: Path, capsys) -> tuple[bool, str | None]:
    """Whether the app refuses ``path``, and what is wrong with how it reads it (None when it gives stations or
    one error naming the file). ``session`` is made in an empty folder, which is left empty."""
    try:
        read_inventory(path)
        refused = None
    except EqviewerError as exc:
        refused = str(exc)
        if "\n" in refused or not refused.startswith(str(path)):
            return True, f"{name}: read_inventory: an error not naming the file in one line: {refused!r}"
    if refused is None and name.startswith(REFUSED_KINDS):
        return False, f"{name}: read, not refused"
    status = main(["session", "new", str(session), str(archive), "--inventory", str(path)])
    out, err = capsys.readouterr()
    if "Traceback" in out + err:
        return refused is not None, f"{name}: session new printed a traceback:\n{err}"
    if status not in (0, 2) or (status == 2) != (refused is not None):
        outcome = "refused" if refused else "read"
        return refused is not None, f"{name}: session new exited {status} where read_inventory {outcome} it"
    if status == 2:
        lines = err.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith(f"eqviewer: error: {path}"):
            return True, f"{name}: session new: not one error line naming the file: {err!r}"
        left = sorted(p.name for p in session.parent.iterdir())
        if left:
            return True, f"{name}: session new refused the inventory but left {left}"
        return True, None
    if not session.exists():
        return False, f"{name}: session new succeeded but made no session"
    for made in session.parent.iterdir():
        made.unlink()
    return False, None


def test_fuzzed_inventories_give_stations_or_one_line_errors(tmp_path, capsys):
    root, archive, sessions = tmp_path / "cases", tmp_path / "archive", tmp_path / "sessions"
    for folder in (root, archive, sessions):
        folder.mkdir()
    cases = list(_cases(root))
    before = digest(root)
    refused = 0
    numbered = [(name, (index, path)) for index, (name, path) in enumerate(cases)]

    def check(name: str, case: tuple[int, Path]) -> str | None:
        nonlocal refused
        index, path = case
        was_refused, failure = _check_case(name, path, archive, sessions / f"s{index:04d}.eqreview", capsys)
        refused += was_refused
        return failure

    failures = run_cases(numbered, check)
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures[:20])
    assert digest(root) == before
    assert not list(archive.iterdir())
    assert len(cases) > 400 and 0 < refused < len(cases)  # the corpus holds both readable and refused cases
