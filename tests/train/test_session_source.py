"""A review session's reviewed labels read in memory: the windows its SeisBench export would hold, with no file
written, as training and calibration read them."""

from __future__ import annotations

import numpy as np
import pytest

from eqviewer.errors import EqviewerError
from eqviewer.io import open_archive
from eqviewer.model.descriptor import SEED
from eqviewer.review.export import export_session
from eqviewer.review.import_labels import import_archive_labels
from eqviewer.review.session import Session
from eqviewer.train.finetune import read_labelled
from eqviewer.train.session_source import SessionSource, open_labelled
from eqviewer.train.windows import collect_windows


@pytest.fixture(scope="module")
def session_path(shared_data, tmp_path_factory):
    """obstransformer56 (earthquakes and noise records) with its labels imported and a few picks rejected."""
    path = tmp_path_factory.mktemp("session") / "obs.eqreview"
    with Session.create(str(path), archives=[str(shared_data / "obstransformer56" / "sample.hdf5")]) as session:
        import_archive_labels(session)
        for pick in session.picks()[5:9]:
            session.reject(pick.id)
    return str(path)


def _exported(session_path, folder, window):
    with Session.open(session_path, read_only=True) as session:
        export_session(session, "seisbench", folder)
    with open_archive(str(folder)) as source:
        return collect_windows([source.read(item) for item in source.items()], window)


@pytest.mark.parametrize("window", [SEED.window_samples, 3000])
def test_training_reads_the_windows_the_export_writes(session_path, tmp_path, window):
    folder = tmp_path / "export"
    exported = _exported(session_path, folder, window)
    windows = read_labelled([session_path], window)
    assert len(windows) == len(exported) > 0 and windows.n_noise == exported.n_noise > 0
    assert np.array_equal(windows.waveforms, exported.waveforms)
    assert all(np.array_equal(a, b) for a, b in zip(windows.p_samples, exported.p_samples))
    assert all(np.array_equal(a, b) for a, b in zip(windows.s_samples, exported.s_samples))
    assert np.array_equal(windows.is_earthquake, exported.is_earthquake) and windows.kinds == exported.kinds
    same_names = lambda ids, path: [i.replace(path, "") for i in ids]  # noqa: E731 - the records' names
    assert same_names(windows.event_ids, session_path) == same_names(exported.event_ids, str(folder))
    assert same_names(windows.record_ids, session_path) == same_names(exported.record_ids, str(folder))


def test_the_source_lists_as_the_export_reader_does(session_path, tmp_path):
    folder = tmp_path / "export"
    with Session.open(session_path, read_only=True) as session:
        export_session(session, "seisbench", folder)
    with open_archive(str(folder)) as exported, open_labelled(session_path) as source:
        assert isinstance(source, SessionSource)
        pairs = list(zip(source.items(), exported.items(), strict=True))
        for ours, theirs in pairs:
            assert (ours.key, ours.start, ours.category, ours.n_samples) == (theirs.key, theirs.start, theirs.category,
                                                                               theirs.n_samples)
            assert [(p.phase, p.time, p.status) for p in ours.labels] == [(p.phase, p.time, p.status)
                                                                           for p in theirs.labels]
        ours, theirs = pairs[0]
        part = (ours.start + 10.0, ours.start + 20.0)
        assert np.array_equal(source.read(ours, *part).data, exported.read(theirs, *part).data)


def test_a_session_without_reviewed_labels_is_refused(shared_data, tmp_path):
    path = tmp_path / "empty.eqreview"
    Session.create(str(path), archives=[str(shared_data / "stead_eqt50" / "waveforms.hdf5")]).close()
    with pytest.raises(EqviewerError, match="no reviewed labels"):
        SessionSource(path)
