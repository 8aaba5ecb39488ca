"""Starting the GUI: the QApplication, the main window, and the headless screenshot mode of `eqviewer open`."""

from __future__ import annotations

import os
import sys

from PyQt6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PyQt6.QtGui import QIcon
from PyQt6.QtWidgets import QApplication, QMessageBox

from eqviewer.app.model_cache import load_runtime_in_background
from eqviewer.app.window_options import OpenOptions
from eqviewer.errors import EqviewerError
from eqviewer.gui.user_folder import user_data_folder
from eqviewer.resources import default_settings

APP_NAME = "eqviewer"
EXAMPLE_FILE = "obspy-example-RJOB.mseed"
DRAW_TIMEOUT_S = 600
"""The screenshot waits this long at most for the first record to be read and its curves drawn."""
CHANGES_SHOWN = 20  # station coordinate changes listed in the box that reports them (the rest are counted)


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with the app's name, icon and style sheet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(APP_NAME)
        try:
            from eqviewer.resources import APP_ID, icon_path, load_stylesheet

            app.setDesktopFileName(APP_ID)  # Wayland/X11 match the window to the installed .desktop entry
            app.setWindowIcon(QIcon(str(icon_path(256))))
            app.setStyleSheet(load_stylesheet())
        except (ImportError, EqviewerError) as exc:  # a broken install still gets a working window
            print(f"eqviewer: warning: {exc}", file=sys.stderr)
    return app


def example_path() -> str:
    """ObsPy's bundled example record (BW.RJOB, 3-C, 100 Hz, 30 s), written once as MiniSEED to the user data
    folder so that a session can refer to it like to any other archive."""
    from obspy import read

    folder = user_data_folder()
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, EXAMPLE_FILE)
    if not os.path.exists(path):
        tmp = path + ".part"
        read().write(tmp, format="MSEED")
        os.replace(tmp, path)
    return path


def wait_for(condition, timeout_s: float) -> bool:
    """Process events until ``condition()`` is true or ``timeout_s`` passes; whether it became true."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start()
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    if not condition():
        loop.exec()
    timer.stop()
    return bool(condition())


def run(options: OpenOptions) -> int:
    """Show the main window with the given archives/session; in screenshot mode render a PNG and exit."""
    from eqviewer.gui.main_window import MainWindow

    app = application()
    window = MainWindow(QSettings())
    paths = list(options.paths)
    if options.example:
        paths.append(example_path())
    if options.size:
        window.resize(*options.size)
    elif options.screenshot is None:
        size = default_settings()["window"]
        window.resize(size["width"], size["height"])
    if paths or options.session:
        window.open_paths(paths, session_path=options.session)
    if options.inventory:
        add_inventory(window, options.inventory)
    if options.screenshot is None:
        window.show()
        load_runtime_in_background()  # TensorFlow's import would otherwise freeze the window on the first run
        if options.run_model:
            QTimer.singleShot(0, lambda: window.model_runs.run_model(all_records=True))
        return app.exec()
    return screenshot(window, options)


def add_inventory(window, inventories: list[str]) -> None:
    """Store the station metadata of ``inventories`` in the window's session (errors become message boxes)."""
    from eqviewer.app.association import add_station_metadata

    if window.session is None or window.session.read_only:
        window.show_error("Cannot add station metadata", "open a writable review session first")
        return
    try:
        update = add_station_metadata(window.session, inventories)
    except EqviewerError as exc:
        window.show_error("Cannot add station metadata", str(exc))
        return
    if update.changes:
        shown = [str(change) for change in update.changes[:CHANGES_SHOWN]]
        more = len(update.changes) - len(shown)
        box = QMessageBox(QMessageBox.Icon.Information, "Station coordinates changed",
                          "\n".join(shown + ([f"and {more} more"] if more else [])), QMessageBox.StandardButton.Ok,
                          window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QTimer.singleShot(0, box.open)
    window.events.show_session()


def screenshot(window, options: OpenOptions) -> int:
    """Render the window (after the model run when asked), save the PNG, close; the exit status."""
    app = QApplication.instance()
    window.resize(*(options.size or (1600, 1000)))
    window.show()
    app.processEvents()
    status = 0
    wait_for(lambda: not window.reader.loaders, timeout_s=DRAW_TIMEOUT_S)  # the first record, read in a thread
    if options.run_model:
        finished = []
        window.model_finished.connect(finished.append)
        if window.model_runs.run_model(all_records=True) is not None:
            wait_for(lambda: bool(finished), timeout_s=3600)
        if window.worker is not None or window.error_boxes:
            status = 1
        if window.editor is not None:  # select the first automatic pick so the screenshot shows a selection
            window.pick_review.select_next_pick()
    wait_for(lambda: not window.curves_pending, timeout_s=DRAW_TIMEOUT_S)  # a long record's curves, panel by panel
    wait_for(lambda: False, 0.3)  # let layouts settle
    for box in list(window.error_boxes):
        print(f"eqviewer: error: {box.text()}", file=sys.stderr)
        status = 1
    image = window.grab()
    target = os.path.abspath(options.screenshot)
    tmp = target + ".part.png"
    if not image.save(tmp, "PNG"):
        window.close()
        raise EqviewerError(target, "cannot write the screenshot")
    os.replace(tmp, target)
    window.close()
    return status
