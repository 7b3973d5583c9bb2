"""设置: unit identity defaults, the export folder, and the document's fonts.

The font part says which of the document's fonts this PC lacks and lets the
clerk name a replacement per role (e.g. 仿宋 for 仿宋_GB2312). Replacements go
into every export, so the dialog says so plainly; an empty box keeps the
standard font.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.errors import UserError
from fulian_desktop.render.styles import load_profile
from fulian_desktop.settings import Settings
from fulian_desktop.ui.fonts import check_profile_fonts, installed_families

#: Roles of the style profile, as the clerk knows them (in document order).
ROLE_CN = {
    "title": "标题",
    "label": "附件标签",
    "h1": "一级标题（一、）",
    "h2": "二级标题（（一））",
    "h3": "三级标题（1.）",
    "h4": "四级标题（（1））",
    "body": "正文",
    "table": "表格",
    "caption": "表格说明",
    "note": "注释",
    "signature": "落款",
    "cover": "封面",
    "marker": "标记",
    "page_number": "页码",
    "latin": "西文和数字",
}


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("设置"))
        self.resize(640, 640)
        s = ctx.settings

        unit = QGroupBox(self.tr("新建报告时预先填入的单位信息"))
        form = QFormLayout(unit)
        self.unit_name = QLineEdit(s.unit_name)
        self.filler = QLineEdit(s.filler)
        self.position = QLineEdit(s.position)
        self.phone = QLineEdit(s.phone)
        form.addRow(self.tr("单位全称"), self.unit_name)
        form.addRow(self.tr("填表人"), self.filler)
        form.addRow(self.tr("职务"), self.position)
        form.addRow(self.tr("联系电话"), self.phone)

        self.editor_font = QSpinBox()
        self.editor_font.setRange(8, 28)
        self.editor_font.setSuffix(self.tr(" 磅"))
        self.editor_font.setValue(s.editor_font_pt)
        self.editor_font.setToolTip(self.tr("也可以在填写时按住 Ctrl 键滚动鼠标滚轮调整"))
        form.addRow(self.tr("填写区文字大小"), self.editor_font)

        export = QGroupBox(self.tr("导出文档默认保存到"))
        row = QHBoxLayout(export)
        self.export_folder = QLineEdit(s.export_folder)
        self.export_folder.setPlaceholderText(self.tr("（“文档”文件夹）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.export_folder, 1)
        row.addWidget(browse)

        fonts = QGroupBox(self.tr("文档字体"))
        box = QVBoxLayout(fonts)
        explain = QLabel(
            self.tr(
                "导出的文档按公文格式（GB/T 9704）使用下列字体。留空即使用标准字体；"
                "如本机和报送单位都没有某个字体，可以在此换成其他字体，以后导出的文档都会使用。"
            )
        )
        explain.setWordWrap(True)
        self.font_warning = QLabel()
        self.font_warning.setWordWrap(True)
        self.font_warning.setStyleSheet("color: #8a4b00;")
        box.addWidget(explain)
        box.addWidget(self.font_warning)
        families = sorted(installed_families())
        standard = load_profile().fonts
        self.font_boxes: dict[str, QComboBox] = {}
        font_form = QFormLayout()
        for role, label in ROLE_CN.items():
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItem("")
            combo.addItems(families)
            combo.lineEdit().setPlaceholderText(getattr(standard, role))
            combo.setCurrentText(s.font_overrides.get(role, ""))
            combo.currentTextChanged.connect(self._update_font_warning)
            self.font_boxes[role] = combo
            font_form.addRow(label, combo)
        inner = QWidget()
        inner.setLayout(font_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box.addWidget(scroll, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(unit)
        layout.addWidget(export)
        layout.addWidget(fonts, 1)
        layout.addWidget(buttons)
        self._update_font_warning()

    def _browse(self) -> None:
        folder = self.choose_folder(self, self.export_folder.text())
        if folder:
            self.export_folder.setText(folder)

    @classmethod
    def choose_folder(cls, parent: QWidget | None, start: str) -> str:
        return QFileDialog.getExistingDirectory(parent, "导出文档默认保存到", start)

    def font_overrides(self) -> dict[str, str]:
        return {
            r: c.currentText().strip()
            for r, c in self.font_boxes.items()
            if c.currentText().strip()
        }

    def _update_font_warning(self) -> None:
        try:
            profile = load_profile(overrides={"fonts": self.font_overrides()})
        except UserError as exc:
            self.font_warning.setText(str(exc))
            return
        text = check_profile_fonts(profile)
        self.font_warning.setText(text or self.tr("文档用到的字体本机都已安装。"))

    def edited_settings(self) -> Settings:
        """The settings as edited (raises UserError for an impossible value)."""
        data = self.ctx.settings.model_dump()
        data.update(
            unit_name=self.unit_name.text(),
            filler=self.filler.text(),
            position=self.position.text(),
            phone=self.phone.text(),
            export_folder=self.export_folder.text(),
            font_overrides=self.font_overrides(),
            editor_font_pt=self.editor_font.value(),
        )
        try:
            return Settings.model_validate(data)
        except ValueError as exc:
            raise UserError(f"设置有误：{exc}") from exc

    def apply(self) -> bool:
        """Keep the edited settings and write them if they changed; True when written."""
        self.ctx.settings = self.edited_settings()
        return self.ctx.save_settings()

    def accept(self) -> None:
        try:
            self.apply()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("设置"), str(exc))
            return
        super().accept()

    @classmethod
    def open_for(cls, parent: QWidget | None, ctx: AppContext) -> bool:
        """Show the dialog; True when saved (tests replace this)."""
        return cls(ctx, parent).exec() == QDialog.DialogCode.Accepted
