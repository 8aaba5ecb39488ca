"""The one model object the app uses: the classifier and the P and S pickers, loaded and run together."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from eqviewer.errors import ModelError
from eqviewer.model import fast_picker, registry
from eqviewer.model.descriptor import CHANNELS, CLASSIFIER, NETWORKS, PICKERS, SEED, ModelDescriptor
from eqviewer.model.h5_weights import CLASSIFIER_TABLE, PICKER_TABLE, load_h5_weights
from eqviewer.model.networks import build_classifier, build_picker, with_attention
from eqviewer.model.output import WindowOutput
from eqviewer.model.preprocess import network_input

ATTENTION_PREFIX = {"classifier": "cls", "p": "p", "s": "s"}
MAX_BATCH = 64  # all three networks at 64 windows need ~1 GB of host memory (measured: +1.0 GB; 256: +3.5 GB)
MAX_BATCH_GPU = 512  # on a GPU the intermediates live in device memory
MAX_BASE_DEPTH = 8
MAX_REASON_CHARS = 400  # of Keras's explanation in a ModelError


class SeedModel:
    """The classifier and P/S pickers of one model, with their preprocessing, run in one compiled call.

    ``classifier``, ``p_picker`` and ``s_picker`` are ``keras.Model`` objects whose only output is the
    probability ((N, 2) and (N, window, 1)), ready for fine-tuning. ``descriptor`` is the model kind's
    (:mod:`eqviewer.model.descriptor`: window, sampling rate, default inputs and thresholds); ``inputs`` says which
    input each network expects (the descriptor's unless the model folder says otherwise); ``name`` and ``version``
    (a sha256 prefix of the weight files) identify the model in provenance strings.
    """

    def __init__(
        self,
        classifier: keras.Model,
        p_picker: keras.Model,
        s_picker: keras.Model,
        *,
        name: str = registry.SEED_NAME,
        version: str = "",
        inputs: dict[str, str] | None = None,
        metadata: dict | None = None,
        jit_compile: bool | None = None,
        descriptor: ModelDescriptor = SEED,
    ):
        self.classifier = classifier
        self.p_picker = p_picker
        self.s_picker = s_picker
        self.name = name
        self.version = version
        self.descriptor = descriptor
        self.inputs = {**descriptor.inputs, **(inputs or {})}
        self.metadata = metadata or {}
        self.jit_compile = jit_compile
        # None: no XLA on a CPU. Measured on 2 cores: XLA cut the classifier's batch-1 latency (2.5 ms instead of
        # 20 ms) but compiled for 1.2-1.4 s per batch shape (two shapes: 2-3 CPU-s at every start), against 0.5 s
        # for the first plain call, and was no faster at batch 5-64 (56 vs 26-50 ms); it makes the pickers ~3x
        # slower on CPU. On a GPU the classifier keeps XLA (it removes the GRUs' per-step launch overhead).
        on_gpu = jit_compile is None and bool(tf.config.list_physical_devices("GPU"))
        self.jit_networks = {n for n in NETWORKS if jit_compile or (on_gpu and n == CLASSIFIER)}
        self._runners: dict[tuple, Callable] = {}
        self._calls: dict[tuple, Callable] = {}
        self._shared_pickers: dict[str, fast_picker.SharedPicker] = {}

    @classmethod
    def load(
        cls, source: str | os.PathLike | None = None, *, download: bool = True, jit_compile: bool | None = None
    ) -> SeedModel:
        """Loads the seed model (``source=None``), a model folder, or a registered model by name.

        The seed weights come from :func:`registry.models_dir`; when they are missing and ``download`` is
        true they are fetched first. Their sha256 sums are checked. ``.keras`` files load in Keras safe mode.
        ``jit_compile``: True compiles every network with XLA, False none, None (default) the classifier only and
        only on a GPU (each new batch shape then costs a second or more of compilation once; predict uses at
        most two).
        Raises :class:`ModelError` naming the file for missing, damaged or incompatible weights.
        """
        entry = registry.resolve(source)
        descriptor = entry.descriptor
        networks, inputs, digests = _load_networks(entry, descriptor, download, depth=0)
        version = hashlib.sha256("".join(digests[n] for n in NETWORKS).encode()).hexdigest()[:12]
        return cls(
            *(networks[n] for n in NETWORKS),
            name=entry.name, version=version, inputs=inputs, metadata=entry.metadata, jit_compile=jit_compile,
            descriptor=descriptor,
        )

    @property
    def networks(self) -> dict[str, keras.Model]:
        """The three networks by their short names (:data:`eqviewer.model.descriptor.NETWORKS`)."""
        return dict(zip(NETWORKS, (self.classifier, self.p_picker, self.s_picker)))

    def save(self, folder: str | os.PathLike) -> None:
        """Writes each network as ``<network>.keras`` into ``folder`` (for registering, see :func:`registry.register`)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for net, model in self.networks.items():
            partial = folder / f".{net}.partial.keras"
            model.save(partial)
            os.replace(partial, folder / f"{net}.keras")

    def predict(
        self,
        raw: np.ndarray,
        networks: Sequence[str] = NETWORKS,
        attention: bool = True,
        batch_size: int = 64,
        progress: Callable[[int, int], None] | None = None,
        spans: Mapping[str, int] | None = None,
    ) -> WindowOutput:
        """Runs the requested networks on raw (N, window, 3) Z,N,E windows at the descriptor's window length and
        rate; returns a :class:`WindowOutput`.

        Each network gets the input it expects (the pickers' band-pass and normalisation is done here).
        The networks run together in one compiled call per batch of ``batch_size`` windows (at most
        :data:`MAX_BATCH`, or :data:`MAX_BATCH_GPU` on a GPU), so the working memory does not grow with N;
        the returned arrays do (48 kB per window for the two pick curves, 53 kB more with ``attention``):
        callers with long records pass windows in chunks. Non-finite raw samples are read as 0.
        ``progress(done, total)`` is called after each batch. ``spans`` ({"p": 2000, "s": 2800}) asks for only the
        first samples of a picker's curve: without attention the pickers then run their decoder on that part of
        the window only (the same values, about a third less work for 20 s; see
        :func:`eqviewer.model.fast_picker.picker_probability`).
        """
        if isinstance(networks, str) or not set(networks) or set(networks) - set(NETWORKS):
            raise ValueError(f"networks must be a non-empty subset of {NETWORKS}, not {networks!r}")
        networks = tuple(n for n in NETWORKS if n in networks)
        raw = np.asarray(raw) if not hasattr(raw, "shape") else raw
        window = self.descriptor.window_samples
        if len(raw.shape) != 3 or tuple(raw.shape[1:]) != (window, CHANNELS):
            raise ValueError(f"raw windows must have shape (N, {window}, {CHANNELS}), not {tuple(raw.shape)}")
        total = raw.shape[0]
        batch = max(1, min(int(batch_size), MAX_BATCH_GPU if tf.config.list_physical_devices("GPU") else MAX_BATCH))
        spans = {net: min(int(spans[net]), window) for net in PICKERS if net in networks and net in (spans or {})}
        run = self._runner(networks, attention, spans)
        kinds = sorted({self.inputs[n] for n in networks})
        results: dict[str, np.ndarray] = {}
        for start in range(0, total, batch):
            chunk = np.nan_to_num(np.asarray(raw[start:start + batch], dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
            count = chunk.shape[0]
            by_kind = {kind: network_input(chunk, kind) for kind in kinds}
            feeds = {}
            for net in networks:
                value = by_kind[self.inputs[net]]
                if net in self.jit_networks and 1 < count < batch:  # XLA compiles once per shape: use two shapes only
                    value = np.concatenate([value, np.zeros((batch - count, *value.shape[1:]), np.float32)])
                feeds[net] = value
            tensors = {id(v): tf.constant(v) for v in feeds.values()}
            for key, value in run({net: tensors[id(v)] for net, v in feeds.items()}).items():
                value = value.numpy()[:count]
                if key not in results:
                    results[key] = np.empty((total, *value.shape[1:]), np.float32)
                results[key][start:start + count] = value
            if progress is not None:
                progress(start + count, total)
        return WindowOutput(
            prob_earthquake=results.pop(CLASSIFIER, None),
            p_prob=results.pop("p", None),
            s_prob=results.pop("s", None),
            attention=results,
            window_samples=window,
        )

    def _runner(self, networks: tuple[str, ...], attention: bool, spans: dict[str, int]) -> Callable:
        """One tf.function running ``networks`` on a dict of inputs keyed by network (built once per key).

        Each network's own graph is traced once and shared by every combination that runs it, and the P and S
        pickers share one fast-picker graph (a trace and first call cost 0.2-0.5 s of one core per graph)."""
        spans_key = tuple(sorted(spans.items()))
        key = (networks, attention, spans_key, tuple(id(self.networks[n]) for n in networks))  # replaced network: new runner
        if key in self._runners:
            return self._runners[key]
        window = self.descriptor.window_samples
        calls = {net: self._network_call(net, attention, spans.get(net, window)) for net in networks}
        spec = {net: tf.TensorSpec((None, window, CHANNELS), tf.float32) for net in networks}

        @tf.function(input_signature=[spec], autograph=False)
        def run(feeds):
            outputs = {}
            for net, call in calls.items():
                result = call(feeds[net])
                probability, gates = (result[0], result[1:]) if attention else (result, [])
                outputs[net] = probability[:, 1] if net == CLASSIFIER else probability[:, : spans.get(net), 0]
                for number, gate in enumerate(gates, start=1):
                    outputs[f"{ATTENTION_PREFIX[net]}_att{number}"] = gate
            return outputs

        self._runners[key] = run
        return run

    def _network_call(self, net: str, attention: bool, span: int) -> Callable:
        """The tf.function of one network on (N, window, 3) input, traced once per network, model object and span.

        Without attention the pickers run through :mod:`eqviewer.model.fast_picker` (the same function with
        fewer operations, the first ``span`` samples only) when their layers have the seed structure; pickers of
        the same structure share one such graph (:class:`fast_picker.SharedPicker`)."""
        model = self.networks[net]
        window = self.descriptor.window_samples
        fast = not attention and net != CLASSIFIER and fast_picker.supports(model)
        span = span if fast else window  # the Keras model computes whole curves (the runner cuts them)
        key = (net, attention, id(model), span)
        if key not in self._calls:
            signature = [tf.TensorSpec((None, window, CHANNELS), tf.float32)]
            if attention:
                model = with_attention(model)
            if fast:
                shared = self._shared_picker(model)
                function = lambda x, model=model: shared(model, x, span)[:, :, None]  # noqa: E731
            else:
                function = lambda x, model=model: model(x, training=False)  # noqa: E731
            self._calls[key] = tf.function(
                function, input_signature=signature, jit_compile=net in self.jit_networks, autograph=False
            )
        return self._calls[key]

    def _shared_picker(self, model: keras.Model) -> fast_picker.SharedPicker:
        """The shared fast-picker graph for ``model``'s structure (made on first use)."""
        key = fast_picker.structure_key(model)
        if key not in self._shared_pickers:
            self._shared_pickers[key] = fast_picker.SharedPicker(model)
        return self._shared_pickers[key]


def _file_digests(entry: registry.ModelEntry) -> dict[str, str]:
    if entry.kind == "seed-h5":
        return {s.network: s.sha256 for s in registry.SEED_FILES}
    return {net: info.get("sha256", "") for net, info in entry.metadata["networks"].items()}


def _load_seed_networks(entry: registry.ModelEntry, download: bool) -> dict[str, keras.Model]:
    folder = entry.path
    if not entry.available and download:
        registry.fetch(folder)
    bad = [check for check in registry.verify(folder) if not check.ok]
    if bad:
        problems = "; ".join(f"{c.path.name}: {c.reason}" for c in bad)
        raise ModelError(folder, registry.missing_weights_message(folder, problems))
    builders = {"classifier": (build_classifier, CLASSIFIER_TABLE), "p": (build_picker, PICKER_TABLE), "s": (build_picker, PICKER_TABLE)}
    networks = {}
    for net, (build, table) in builders.items():
        model = build(name={"classifier": "classifier", "p": "p_picker", "s": "s_picker"}[net])
        load_h5_weights(model, entry.files[net], table)
        networks[net] = model
    return networks


def load_keras_network(path: str | os.PathLike) -> keras.Model:
    """One ``.keras`` network, loaded in safe mode (no code from the file runs); ModelError when it cannot be.

    Keras's own explanation (several lines, with the whole offending config, when it refuses a class it does not
    know such as ``subprocess.Popen``) is cut to its root cause and folded into the one-line message.
    """
    import eqviewer.model.layers  # noqa: F401  (registers the custom layers)

    try:
        return keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises ValueError, TypeError, OSError, zipfile errors…
        reason = " ".join(str(exc).split()).rpartition("Exception encountered: ")[2]
        reason = reason.partition(" Full object config:")[0]
        if len(reason) > MAX_REASON_CHARS:
            reason = reason[:MAX_REASON_CHARS - 1] + "…"
        raise ModelError(path, f"cannot load this Keras model ({type(exc).__name__}: {reason})") from exc


def check_network_shapes(net: str, model: keras.Model, path: str | os.PathLike, descriptor: ModelDescriptor) -> None:
    """ModelError unless ``model`` takes (batch, window, CHANNELS) windows of model kind ``descriptor`` and gives what
    network ``net`` must: (batch, 2) class probabilities for the classifier, a (batch, window, 1) curve for a
    picker."""
    window = descriptor.window_samples
    wanted_in = (None, window, CHANNELS)
    wanted_out = (None, 2) if net == CLASSIFIER else (None, window, 1)
    got_in = [tuple(t.shape) for t in model.inputs]
    got_out = [tuple(t.shape) for t in model.outputs]
    if got_in != [wanted_in] or got_out != [wanted_out]:
        def spell(shapes):
            return ", ".join(str(s).replace("None", "batch") for s in shapes)
        raise ModelError(path, f"network {net!r} takes {spell(got_in)} and gives {spell(got_out)}; model kind "
                               f"{descriptor.kind!r} needs {spell([wanted_in])} in and {spell([wanted_out])} out")


def _load_networks(
    entry: registry.ModelEntry, descriptor: ModelDescriptor, download: bool, depth: int
) -> tuple[dict, dict, dict]:
    """Networks, input kinds and file digests of ``entry`` (a model of kind ``descriptor``), networks it lacks taken
    from its base, which must be of the same kind. ModelError when a network's shapes are not the kind's."""
    if entry.descriptor != descriptor:
        raise ModelError(entry.path, f"its model kind {entry.descriptor.kind!r} is not {descriptor.kind!r}, the kind "
                                     "of the model that names it as its base")
    if entry.kind == "seed-h5":
        return _load_seed_networks(entry, download), dict(descriptor.inputs), _file_digests(entry)
    networks = {net: load_keras_network(path) for net, path in entry.files.items()}
    for net, model in networks.items():
        check_network_shapes(net, model, entry.files[net], descriptor)
    inputs = {net: entry.metadata["networks"][net].get("input", descriptor.inputs[net]) for net in networks}
    digests = _file_digests(entry)
    missing = [n for n in NETWORKS if n not in networks]
    if missing:
        if depth >= MAX_BASE_DEPTH:
            raise ModelError(entry.path, "its chain of base models is too long (a cycle?)")
        base = registry.resolve(entry.metadata.get("base", registry.SEED_NAME))
        base_networks, base_inputs, base_digests = _load_networks(base, descriptor, download, depth + 1)
        for net in missing:
            networks[net], inputs[net], digests[net] = base_networks[net], base_inputs[net], base_digests[net]
    return networks, inputs, digests
