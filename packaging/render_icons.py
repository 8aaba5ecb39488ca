"""Render resources/icons/eqviewer.svg to the PNG sizes eqviewer ships (run after editing the SVG).

Usage: python packaging/render_icons.py   (headless: QT_QPA_PLATFORM=offscreen is set here)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PyQt6.QtCore import Qt  # noqa: E402
from PyQt6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PyQt6.QtSvg import QSvgRenderer  # noqa: E402

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, out: Path) -> None:
    """Draw ``svg`` into a transparent ``size`` x ``size`` PNG at ``out``."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"{out}: cannot write PNG")


def main() -> int:
    """Render every size next to the SVG; print what was written."""
    app = QGuiApplication(sys.argv)  # noqa: F841 (QPainter on a QImage needs a Gui application for fonts)
    svg = ICON_DIR / "eqviewer.svg"
    for size in SIZES:
        out = ICON_DIR / f"eqviewer-{size}.png"
        render(svg, size, out)
        print(f"{out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
