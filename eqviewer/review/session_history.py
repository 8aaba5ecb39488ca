"""Undo and redo: the edit journal replayed backwards or forwards, any number of steps, across reopening.

In a shared (PostgreSQL) session each analyst undoes and redoes their own edits only.
"""

from __future__ import annotations

import itertools

from eqviewer.errors import SessionError
from eqviewer.review.session_base import SessionBase


class SessionHistory(SessionBase):
    """Undo, redo, and what they would change."""

    def undo(self) -> bool:
        """Undo the newest edit not yet undone; False when there is none.

        In a shared session, an analyst's own newest edit; SessionError when another analyst has since changed
        the same labels (their later edit stands: change it instead of undoing).
        """
        store = self._writable()
        with store.transaction():
            edit_id = store.last_edit("done", self._undo_author)
            if edit_id is None:
                return False
            others = store.later_authors(edit_id, self.author) if self.shared else []
            if others:
                raise SessionError(self.path, f"cannot undo: {', '.join(others)} changed the same labels since")
            for change in reversed(store.edit_changes(edit_id)):
                store.apply_change(change, change.old)
            store.set_edit_state(edit_id, "undone")
        return True

    def redo(self) -> bool:
        """Redo the oldest undone edit; False when there is none (or a new edit was made since the undo)."""
        store = self._writable()
        with store.transaction():
            edit_id = store.last_edit("undone", self._undo_author)
            if edit_id is None:
                return False
            for change in store.edit_changes(edit_id):
                store.apply_change(change, change.new)
            store.set_edit_state(edit_id, "done")
        return True

    def history_picks(self, undo: bool = True, limit: int = 100) -> list[int]:
        """Ids of the pick rows (at most ``limit``) the next undo (or redo) changes, so a viewer can select the
        changed pick afterwards; empty when there is nothing to undo (redo) or it changes no pick."""
        edit_id = self._store.last_edit("done" if undo else "undone", self._undo_author)
        if edit_id is None:
            return []
        changes = [c for c in self._store.edit_changes(edit_id) if c.table == "pick"]
        ids = (i for c in changes for i in range(c.first_id, c.last_id + 1))
        return list(itertools.islice(ids, limit))

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return self._store.last_edit("done", self._undo_author) is not None

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return self._store.last_edit("undone", self._undo_author) is not None

    def change_token(self) -> tuple[int, int]:
        """A value that changes with every edit, undo or redo by anyone: a viewer of a shared session polls it and
        redraws when it differs from the last one it saw."""
        return self._store.journal_token()
