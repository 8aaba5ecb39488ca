"""What the status bar says about the record shown: its manual label and the selected pick."""

from __future__ import annotations

from eqviewer.gui.time_axis import format_time


def label_text(session, editor) -> str:
    """"label: <category>" of the record being edited, and the selected pick ("" without a record)."""
    if editor is None or session is None:
        return ""
    manual = [w for w in session.window_labels(record=editor.record_id) if w.status == "manual"]
    text = f"label: {manual[-1].category}" if manual else "label: none"
    pick = editor.selected_pick()
    if pick is not None:
        extra = ", ".join(v for v in (pick.onset, pick.polarity) if v)
        unc = f" ±{pick.uncertainty_s:g} s" if pick.uncertainty_s else ""
        text += f" · selected {pick.phase} {pick.status} {format_time(pick.time)}{unc}" + \
                (f" ({extra})" if extra else "")
    return text
