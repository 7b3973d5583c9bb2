"""Import measured on variants of every sample, by the field each text belongs in.

The corpus is built here from the four transcribed sample reports and the
built-in samples and variants: each draft is exported under every value of
each of its template's choice options (the forms the outline allows: task
headings or 任务（一） labels, a short or full name in the title, fixed or
continued numbering …) and imported back. A text counts only in the field it
belongs in, group rows included, so a task read as a project is lost.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from testkit import corpus
from testkit.import_samples import (
    SAMPLES,
    extracted,
    field_texts,
    figure_values,
    placed_share,
    template_of,
    truth,
)

from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.scoresheet.scoring import score_draft as score_sheet_of
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.errors import UserError
from fulian_desktop.importing import groups
from fulian_desktop.importing.importer import import_report
from fulian_desktop.render.docx import write_docx

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _drafts() -> list[tuple[str, Draft]]:
    found = [(name, truth(name)) for name in SAMPLES]
    for path in sorted(TEMPLATES.glob("*/sample.draft.json")) + sorted(
        TEMPLATES.glob("*/variants/*.draft.json")
    ):
        found.append(
            (
                path.relative_to(TEMPLATES).with_suffix("").as_posix(),
                Draft.from_json(path.read_text("utf-8")),
            )
        )
    return found


DRAFTS = dict(_drafts())


def _template(draft: Draft) -> Template:
    return default_registry().get(draft.template_id)


def _variants() -> list[tuple[str, str, str]]:
    """(draft, option, value) for every choice value other than the draft's own."""
    out = []
    for name, draft in DRAFTS.items():
        template = _template(draft)
        options = {**template.option_defaults(), **draft.options}
        for option in template.options:
            if option.kind != "choice":
                continue
            out += [(name, option.id, v) for v in option.choices if v != options.get(option.id)]
    return out


def _document_text(template: Template, draft: Draft) -> str:
    """The document's words, numbers and table cells, without white space."""
    parts = []
    for block in compose(template, draft, final=True).blocks:  # no （未填写） holes
        parts += [str(cell) for row in getattr(block, "rows", []) for cell in row]
        parts += [str(getattr(block, "number", "") or ""), str(getattr(block, "text", ""))]
    return "".join("".join(parts).split())


def _printed(template: Template, draft: Draft) -> bool:
    """Whether every text of the draft is in its document (an option may leave a
    group out, e.g. task_list: projects prints no tasks: nothing to read back)."""
    plain = _document_text(template, draft)
    half = plain.translate(str.maketrans(",;:?!()", "，；：？！（）"))
    return all(t in plain or t in half for t in field_texts(template, draft).values())


def _round_trip(template: Template, draft: Draft, folder: Path) -> Draft:
    path = folder / "report.docx"
    write_docx(compose(template, draft), path)
    return import_report(path, template).draft


@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_every_sample_and_variant_comes_back_in_its_own_fields(name: str, tmp_path: Path) -> None:
    draft = DRAFTS[name]
    template = _template(draft)
    got = _round_trip(template, draft, tmp_path)
    share, shares = placed_share(template, draft, got)
    assert share >= 0.95, {k: round(v, 2) for k, v in shares.items() if v < 0.95}
    want = {**template.option_defaults(), **draft.options}
    assert {k: got.options.get(k) for k in want if got.options.get(k) != want[k]} == {}
    assert got.unit.name == draft.unit.name
    if draft.unit.short_name and draft.options.get("title_name") == "short":
        assert got.unit.short_name == draft.unit.short_name


@pytest.mark.parametrize(("name", "option", "value"), _variants())
def test_each_outline_form_of_each_sample_imports_by_field(
    name: str, option: str, value: str, tmp_path: Path
) -> None:
    base = DRAFTS[name]
    draft = base.model_copy(update={"options": {**base.options, option: value}}, deep=True)
    template = _template(draft)
    if not _printed(template, draft):
        pytest.skip(f"{option} = {value} leaves texts of this draft out of the report")
    got = _round_trip(template, draft, tmp_path)
    share, shares = placed_share(template, draft, got)
    assert share >= 0.95, {k: round(v, 2) for k, v in shares.items() if v < 0.95}
    # an option the document does not show (a short name in the title of a
    # draft without one) cannot be read back; one it shows must be
    if _document_text(template, draft) != _document_text(template, base):
        assert got.options.get(option) == value


def test_the_measure_counts_a_row_in_the_wrong_group_as_lost() -> None:
    draft = truth("000_panyu_2021")
    template = template_of(draft)
    moved = draft.model_copy(deep=True)
    tasks = moved.values.pop("tasks")
    moved.values["projects"] = [{"name": t["statement"], "result": t["result"]} for t in tasks]
    share, shares = placed_share(template, draft, moved)
    assert share < 0.8  # the tasks are a quarter of this report's text
    assert all(v == 0 for k, v in shares.items() if k.startswith("tasks["))
    assert placed_share(template, draft, draft)[0] == 1.0


# -- items as headings ---------------------------------------------------------


def test_project_items_do_not_start_at_chinese_serials() -> None:
    template = default_registry().get("gz-dept-overall")
    projects = groups.reader_for(template, template.field("projects"))
    assert projects.start is not None
    assert projects.start.match("1.妇女儿童发展规划项目")
    assert not projects.start.match("一、悟思想，深化政治引领")
    tasks = groups.reader_for(template, template.field("tasks"))
    assert tasks.start is not None and tasks.start.match("任务（二）：开展宣讲")
    assert tasks.heading_start is not None and tasks.heading_body == "result"


def test_heading_items_take_their_serials_in_order() -> None:
    template = default_registry().get("gz-dept-overall")
    reader = groups.reader_for(template, template.field("tasks"))
    paragraphs = [
        "一、悟思想，深化政治引领",
        "全年开展宣讲126场。",
        "一、这是完成情况里的小标题，不是下一项任务",  # out of order: text of task 1
        "二、强服务，推进家庭教育",
        "建成指导站11个。",
    ]
    items, used, options = groups.read_items(reader, paragraphs, set())
    assert [i["statement"] for i in items] == ["悟思想，深化政治引领", "强服务，推进家庭教育"]
    assert "这是完成情况里的小标题" in items[0]["result"]
    assert used == {0, 1, 2, 3, 4}
    assert options == {"task_style": "headings"}


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("7", 7)],
)
def test_serial_values(text: str, value: int) -> None:
    assert groups.serial_value(text) == value


@pytest.mark.parametrize("text", ["", "百", "十十", "一二", "三百"])
def test_what_is_not_a_small_serial(text: str) -> None:
    assert groups.serial_value(text) is None


def test_an_item_glued_to_the_paragraph_before_is_cut_off_at_its_start() -> None:
    # a PDF line that was exactly full: the next task's label was joined on
    template = default_registry().get("gz-dept-overall")
    reader = groups.reader_for(template, template.field("tasks"))
    glued = "完成情况：规划得到有效执行，在广州市排名前列。任务（三）：大力推动家庭教育工作。"
    assert groups.split_at_starts(reader, [glued, "", "任务（一）：不变"]) == [
        "完成情况：规划得到有效执行，在广州市排名前列。",
        "任务（三）：大力推动家庭教育工作。",
        "",
        "任务（一）：不变",
    ]
    # a label inside a sentence (no sentence end before it) is not a start
    inline = "按照任务（三）：的要求推进。"
    assert groups.split_at_starts(reader, [inline]) == [inline]


def _sheet(template: Template, draft: Draft) -> tuple:
    """What the printed 绩效自评表 says: every row's words and figures, the
    budget block, the total and the grade."""
    result = score_sheet_of(template, draft)
    rows = [
        (r.raw["level1"], r.raw["level2"], r.raw["name"], r.kind, r.target, r.actual,
         r.raw["unit"], r.weight, r.score, r.raw["grade"], r.raw["reason"].strip())
        for r in result.rows
    ]  # fmt: skip
    budget = result.budget
    block = (budget.initial, budget.adjusted, budget.executed, budget.score) if budget else None
    return rows, block, result.total, result.grade


@pytest.mark.parametrize(
    "name", [n for n, d in DRAFTS.items() if d.scoresheet.get("rows") and "/" in n]
)
def test_the_attachment_comes_back_into_the_table(name: str, tmp_path: Path) -> None:
    draft = DRAFTS[name]
    template = _template(draft)
    got = _round_trip(template, draft, tmp_path)
    assert got.unplaced == []
    if not template.scoresheet.print.attach:
        # the outline prints no table (三水's 红皮书): nothing comes back, nothing made up
        assert _sheet(template, got)[0] == []
        return
    assert _sheet(template, got) == _sheet(template, draft)


# -- the same reports as other producers and authors make them -----------------


@pytest.mark.parametrize("form", sorted(corpus.FORMS))
@pytest.mark.parametrize(
    "name", [*SAMPLES, "gz-dept-overall/variants/short-title-task-headings.draft"]
)
def test_each_word_form_of_each_sample_imports_by_field(
    name: str, form: str, tmp_path: Path
) -> None:
    draft = DRAFTS[name]
    template = _template(draft)
    path = corpus.write_form(template, draft, form, tmp_path / f"{form}.docx")
    got = import_report(path, template).draft
    share, shares = placed_share(template, draft, got)
    assert share >= 0.95, {k: round(v, 2) for k, v in shares.items() if v < 0.95}
    assert "删去的旧表述" not in "".join(map(str, got.values.values())) + "".join(got.unplaced)
    want = {**template.option_defaults(), **draft.options}
    assert {k: got.options.get(k) for k in want if got.options.get(k) != want[k]} == {}


# -- the same text as Notepad, WPS and other systems save it --------------------

#: how the text is written: encoding, line end, and a € (GBK's 0x80 in cp936)
ENCODINGS = {
    "utf-8": ("utf-8", "\n"),
    "utf-8-bom": ("utf-8-sig", "\n"),
    "gbk-euro": ("gbk", "\r\n"),
    "gb18030": ("gb18030", "\r\n"),
    "utf-16-bom": ("utf-16", "\r\n"),
    "utf-16le-no-bom": ("utf-16-le", "\n"),
    "old-mac-cr": ("utf-8", "\r"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("name", SAMPLES)
def test_each_text_encoding_of_each_sample_imports_by_field(
    name: str, encoding: str, tmp_path: Path
) -> None:
    codec, newline = ENCODINGS[encoding]
    text = extracted(name)
    if encoding == "gbk-euro":  # a figure written with the euro sign the clerk pasted from Excel
        text = text.replace("\n", "\n（备注：汇率按1EURO计）\n", 1)
    path = tmp_path / f"{name}.txt"
    # Windows' code page 936 writes € as 0x80, which Python's gbk cannot encode
    # (and, like Notepad, a "?" for what GBK cannot hold, such as ®)
    data = text.replace("\n", newline).encode(codec, errors="replace")
    path.write_bytes(data.replace(b"EURO", b"\x80"))
    draft = truth(name)
    template = template_of(draft)
    got = import_report(path, template).draft
    share, shares = placed_share(template, draft, got)
    assert share >= 0.95, {k: round(v, 2) for k, v in shares.items() if v < 0.95}


def test_big5_is_refused_not_read_as_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    traditional = extracted("000_panyu_2021")[:600]
    table = str.maketrans(
        "门区妇联会报告预算执行绩效与项目资金发展儿童家庭",
        "門區婦聯會報告預算執行績效與項目資金發展兒童家庭",
    )
    path.write_bytes(traditional.translate(table).encode("big5", errors="ignore"))
    with pytest.raises(UserError) as refused:
        import_report(path, template_of(truth("000_panyu_2021")))
    assert "Big5" in str(refused.value) or "繁体" in str(refused.value)


# -- the same reports printed to PDF by LibreOffice and by Chromium --------------

PDF_CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "corpus"


def _same_figure(a: object, b: object) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return a == b


@pytest.mark.parametrize("path", sorted(PDF_CORPUS.glob("*.pdf")), ids=lambda p: p.name)
def test_each_pdf_of_each_sample_imports_by_field(path: Path) -> None:
    """tools/make_import_corpus.py made these: the exported report printed by
    LibreOffice (running header, — N — page numbers), the sample's text printed
    by Chromium (its radical code points for 广 门 …) and by ReportLab as report
    systems on the web write it (STSong-Light, not embedded)."""
    name = path.name.split(".")[0]
    draft = truth(name)
    template = template_of(draft)
    got = import_report(path, template).draft
    share, shares = placed_share(template, draft, got)
    assert share >= 0.95, {k: round(v, 2) for k, v in shares.items() if v < 0.95}
    want, have = figure_values(template, draft), figure_values(template, got)
    assert {k: (v, have.get(k)) for k, v in want.items() if not _same_figure(v, have.get(k))} == {}
    # what is not in its field is kept for the clerk in 未归类内容, never dropped
    # (counted as characters: 未归类 entries come after the fields)
    everything = Counter("".join(field_texts(template, got).values()) + "".join(got.unplaced))
    expected = Counter("".join(field_texts(template, draft).values()))
    kept = sum(min(n, everything[c]) for c, n in expected.items())
    assert kept / sum(expected.values()) >= 0.99


def test_an_item_text_that_starts_with_a_number_keeps_it(tmp_path: Path) -> None:
    # "任务（一）：1.教育、引导…": the serial （一） is the item's, the 1. is the text's
    draft = truth("000_panyu_2021")
    path = tmp_path / "report.txt"
    path.write_text(extracted("000_panyu_2021"), encoding="utf-8")
    got = import_report(path, template_of(draft)).draft
    assert got.items("tasks")[0]["statement"].startswith("1.教育")
    assert ["".join(t["statement"].split()) for t in got.items("tasks")] == [
        "".join(t["statement"].split()) for t in draft.items("tasks")
    ]
