"""Bad input gets one clear Chinese message and leaves the store unchanged;
the command line stores a draft or writes a file; 作为往年报告 moves figures
to last year's values."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from testkit.import_samples import template_of, truth, write_noisy_docx, write_text

from fulian_desktop import cli
from fulian_desktop.errors import UserError
from fulian_desktop.importing import readers, source
from fulian_desktop.importing.cleanup import join_lines, strip_page_furniture
from fulian_desktop.importing.importer import as_last_year, import_blocks, import_report
from fulian_desktop.importing.readers import read_source
from fulian_desktop.importing.source import Block


def _message(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_source(path)
    return str(caught.value)


def test_encrypted_docx_is_refused(tmp_path: Path) -> None:
    # Office writes a password-protected .docx as an OLE file with an EncryptionInfo stream
    path = tmp_path / "加密.docx"
    path.write_bytes(source._CFB_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    assert "设置了打开密码" in _message(path)


def test_old_word_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "旧.doc"
    path.write_bytes(source._CFB_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    message = _message(path)
    assert ".doc" in message and "另存为 .docx" in message


def test_damaged_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "坏.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")  # no content types, broken XML
    path.write_bytes(buffer.getvalue())
    assert "可能已损坏" in _message(path)
    truncated = tmp_path / "截断.docx"
    good = write_noisy_docx("003_ziyang_2021", tmp_path).read_bytes()
    truncated.write_bytes(good[: len(good) // 2])
    assert "Word 文档" in _message(truncated)


def test_zip_bomb_docx_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert "压缩比异常" in _message(path)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    path = tmp_path / "扫描件.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "这是扫描件，没有文字层，无法导入" in _message(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    assert "PDF" in _message(path)


def test_other_kinds_empty_and_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picture = tmp_path / "照片.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "不是可以导入的文件" in _message(picture)
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    assert "是空的" in _message(empty)
    huge = tmp_path / "大.txt"
    with huge.open("wb") as fh:  # sparse: no disk space used
        fh.truncate(readers.MAX_IMPORT_BYTES + 1)
    assert "太大" in _message(huge)
    assert "不是文件" in _message(tmp_path)


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "记事本.txt"
    path.write_bytes("一、基本情况\n（一）部门概况\n本单位内设机构2个。\n".encode("gb18030"))
    assert "部门概况" in read_source(path).pages[0]


def test_page_furniture_and_broken_lines() -> None:
    pages = [
        "某某区妇联2021年报告\n一、基本情况\n本单位今年完成了全部工作任务，各项\n指标均达到要求。\n— 1 —",
        "某某区妇联2021年报告\n二、存在的问题\n暂无。\n- 2 -",
        "某某区妇联2021年报告\n三、下一步措施\n继续努力。\n3",
    ]
    text = strip_page_furniture(pages)
    assert "报告" not in text and "—" not in text and "\n3" not in text
    assert join_lines(text) == [
        "一、基本情况",
        "本单位今年完成了全部工作任务，各项指标均达到要求。",
        "二、存在的问题",
        "暂无。",
        "三、下一步措施",
        "继续努力。",
    ]


def test_nothing_is_lost_paragraphs_without_a_place_are_kept() -> None:
    name = "003_ziyang_2021"
    template = template_of(truth(name))
    blocks = [
        Block("资阳区妇联2021年整体绩效自评报告"),
        Block("（本报告经党组会议审议）"),  # before any heading: no section takes it
        Block("二、部门专项资金组织实施情况"),
        Block("本部分说明专项资金的组织实施。"),  # a parent section has no text field
        Block("（二）专项资金管理情况"),
        Block("2021年，资阳区妇联严格按照年初预算使用专项经费。"),
    ]
    result = import_blocks(blocks, template, "手写.txt")
    assert result.draft.unplaced == ["（本报告经党组会议审议）", "本部分说明专项资金的组织实施。"]
    assert result.draft.values["special_mgmt_text"].startswith("2021年，资阳区妇联严格")
    assert result.summary().endswith("2 段未归类，0 个数字已读出")


def test_headings_tolerate_short_titles_skipped_numbers_and_missing_levels() -> None:
    template = template_of(truth("000_panyu_2021"))
    blocks = [
        Block("1. 基本情况"),  # another numbering style
        Block("(一) 概况"),  # a short title
        Block("本单位内设三个部室，联系区级女性社会组织4个。"),
        Block("（五）部门整体绩效管理"),  # numbering skips, title shortened
        Block("按季度监督预算执行情况。"),
        Block("自评结论综述"),  # the 二、 level is missing
        Block("自评得分为92.5分，总体完成较好。"),  # prose: read with the mention rules
        Block("四、存在的主要问题和原因"),  # a longer title
        Block("部分活动因疫情延期。"),
    ]
    result = import_blocks(blocks, template, "变体.txt")
    draft = result.draft
    assert draft.values["overview_text"].startswith("本单位内设三个部室")
    assert draft.values["perf_mgmt_text"] == "按季度监督预算执行情况。"
    assert draft.values["conclusion_text"] == "自评得分为92.5分，总体完成较好。"
    assert draft.values["score"] == "92.5" and "score" in draft.unconfirmed
    assert draft.values["problems_text"] == "部分活动因疫情延期。"
    assert draft.sections["improvements"] is False and draft.unplaced == []


def test_as_last_year_keeps_texts_and_moves_figures(tmp_path: Path) -> None:
    name = "002_zengcheng_2022"
    template = template_of(truth(name))
    result = as_last_year(import_report(write_text(name, tmp_path), template))
    draft = result.draft
    assert draft.unit.year == 2023 and draft.unit.name == "广州市增城区妇女联合会"
    assert draft.last_year["budget_total"] == "749.56"
    assert draft.last_year["rate_project_stated"] == "91.69"
    assert not any(k in draft.values for k in ("budget_total", "exec_total", "rate_total_stated"))
    assert draft.values["overview_text"].startswith("广州市增城区妇女联合会主要职责如下")
    projects = draft.items("projects")
    assert [p["name"] for p in projects][2] == "妇联基层组织经费"
    assert all("funds_total" not in p for p in projects)
    assert draft.unconfirmed == []


def _drafts(capsys: pytest.CaptureFixture[str]) -> str:
    cli.main(["drafts", "list"])
    return capsys.readouterr().out


def test_command_stores_the_draft_and_prints_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_text("000_panyu_2021", tmp_path)
    assert cli.main(["import-report", str(path)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "使用模板 gz-dept-overall" in out[0]
    assert "0 段未归类" in out[1]
    draft_id = out[-1]
    assert cli.main(["validate", draft_id]) in (0, 1)
    assert "广州市番禺区妇女联合会" in _drafts(capsys)


def test_command_writes_a_draft_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_text("001_sanshui_2021", tmp_path)
    out = tmp_path / "draft.json"
    code = cli.main(
        ["import-report", str(path), "--template", "fs-sanshui-redbook", "-o", str(out)]
    )
    assert code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["template_id"] == "fs-sanshui-redbook" and data["values"]["problems_text"] == "无"
    assert data["unit"]["phone"] == "87712335"
    assert "还没有草稿" in _drafts(capsys)


def test_command_bad_input_is_one_line_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as fh:
        writer.write(fh)
    assert cli.main(["import-report", str(scan), "--template", "gz-dept-overall"]) != 0
    err = capsys.readouterr().err
    assert "这是扫描件，没有文字层，无法导入" in err and len(err.strip().splitlines()) == 1
    assert cli.main(["import-report", str(scan), "--template", "no-such"]) != 0
    assert "还没有草稿" in _drafts(capsys)


def test_tables_give_figures_and_group_rows() -> None:
    zengcheng = template_of(truth("002_zengcheng_2022"))
    blocks = [
        Block("（三）部门整体收支情况"),
        Block("单位：万元"),
        Block("支出类别\t预算数\t执行数\t完成率", table=True),
        Block("基本支出\t581.01\t579.81\t99.79%", table=True),
        Block("项目支出\t168.54\t154.53\t91.69%", table=True),
        Block("合计\t749.56\t734.33\t97.97%", table=True),
        Block("其他说明\t见附件", table=True),  # a row no table of the template holds
    ]
    draft = import_blocks(blocks, zengcheng, "表格.docx").draft
    assert (draft.values["budget_basic"], draft.values["exec_project"]) == ("581.01", "154.53")
    assert (draft.values["budget_total"], draft.values["exec_total"]) == ("749.56", "734.33")
    assert draft.values["rate_basic_stated"] == "99.79"
    # the section's only text is the labelled 绩效目标: the row waits in 未归类内容
    assert draft.unplaced == ["其他说明　见附件"] and "perf_goal" not in draft.values
    ziyang = template_of(truth("003_ziyang_2021"))
    blocks = [
        Block("（一）专项资金支出情况"),
        Block("序号\t项目\t金额", table=True),
        Block("1\t妇女节活动\t2.17", table=True),
        Block("2\t防癌、防艾宣传\t4.41", table=True),
        Block("\t合计\t6.58", table=True),
    ]
    result = import_blocks(blocks, ziyang, "表格.docx")
    assert result.draft.values["expense_items"] == [
        {"name": "妇女节活动", "amount": "2.17"},
        {"name": "防癌、防艾宣传", "amount": "4.41"},
    ]
    assert "expense_items[1].amount" in result.draft.unconfirmed and result.unplaced == []


def test_pdf_with_an_open_password_is_refused_and_one_without_opens(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from testkit.import_samples import PDF_FIXTURE

    writer = PdfWriter(clone_from=PdfReader(PDF_FIXTURE))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    locked = tmp_path / "加密.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    assert "设置了打开密码" in _message(locked)
    # "no editing" only (empty open password), as many published PDFs are: it opens
    writer = PdfWriter(clone_from=PdfReader(PDF_FIXTURE))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    printable = tmp_path / "只读.pdf"
    with printable.open("wb") as fh:
        writer.write(fh)
    assert read_source(printable).kind == "pdf"


def test_a_tongbi_sentence_gives_last_years_figure_too() -> None:
    """A template sentence with a 同比 part (H17's last_year) reads both years."""
    from fulian_desktop.core.template.model import Template

    # model_validate only: whether snippets may read last_year is the template
    # checks' business (issue 17); the importer reads what the sentence prints
    template = Template.model_validate(
        {
            "id": "tongbi-test",
            "version": "1",
            "name": "测试报告",
            "title": "{{ unit.name }}{{ unit.year }}年测试报告",
            "sections": [
                {
                    "id": "money",
                    "title": "收支情况",
                    "fields": [
                        {"id": "exec_total", "kind": "money", "label": "总支出"},
                        {"id": "money_text", "kind": "longtext", "label": "说明"},
                    ],
                    "body": [
                        {
                            "sentence": "{{ unit.year }}年总支出{{ exec_total | money }}万元"
                            "{% if last_year.exec_total %}，上年为{{ last_year.exec_total | money }}"
                            "万元{% endif %}。"
                        },
                        {"field": "money_text"},
                    ],
                }
            ],
        }
    )
    with_last = import_blocks(
        [Block("一、收支情况"), Block("2022年总支出734.33万元，上年为701.5万元。本年压减会议费。")],
        template,
    ).draft
    assert with_last.values["exec_total"] == "734.33" and with_last.last_year == {
        "exec_total": "701.5"
    }
    assert with_last.values["money_text"] == "本年压减会议费。"
    without = import_blocks(
        [Block("一、收支情况"), Block("2022年总支出734.33万元。")], template
    ).draft
    assert without.values["exec_total"] == "734.33" and without.last_year == {}
