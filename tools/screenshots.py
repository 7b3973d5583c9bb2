"""Save PNGs of the start screen, the main dialogs and every page of every template.

Run under a display of 1366×768 (``make screenshots`` starts Xvfb):

    python tools/screenshots.py [FOLDER]      # default: docs/screenshots

It works in a throw-away data folder (FULIAN_HOME in a temp dir), imports each
built-in template's sample draft, and opens it in the editing window at
1366×768, one PNG per page (unit page and every section). Nothing in the
user's own folders is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    # windows-*.png come from `make windows-check` (the program under Wine), not from here
    for old in out.glob("*.png"):
        if not old.name.startswith("windows-"):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="fulian-shots-") as home:
        os.environ["FULIAN_HOME"] = home
        return shoot(out)


def shoot(out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QWidget

    from fulian_desktop.context import AppContext
    from fulian_desktop.ui.app import make_application
    from fulian_desktop.ui.dialogs.about import AboutDialog
    from fulian_desktop.ui.dialogs.history import HistoryDialog
    from fulian_desktop.ui.dialogs.new_report import NewReportDialog
    from fulian_desktop.ui.dialogs.settings import SettingsDialog
    from fulian_desktop.ui.main_window import MainWindow
    from fulian_desktop.ui.start_page import StartPage

    app = make_application()
    ctx = AppContext.create()
    saved: list[Path] = []

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    def save(widget: QWidget, name: str, size: tuple[int, int] | None = SIZE) -> None:
        if size:
            widget.resize(*size)
        widget.move(0, 0)
        widget.show()
        settle()
        path = out / f"{name}.png"
        # 256 colours: the same picture for UI text, a fifth of the bytes in git.
        image = (
            widget.grab()
            .toImage()
            .convertToFormat(
                QImage.Format.Format_Indexed8,
                Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither,
            )
        )
        if not image.save(str(path), "PNG", 0):
            raise SystemExit(f"could not write {path}")
        saved.append(path)

    try:
        samples = [
            (template.id, ctx.sample_draft(template.id))
            for template in ctx.registry.templates()
            if ctx.registry.entries[template.id].sample_path is not None
        ]
        ctx.settings.unit_name = "广州市番禺区妇女联合会"
        ctx.settings.filler = "李丽"
        start = StartPage(ctx)
        save(start, "00-start")
        save(NewReportDialog(ctx, start), "01-new-report", None)
        save(SettingsDialog(ctx, start), "02-settings", None)
        save(AboutDialog(ctx, start), "03-about", None)
        if samples:
            first = samples[0][1]
            ctx.store.save(first, ctx.store.open(first), kind="manual", note="核对数字后保存")
            save(HistoryDialog(ctx, samples[0][1], start), "04-history", None)
        shoot_import(ctx, start, save)
        shoot_sentences(ctx, save)
        start.close()
        for template_id, draft_id in samples:
            window = MainWindow(ctx, draft_id)
            for index, page in enumerate(window.navigator.all_pages()):
                window.show_page(page)
                save(window, f"{template_id}-{index:02d}-{page}")
            window.close()
            settle()
        shoot_help(out, save)
        for widget in QApplication.topLevelWidgets():
            widget.close()
    finally:
        ctx.close()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(saved)} screenshots in {out}")
    return 0


#: screenshots the built-in guide shows (copied into resources/help/img)
HELP_IMAGES = ("00-start", "01-new-report", "gz-dept-overall-04-finance", "04-history")


def shoot_help(out: Path, save) -> None:  # noqa: ANN001
    """帮助 › 使用说明 with fresh pictures, and the guide window itself."""
    import shutil

    from fulian_desktop.ui import help as help_guide

    if out == ROOT / "docs" / "screenshots":
        for name in HELP_IMAGES:
            shutil.copyfile(out / f"{name}.png", help_guide.GUIDE.parent / "img" / f"{name}.png")
    window = help_guide.show_help(None, "saving")
    save(window, "09-help", None)
    window.close()


def shoot_import(ctx, start, save) -> None:  # noqa: ANN001
    """基于往年报告 → 从 Word/PDF 文件导入: the dialog, and the 未归类内容 page after it."""
    from fulian_desktop.importing.importer import import_blocks, read_blocks
    from fulian_desktop.importing.source import Block
    from fulian_desktop.ui.main_window import MainWindow
    from fulian_desktop.ui.report_import import ImportReportDialog
    from fulian_desktop.ui.unplaced_page import UNPLACED_PAGE

    fixtures = ROOT / "tests" / "fixtures" / "import"
    name, blocks = read_blocks(fixtures / "002_zengcheng_2022.extracted.txt")
    save(ImportReportDialog(ctx, name, blocks, start), "05-import-report", None)
    # the 资阳 report with two paragraphs no section takes (as a clerk's file may have)
    name, blocks = read_blocks(fixtures / "003_ziyang_2021.extracted.txt")
    blocks.insert(1, Block("（本报告已经区妇联党组会议审议通过）"))
    spending = next(i for i, b in enumerate(blocks) if b.text.endswith("专项资金组织实施情况"))
    blocks.insert(spending + 1, Block("本部分按区财政局通知要求填写，数据截至2021年12月31日。"))
    result = import_blocks(blocks, ctx.registry.get("hn-ziyang-overall"), name)
    info = ctx.store.create(result.draft, kind="import", note=f"从“{name}”导入")
    window = MainWindow(ctx, info.id)
    window.show_page(UNPLACED_PAGE)
    save(window, "06-import-unplaced")
    window.close()


def shoot_sentences(ctx, save) -> None:  # noqa: ANN001
    """A generated sentence she rewrote, then a figure changed (warning, 重新生成);
    a figure in her own paragraph that differs from the form (its words selected)."""
    from fulian_desktop.core.compose import sentences
    from fulian_desktop.ui.main_window import MainWindow

    # a copy of the sample: the page screenshots after this one show the sample as shipped
    draft = ctx.store.open(ctx.sample_draft("gz-dept-overall"))
    template = ctx.registry.get("gz-dept-overall")
    section = next(s for s, _ in template.walk() if s.id == "key_task")
    (generated,) = sentences.generate(template, draft, section)
    draft.sentences[generated.key] = sentences.rewrite(
        generated, "全年预期发放创业担保贷款150万元，实际发放156万元，超额完成年度目标。"
    )
    draft.values.update({"key_expected": "152", "key_rate_stated": "102.63"})
    draft.values["conclusion_text"] = "全年预算数为871.15万元。" + draft.text("conclusion_text")
    window = MainWindow(ctx, ctx.store.create(draft).id)
    window.refresh()
    window.go_to_issue(next(i for i in window.issues if i.code == "sentence_stale"))
    save(window, "07-rewritten-sentence")
    window.go_to_issue(next(i for i in window.issues if i.code == "mention"))
    save(window, "08-figure-in-prose")
    window.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
