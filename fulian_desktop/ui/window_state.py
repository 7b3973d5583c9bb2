"""The editing window's size and text size: fitted to the screen, remembered between runs.

A report window must fit the screen's *available* area (a 1366×768 laptop
loses 40 px or more to the taskbar), and a clerk who maximised it once gets it
maximised again. The form's text size follows ``Settings.editor_font_pt``; Ctrl
with the mouse wheel over the form changes it for all editors at once and the
new size is remembered.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QWidget

#: the size a report window would like on a large screen
PREFERRED = (1280, 800)
#: room for the window's title bar and frame, which ``resize`` does not count
FRAME_ALLOWANCE = (16, 40)
FONT_RANGE = (8, 28)


def available_area(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, area: QRect | None = None) -> None:
    """Size and place the window inside the screen's available area."""
    area = area or available_area(window)
    width = min(PREFERRED[0], area.width() - FRAME_ALLOWANCE[0])
    height = min(PREFERRED[1], area.height() - FRAME_ALLOWANCE[1])
    window.resize(max(width, 640), max(height, 480))
    left = area.x() + max(0, (area.width() - window.width() - FRAME_ALLOWANCE[0]) // 2)
    top = area.y() + max(0, (area.height() - window.height() - FRAME_ALLOWANCE[1]) // 2)
    window.move(left, top)


def restore_state(window: QWidget, settings: Any) -> None:
    """Fit the window, maximised when it was maximised last time."""
    fit_to_screen(window)
    if getattr(settings, "window_maximized", False):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember_state(window: QWidget, settings: Any) -> None:
    if settings is not None:
        try:
            settings.window_maximized = window.isMaximized()
        except ValueError:
            pass


def apply_editor_font(container: QWidget, points: int) -> None:
    """The form's text size, for every page and editor inside ``container``.

    A style sheet rather than setFont(): under the window's style sheet (the
    issue borders) Qt does not pass a parent's font on to its children.
    """
    container.setStyleSheet(f"QWidget {{ font-size: {points}pt; }}")


class FontZoom(QObject):
    """Ctrl+wheel over ``container`` (the form) makes its text bigger or smaller."""

    def __init__(self, container: QWidget, settings: Any) -> None:
        super().__init__(container)
        self.container = container
        self.settings = settings
        self.points = int(getattr(settings, "editor_font_pt", 12) or 12)
        apply_editor_font(container, self.points)

    def watch(self, page: QWidget) -> None:
        """Catch Ctrl+wheel on a page: line editors pass it up to the page's
        viewport (the long-text box asks ``step`` itself instead of zooming alone)."""
        page.installEventFilter(self)
        viewport = getattr(page, "viewport", None)
        if callable(viewport):
            viewport().installEventFilter(self)

    def step(self, delta: int) -> int:
        self.points = max(FONT_RANGE[0], min(FONT_RANGE[1], self.points + delta))
        apply_editor_font(self.container, self.points)
        if self.settings is not None:
            try:
                self.settings.editor_font_pt = self.points
            except ValueError:
                pass
        return self.points

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                delta = event.angleDelta().y()
                if delta:
                    self.step(1 if delta > 0 else -1)
                return True  # never scroll or zoom one box on its own
        return False
