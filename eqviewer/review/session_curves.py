"""A record's probability curves (and attention maps) kept in the session, compactly, outside the undo history."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from obspy import UTCDateTime

from eqviewer.errors import SessionError
from eqviewer.review import curve_codec
from eqviewer.review.session_base import SessionBase, from_ns, to_ns


@dataclass(frozen=True)
class CurveInfo:
    """When a record's stored probability curves start and their sampling rate."""

    start: UTCDateTime
    sampling_rate: float


class SessionCurves(SessionBase):
    """Storing and reading records' probability curves."""

    def store_curves(self, record: str, start: UTCDateTime, sampling_rate: float,
                     curves: dict[str, np.ndarray]) -> None:
        """Keep a record's probability curves (replacing earlier ones) compactly, as
        :mod:`eqviewer.review.curve_codec` says; not part of the undo history."""
        self.store_encoded_curves(record, start, curve_codec.encode_all(curves, float(sampling_rate)))

    def store_encoded_curves(self, record: str, start: UTCDateTime,
                             encoded: dict[str, tuple[float, int, str, bytes]]) -> None:
        """:meth:`store_curves` of curves :func:`eqviewer.review.curve_codec.encode_all` has encoded already."""
        store = self._writable()
        with store.transaction():
            record_id = store.record_ids({record: ""})[record]
            store.put_curves(record_id, to_ns(start), encoded)

    def curves(self, record: str) -> dict[str, np.ndarray] | None:
        """A record's stored probability curves by name (each at its :meth:`curve_rates` rate), or None."""
        record_id = self._store.record_id(record)
        rows = self._store.get_curves(record_id) if record_id is not None else []
        if not rows:
            return None
        try:
            return {name: curve_codec.decode(encoding, data) for name, _, _, _, encoding, data in rows}
        except (ValueError, zlib.error) as exc:
            raise SessionError(self.path, f"damaged curves of {record}: {exc}") from exc

    def curve_rates(self, record: str) -> dict[str, float]:
        """The sampling rate of each stored curve of a record (attention maps are stored at a lower rate)."""
        record_id = self._store.record_id(record)
        return self._store.curve_rates(record_id) if record_id is not None else {}

    def curve_info(self, record: str) -> CurveInfo | None:
        """Start time and sampling rate of a record's stored curves, or None."""
        record_id = self._store.record_id(record)
        timing = self._store.curve_timing(record_id) if record_id is not None else None
        return CurveInfo(from_ns(timing[0]), timing[1]) if timing else None
