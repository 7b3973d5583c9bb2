"""Draw the application icon (resources/fulian-desktop.png and .ico) with Qt.

Run once when the design changes: `.venv/bin/python tools/make_icon.py`.
A red seal-like square with 报 in white: it reads as "report" at 16 px.
"""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

OUT = Path(__file__).resolve().parent.parent / "resources"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#c0392b"))
    p.setPen(Qt.PenStyle.NoPen)
    margin = size * 0.06
    p.drawRoundedRect(
        QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18
    )
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(int(size * 0.62))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "报")
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    OUT.mkdir(exist_ok=True)
    draw(256).save(str(OUT / "fulian-desktop.png"))
    draw(256).save(str(OUT / "fulian-desktop.ico"))
    print("wrote", OUT / "fulian-desktop.png", OUT / "fulian-desktop.ico")
