"""Where model weights live: the published seed weights and the models we fine-tune.

* Seed weights: three Keras 2 ``.h5`` files from the authors' repository at a pinned commit, checked by
  sha256. They are read from ``$EQVIEWER_MODELS_DIR`` when set, else from the user cache
  (``$XDG_CACHE_HOME/eqviewer/models``, default ``~/.cache/eqviewer/models``), where :func:`fetch` downloads them.
* Fine-tuned models: one folder each in ``$XDG_DATA_HOME/eqviewer/models/<name>`` (default
  ``~/.local/share/eqviewer/models``) holding ``<network>.keras`` files and ``metadata.json``; a network the
  folder does not hold is taken from the model named by ``metadata["base"]``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from eqviewer.atomic_files import PendingOutput
from eqviewer.errors import ExportError, ModelError
from eqviewer.model.descriptor import INPUT_KINDS, NETWORKS, SEED, SEED_KIND, ModelDescriptor, descriptor_for

SEED_NAME = "seed"
SEED_COMMIT = "6c7d58d8d27f45436d898153df0f09a56e9bd66f"
SEED_BASE_URL = f"https://github.com/cuiyang512/Multi-task-EQDetection/raw/{SEED_COMMIT}/model/"


@dataclass(frozen=True)
class SeedFile:
    """One published weight file."""

    network: str
    filename: str
    sha256: str
    size: int


SEED_FILES = (
    SeedFile("classifier", "EQ_classification_best_model.h5",
             "61addc6fd819e4a94d0a672a4583bbc7a747b05a4ffc4985126c3b38ae1e713a", 748_960),
    SeedFile("p", "P_wave_phase_picking_best_model.h5",
             "2953838032e68a936cc7caa00d44ad0e6202be822c08bd9f8f7eb5f1d91337e6", 1_188_688),
    SeedFile("s", "S_wave_phase_picking_best_model.h5",
             "6274859f9f2ce2dfc8d31d1aa327c790c3d547a2068e4374496ef90521fb975f", 1_188_704),
)

METADATA_FILE = "metadata.json"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CHUNK = 1 << 16
MIN_RATE_BYTES_S = 10_000  # the slowest download rate waited for: a file's deadline is timeout + size / this

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelEntry:
    """A model the app can load: ``name``, its folder, ``kind`` (its file format: "seed-h5" or "keras"), and its
    metadata (whose ``"kind"`` names the model kind, see :attr:`descriptor`).

    ``files`` maps each network the folder holds to its file; ``available`` is False for the seed model
    while its weights are not downloaded yet.
    """

    name: str
    path: Path
    kind: str
    metadata: dict = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    available: bool = True

    @property
    def descriptor(self) -> ModelDescriptor:
        """The descriptor of the model kind named in the metadata (``"kind"``, default the seed's)."""
        return descriptor_for(self.metadata.get("kind", SEED_KIND), str(self.path))


@dataclass(frozen=True)
class FileCheck:
    """The result of checking one weight file: ``ok`` and, when not ok, the ``reason``."""

    path: Path
    ok: bool
    reason: str = ""


def models_dir() -> Path:
    """The folder holding the seed weights: ``$EQVIEWER_MODELS_DIR``, else the user cache folder."""
    override = os.environ.get("EQVIEWER_MODELS_DIR")
    if override:
        return Path(override).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "eqviewer" / "models"


def user_models_dir() -> Path:
    """The folder holding registered (fine-tuned) models: ``$XDG_DATA_HOME/eqviewer/models``."""
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "eqviewer" / "models"


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: str | Path | None = None) -> list[FileCheck]:
    """Checks the seed weight files in ``folder`` (default :func:`models_dir`) against their sha256 sums."""
    folder = Path(folder) if folder is not None else models_dir()
    checks = []
    for seed in SEED_FILES:
        path = folder / seed.filename
        if not path.is_file():
            checks.append(FileCheck(path, False, "missing"))
        elif (digest := sha256_of(path)) != seed.sha256:
            checks.append(FileCheck(path, False, f"sha256 {digest[:12]}… does not match the published {seed.sha256[:12]}…"))
        else:
            checks.append(FileCheck(path, True))
    return checks


def missing_weights_message(folder: Path, problem: str = "") -> str:
    """The error text that says exactly which files to put where."""
    names = ", ".join(s.filename for s in SEED_FILES)
    text = (
        f"the seed model weights are missing or damaged ({names}); download them from {SEED_BASE_URL}"
        f" into {folder} (`eqviewer models fetch` does this), or set EQVIEWER_MODELS_DIR to a folder that holds them"
    )
    return f"{text}; {problem}" if problem else text


def _tqdm_progress(description: str, total: int) -> tuple[Progress, Callable[[], None]]:
    from tqdm import tqdm

    bar = tqdm(desc=description, total=total, unit="B", unit_scale=True, unit_divisor=1024, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    return update, bar.close


def _download(url: str, target: Path, seed: SeedFile, timeout: float, deadline_s: float,
              progress: Progress | None) -> None:
    """Downloads ``url`` into ``target`` through a temporary file, refusing a wrong sha256.

    At most the published size is read (a server that announces or sends more is refused at once), and the whole
    download must finish within ``deadline_s`` (a server trickling bytes is cut off, not only a silent one).
    """
    close = None
    if progress is None:
        progress, close = _tqdm_progress(seed.filename, seed.size)
    try:
        pending = PendingOutput(target)
    except ExportError as exc:
        raise ModelError(target.parent, f"cannot write the weights here ({exc.reason})") from exc
    try:
        digest = hashlib.sha256()
        ends = time.monotonic() + deadline_s
        with open(pending.tmp, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            announced = int(response.headers.get("Content-Length") or seed.size)
            if announced > seed.size:
                raise ModelError(target, f"{url} announces {announced} bytes, more than the published {seed.size};"
                                         " refused")
            done = 0
            while block := response.read1(CHUNK):
                done += len(block)
                if done > seed.size:
                    raise ModelError(target, f"{url} sent more than the published {seed.size} bytes; refused")
                if time.monotonic() > ends:
                    raise ModelError(target, f"downloading {url} took longer than {deadline_s:g} s"
                                             f" ({done} of {seed.size} bytes); stopped")
                out.write(block)
                digest.update(block)
                progress(done, announced)
        if digest.hexdigest() != seed.sha256:
            raise ModelError(
                target,
                f"the file downloaded from {url} has sha256 {digest.hexdigest()[:12]}…, not the published "
                f"{seed.sha256[:12]}…; it was refused and removed",
            )
        pending.commit()
    except (urllib.error.URLError, OSError, ValueError) as exc:  # HTTPError, timeouts, refused connections, bad headers
        reason = exc if isinstance(exc, urllib.error.HTTPError) else getattr(exc, "reason", None) or exc
        raise ModelError(target.parent, missing_weights_message(target.parent, f"downloading {url} failed: {reason}")) from exc
    except ExportError as exc:
        raise ModelError(target, exc.reason) from exc
    finally:
        if close is not None:
            close()
        pending.discard()


def fetch(
    folder: str | Path | None = None,
    *,
    base_url: str | None = None,
    timeout: float = 30.0,
    deadline: float | None = None,
    progress: Progress | None = None,
) -> Path:
    """Makes sure the three seed weight files are in ``folder`` (default :func:`models_dir`); returns it.

    Missing files are downloaded from ``base_url`` (default ``$EQVIEWER_MODELS_URL`` or the pinned GitHub
    commit); a present file with a wrong sha256 is removed and downloaded again. ``timeout`` bounds each
    network wait in seconds, ``deadline`` each file's whole download (default: ``timeout`` plus the time for its
    published size at MIN_RATE_BYTES_S); ``progress(done_bytes, total_bytes)`` defaults to a tqdm bar on stderr.
    Raises :class:`ModelError` saying which files to put where when a download fails or is corrupt.
    """
    folder = Path(folder) if folder is not None else models_dir()
    base_url = base_url or os.environ.get("EQVIEWER_MODELS_URL") or SEED_BASE_URL
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(folder, f"cannot create the model folder ({exc.strerror})") from exc
    for seed, check in zip(SEED_FILES, verify(folder)):
        if check.ok:
            continue
        if check.path.exists():
            try:
                check.path.unlink()
            except OSError as exc:
                raise ModelError(check.path, f"{check.reason}, and it cannot be removed ({exc.strerror})") from exc
        deadline_s = deadline if deadline is not None else timeout + seed.size / MIN_RATE_BYTES_S
        _download(base_url.rstrip("/") + "/" + seed.filename, check.path, seed, timeout, deadline_s, progress)
    return folder


def seed_entry(folder: str | Path | None = None) -> ModelEntry:
    """The seed model's entry; ``available`` says whether all three files are in the folder."""
    folder = Path(folder) if folder is not None else models_dir()
    files = {s.network: folder / s.filename for s in SEED_FILES}
    metadata = {
        "description": "Cui, Bai, Wu & Chen (GJI 2024) seed classifier and P/S pickers",
        "source": SEED_BASE_URL,
        "license": "GPL-3.0",
        "kind": SEED_KIND,
        "inputs": dict(SEED.inputs),
    }
    available = all(p.is_file() for p in files.values())
    return ModelEntry(SEED_NAME, folder, "seed-h5", metadata, files, available)


def read_entry(folder: str | Path) -> ModelEntry:
    """The entry of a model folder holding ``metadata.json`` and ``.keras`` files, or of a seed-weights folder."""
    folder = Path(folder)
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        if any((folder / s.filename).is_file() for s in SEED_FILES):
            return seed_entry(folder)
        raise ModelError(folder, f"not a model folder: it holds neither {METADATA_FILE} nor the seed .h5 files")
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        networks = metadata["networks"]
        files = {net: folder / networks[net]["file"] for net in networks}
        inputs = {net: networks[net].get("input") for net in networks}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(meta_path, f"unreadable model metadata ({type(exc).__name__}: {exc})") from exc
    unknown = sorted(set(networks) - set(NETWORKS))
    if unknown:
        raise ModelError(meta_path, f"unknown network {unknown[0]!r} in {METADATA_FILE}; use {', '.join(NETWORKS)}")
    for net, kind in inputs.items():
        if kind is not None and kind not in INPUT_KINDS:
            raise ModelError(meta_path, f"network {net!r} has unknown input {str(kind)[:40]!r}; use "
                                        f"{' or '.join(map(repr, INPUT_KINDS))}")
    for net, path in files.items():
        if not path.is_file():
            raise ModelError(path, f"the file of network {net!r} named in {METADATA_FILE} is missing")
    return ModelEntry(metadata.get("name", folder.name), folder, "keras", metadata, files)


def list_models() -> list[ModelEntry]:
    """The seed model first, then every registered model, by name.

    A registered model that cannot be read (damaged metadata, a missing file) is skipped with a one-line warning
    on the ``eqviewer.model.registry`` logger, so one bad folder does not hide the others.
    """
    entries = [seed_entry()]
    root = user_models_dir()
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir()
                             if not p.name.startswith(".") and (p / METADATA_FILE).is_file()):  # not a model being written
            try:
                entries.append(read_entry(folder))
            except ModelError as exc:
                _log.warning("eqviewer: warning: %s (model skipped)", exc)
    return entries


def resolve(spec: str | os.PathLike | None = None) -> ModelEntry:
    """The entry for ``spec``: None or "seed" (the seed weights), a model folder, or a registered name."""
    if spec is None or str(spec) == SEED_NAME:
        return seed_entry()
    path = Path(spec).expanduser()
    if path.is_dir():
        return read_entry(path)
    if NAME_PATTERN.match(str(spec)) and (user_models_dir() / str(spec)).is_dir():
        return read_entry(user_models_dir() / str(spec))
    known = ", ".join(e.name for e in list_models())
    raise ModelError(spec, f"no such model folder or registered model (known: {known})")


def register(
    name: str,
    networks: Mapping[str, object],
    metadata: Mapping | None = None,
    *,
    inputs: Mapping[str, str] | None = None,
    kind: str = SEED_KIND,
    overwrite: bool = False,
) -> ModelEntry:
    """Registers a fine-tuned model under ``name`` in :func:`user_models_dir` and returns its entry.

    ``networks`` maps "classifier", "p" and/or "s" to a ``keras.Model`` (saved as ``<network>.keras``) or
    to the path of an existing ``.keras`` file (copied), or is empty (every network from the base, e.g. the seed with
    thresholds fitted to a network). ``metadata`` is free-form JSON-able provenance,
    e.g. ``{"base": "seed", "task": "classifier", "training_data": [...], "metrics": {...}}``; networks
    not given are taken from ``metadata["base"]`` (default "seed") at load time. ``inputs`` says which input
    each network expects (one of :data:`eqviewer.model.descriptor.INPUT_KINDS`); the default is the one the model
    kind ``kind`` (:mod:`eqviewer.model.descriptor`) gives it. The folder is written to a temporary place and
    swapped into place, so a failure leaves nothing half-written.
    """
    descriptor = descriptor_for(kind, name)
    if not NAME_PATTERN.match(name) or name == SEED_NAME:
        raise ModelError(name, "invalid model name (letters, digits, '.', '_', '-'; not 'seed')")
    unknown = set(networks) - set(NETWORKS)
    if unknown:  # none at all is a model of the base's networks with its own metadata (e.g. fitted thresholds)
        raise ModelError(name, f"networks must be some of {', '.join(NETWORKS)}; got {', '.join(networks)}")
    root = user_models_dir()
    target = root / name
    if target.exists() and not overwrite:
        raise ModelError(target, "a model with this name is already registered (pass overwrite=True to replace it)")
    chosen_inputs = {net: (inputs or {}).get(net, descriptor.inputs[net]) for net in networks}
    try:
        root.mkdir(parents=True, exist_ok=True)
        pending = PendingOutput(target, folder=True)
    except (OSError, ExportError) as exc:
        raise ModelError(target, f"cannot register the model ({getattr(exc, 'reason', None) or exc})") from exc
    staging = Path(pending.tmp)
    try:
        described = {}
        for net, model in networks.items():
            filename = f"{net}.keras"
            if isinstance(model, (str, os.PathLike)):
                shutil.copyfile(model, staging / filename)
            else:
                model.save(staging / filename)
            described[net] = {"file": filename, "input": chosen_inputs[net], "sha256": sha256_of(staging / filename)}
        record = {
            "name": name,
            "base": SEED_NAME,
            **dict(metadata or {}),
            "kind": kind,
            "networks": described,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        (staging / METADATA_FILE).write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
        pending.commit()  # swaps an earlier model of the same name out in one step
    except (OSError, ExportError) as exc:
        raise ModelError(target, f"cannot register the model ({getattr(exc, 'reason', None) or exc})") from exc
    finally:
        pending.discard()
    return read_entry(target)


THRESHOLD_KEYS = {"p": "p_threshold", "s": "s_threshold", "det": "det_threshold"}
"""Keys of a model's fitted thresholds in ``metadata["thresholds"]`` and the detection settings they set."""


def model_thresholds(metadata: Mapping) -> dict[str, float]:
    """The thresholds a model's metadata holds, as detection settings ({"p_threshold": 0.42, ...}); values that
    are missing or not strictly between 0 and 1 are left out (the detector's defaults apply)."""
    stored = metadata.get("thresholds") if isinstance(metadata, Mapping) else None
    if not isinstance(stored, Mapping):
        return {}
    out = {}
    for key, setting in THRESHOLD_KEYS.items():
        value = stored.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 < float(value) < 1.0:
            out[setting] = float(value)
    return out


def fitted_thresholds(spec: str | os.PathLike | None) -> dict[str, float]:
    """The thresholds stored with the model ``spec`` (as :func:`resolve` takes it), as detection settings; {} for
    a model without them (the seed as shipped)."""
    return model_thresholds(resolve(spec).metadata)


def store_thresholds(entry: ModelEntry, thresholds: Mapping) -> ModelEntry:
    """Write ``thresholds`` (the "thresholds" metadata entry: "p", "s", "det" and how they were fitted) into a
    registered model's metadata.json (through a temporary file renamed into place); returns the updated entry.
    The seed's weight folder holds no metadata: register a model based on it instead (:func:`register`)."""
    if entry.kind != "keras":
        raise ModelError(entry.path, "the seed model's folder holds no metadata to store thresholds in; "
                                     "register a calibrated copy under a new name")
    meta_path = Path(entry.path) / METADATA_FILE
    record = {**entry.metadata, "thresholds": dict(thresholds)}
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".metadata.", suffix=".part", dir=entry.path)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out, indent=2, default=str)
        os.replace(tmp, meta_path)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise ModelError(meta_path, f"cannot store the thresholds ({exc.strerror or exc})") from exc
    return read_entry(entry.path)
