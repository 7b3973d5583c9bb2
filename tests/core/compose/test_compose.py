"""compose(): template + draft → the document model the DOCX and preview read."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulian_desktop.core.compose.composer import (
    ANCHOR_COVER,
    ANCHOR_SIGNOFF,
    BLANK_DATE,
    MISSING,
    compose,
    default_file_name,
    safe_file_name,
)
from fulian_desktop.core.compose.document import Box, CoverEnd, PageBreak, Paragraph, Table
from fulian_desktop.core.draft.model import Draft, SignOff, UnitIdentity
from fulian_desktop.core.template.loading import load_template, parse_template
from fulian_desktop.core.template.registry import SAMPLE_FILE, TEMPLATE_FILE
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR


def outline() -> dict:
    """A small Guangzhou-like outline exercising every body item."""
    return {
        "id": "mini",
        "version": "1",
        "name": "部门整体支出绩效自评报告",
        "title": "{{ unit.name }}{{ report_year }}年部门整体支出绩效自评报告",
        "attachment_label": "{% if label_style == 'zc' %}附件2{% endif %}",
        "options": [
            {
                "id": "label_style",
                "label": "标题式样",
                "choices": {"py": "番禺", "zc": "增城"},
                "default": "py",
            },
            {"id": "show_table", "label": "收支表", "kind": "bool", "default": False},
        ],
        "sections": [
            {
                "id": "basic",
                "title": "基本情况",
                "sections": [
                    {
                        "id": "overview",
                        "title": "部门概况",
                        "fields": [
                            {
                                "id": "overview_text",
                                "kind": "longtext",
                                "label": "概况",
                                "required": True,
                            }
                        ],
                    },
                    {
                        "id": "goals",
                        "title": "绩效目标",
                        "optional": True,
                        "default_on": False,
                        "fields": [{"id": "goals_text", "kind": "longtext", "label": "目标"}],
                    },
                    {
                        "id": "money",
                        "title": "部门整体收支情况",
                        "fields": [
                            {"id": "spent", "kind": "money", "label": "总支出"},
                            {"id": "budget", "kind": "money", "label": "预算数"},
                        ],
                        "computed": [
                            {
                                "id": "rate",
                                "label": "完成率",
                                "expr": "ratio(spent, budget)",
                                "format": "percent",
                            }
                        ],
                        "body": [
                            {
                                "sentence": "总支出{{ spent | money }}万元，预算完成率为{{ rate | percent }}。"
                            },
                            {"field": "budget"},
                            {
                                "table": {
                                    "caption": "单位：万元",
                                    "when": "show_table",
                                    "columns": [
                                        {"header": "项目", "value": ""},
                                        {"header": "金额", "value": "", "align": "right"},
                                    ],
                                    "rows": [["总支出", "{{ spent | money }}"]],
                                }
                            },
                        ],
                    },
                ],
            },
            {
                "id": "analysis",
                "title": "综合评价分析",
                "fields": [
                    {
                        "id": "tasks",
                        "kind": "group",
                        "label": "任务",
                        "item_label": "任务（{{ n | cn_number }}）",
                        "item_print": [
                            "{{ label }}：{{ item.task }}",
                            "完成情况：{{ item.result }}",
                        ],
                        "fields": [
                            {"id": "task", "kind": "text", "label": "任务"},
                            {"id": "result", "kind": "longtext", "label": "完成情况"},
                        ],
                    },
                    {
                        "id": "projects",
                        "kind": "group",
                        "label": "项目",
                        "item_table": {
                            "caption": "单位：万元",
                            "columns": [
                                {"header": "序号", "value": "{{ n }}", "width": 0.5},
                                {"header": "项目", "value": "{{ item.name }}", "width": 3},
                                {
                                    "header": "金额",
                                    "value": "{{ item.amount | money }}",
                                    "align": "right",
                                },
                            ],
                            "total_row": ["合计", "", "{{ projects_total | money }}"],
                        },
                        "fields": [
                            {"id": "name", "kind": "text", "label": "名称"},
                            {"id": "amount", "kind": "money", "label": "金额"},
                        ],
                    },
                ],
                "computed": [
                    {"id": "projects_total", "label": "合计", "expr": "sum(projects.amount)"}
                ],
                "sections": [
                    {
                        "id": "problems",
                        "title": "存在问题",
                        "fields": [{"id": "problems_text", "kind": "longtext", "label": "问题"}],
                    },
                    {
                        "id": "next",
                        "title": "改进措施",
                        "fields": [{"id": "next_text", "kind": "longtext", "label": "措施"}],
                    },
                ],
            },
            {
                "id": "summary",
                "title": "自评总结",
                "numbered": False,
                "body": [{"text": "（请扼要介绍本单位年度工作完成情况。）", "role": "note"}],
                "sections": [
                    {
                        "id": "s1",
                        "title": "年度目标任务完成情况概述。",
                        "fields": [{"id": "s1_text", "kind": "longtext", "label": "概述"}],
                    },
                    {
                        "id": "s2",
                        "title": "存在主要问题及原因分析。",
                        "fields": [{"id": "s2_text", "kind": "longtext", "label": "问题"}],
                    },
                ],
            },
        ],
        "signoff_block": {
            "pledge": "本单位承诺提供的绩效信息数据真实有效，并对呈送的所有材料及后果负责。",
            "lines": ["单位主要领导（签名）：{{ signoff_by }}", "单位公章："],
        },
    }


def red_book() -> dict:
    data = outline()
    data["cover"] = {
        "label": "附件 2",
        "title": "{{ unit.name }}绩效自评报告 (红皮书)",
        "lines": [
            {"label": "单位名称（公章）", "value": "{{ unit.name }}"},
            {"label": "填表人姓名及职务", "value": "{{ unit.filler }} {{ unit.position }}"},
            {"label": "填表日期", "value": "{{ unit.fill_date | date_cn }}"},
        ],
        "office": "佛山市三水区绩效管理工作领导小组办公室编制",
        "date": "{{ unit.fill_date | month_cn }}",
    }
    data["instructions"] = {
        "items": ["请认真阅读此说明后，由专人填写。", "2、封面上方“编号”代码框不填。"]
    }
    return data


def a_draft(**values) -> Draft:
    base = {
        "overview_text": "区妇联是……\n\n  一是加强思想引领。\n二是深化家庭文明建设。",
        "spent": "701.5",
        "budget": "732.44",
        "tasks": [
            {"task": "实施妇女儿童发展规划。", "result": "已基本达标。"},
            {"task": "推动家庭教育工作。", "result": "任务整体完成较好。"},
        ],
        "projects": [
            {"name": "妇女之家", "amount": "0.48"},
            {"name": "基层组织经费", "amount": "44.6"},
        ],
        "problems_text": "绩效管理制度不完善。",
        "next_text": "一是设立绩效管理制度。",
        "s1_text": "完成各项目标。",
        "s2_text": "无",
    }
    base.update(values)
    return Draft(
        template_id="mini",
        unit=UnitIdentity(
            name="某区妇女联合会",
            year=2021,
            filler="黄某",
            position="办事员",
            fill_date=date(2021, 12, 29),
        ),
        values=base,
    )


def headings(doc) -> list[str]:
    return [b.full_text for b in doc.blocks if isinstance(b, Paragraph) and b.role.startswith("h")]


def test_title_numbering_and_body():
    doc = compose(parse_template(outline()), a_draft())
    assert doc.title == "某区妇女联合会2021年部门整体支出绩效自评报告"
    assert doc.author == "某区妇女联合会" and doc.subject == "部门整体支出绩效自评报告"
    assert doc.draft_marker and doc.custom_properties == {
        "template_id": "mini",
        "template_version": "1",
    }
    first = doc.flat_blocks()[0]
    assert isinstance(first, Paragraph) and first.role == "title" and first.anchor == "@title"
    assert headings(doc) == [
        "一、基本情况",
        "（一）部门概况",
        "（二）部门整体收支情况",
        "二、综合评价分析",
        "（一）存在问题",
        "（二）改进措施",
        "自评总结",
        "一、年度目标任务完成情况概述。",
        "二、存在主要问题及原因分析。",
        "单位主要领导意见",
    ]
    roles = {b.full_text: b.role for b in doc.blocks if isinstance(b, Paragraph)}
    assert roles["一、基本情况"] == "h1" and roles["（一）部门概况"] == "h2"
    assert roles["自评总结"] == "h1" and roles["一、年度目标任务完成情况概述。"] == "h1"
    text = doc.text()
    # long text: one paragraph a line, blank lines dropped, stripped
    assert "区妇联是……\n一是加强思想引领。\n二是深化家庭文明建设。" in text
    assert "总支出701.5万元，预算完成率为95.78%。" in text
    assert "预算数：732.44" in text  # a scalar named in the body
    # group: label used by item_print is not printed on its own
    assert "任务（一）：实施妇女儿童发展规划。\n完成情况：已基本达标。\n任务（二）：" in text
    assert "（请扼要介绍本单位年度工作完成情况。）" in text
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1  # the option-guarded table is off by default
    assert tables[0].rows == [
        ["序号", "项目", "金额"],
        ["1", "妇女之家", "0.48"],
        ["2", "基层组织经费", "44.6"],
        ["合计", "", "45.08"],
    ]
    assert tables[0].caption == "单位：万元" and tables[0].widths == [0.5, 3, 1.0]
    assert tables[0].align == ["left", "left", "right"]
    # every block says where it came from
    assert all(b.anchor for b in doc.blocks)
    anchors = {b.full_text: b.anchor for b in doc.blocks if isinstance(b, Paragraph)}
    assert anchors["完成情况：已基本达标。"] == "analysis"
    assert anchors["绩效管理制度不完善。"] == "problems"


def test_optional_section_switched_on_takes_a_number_and_off_renumbers():
    template = parse_template(outline())
    draft = a_draft(goals_text="全年目标。")
    assert "（二）绩效目标" not in headings(compose(template, draft))
    draft.sections["goals"] = True
    names = headings(compose(template, draft))
    assert names[1:4] == ["（一）部门概况", "（二）绩效目标", "（三）部门整体收支情况"]
    draft.sections["goals"] = False
    assert headings(compose(template, draft))[2] == "（二）部门整体收支情况"


def test_numbering_levels_three_and_four():
    data = outline()
    data["sections"][0]["sections"][0]["sections"] = [
        {
            "id": "deep",
            "title": "职责",
            "fields": [{"id": "deep_text", "kind": "longtext", "label": "x"}],
            "sections": [
                {"id": "deeper", "title": "细项", "fields": []},
                {"id": "deeper2", "title": "细项二", "fields": []},
            ],
        }
    ]
    doc = compose(parse_template(data), a_draft())
    names = headings(doc)
    assert names[2:5] == ["1.职责", "（1）细项", "（2）细项二"]
    roles = {b.full_text: b.role for b in doc.blocks if isinstance(b, Paragraph)}
    assert roles["1.职责"] == "h3" and roles["（1）细项"] == "h4"


def test_option_switches_label_and_table():
    template = parse_template(outline())
    draft = a_draft()
    draft.options.update(label_style="zc", show_table=True)
    doc = compose(template, draft)
    assert doc.flat_blocks()[0] == Paragraph("附件2", "label", anchor="@title", keep_next=True)
    assert doc.flat_blocks()[2].role == "title"  # 附件2 on line 1, the title on line 3
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.anchor == "money")
    assert table.rows == [["项目", "金额"], ["总支出", "701.5"]]


def test_expression_condition_on_a_table():
    data = outline()
    data["sections"][0]["sections"][2]["body"][2]["table"]["when"] = "spent > 1000"
    template = parse_template(data)
    assert not any(
        b.anchor == "money" for b in compose(template, a_draft()).blocks if isinstance(b, Table)
    )
    doc = compose(template, a_draft(spent="1200"))
    assert any(b.anchor == "money" for b in doc.blocks if isinstance(b, Table))


def test_empty_required_text_shows_a_hole_only_in_drafts():
    template = parse_template(outline())
    draft = a_draft(overview_text="  \n ")
    assert MISSING in compose(template, draft).text()
    final = compose(template, draft, final=True)
    assert MISSING not in final.text() and not final.draft_marker
    assert "（一）部门概况\n（二）部门整体收支情况" in final.text()


def test_empty_sentence_and_group_print_nothing():
    data = outline()
    data["sections"][0]["sections"][2]["body"][0] = {
        "sentence": "{% if spent %}总支出{{ spent }}。{% endif %}"
    }
    doc = compose(parse_template(data), a_draft(spent="", tasks=[], projects=[]), final=True)
    text = doc.text()
    assert "总支出" not in text and "任务（" not in text
    assert not any(isinstance(b, Table) for b in doc.blocks)


def test_group_label_printed_alone_when_item_print_does_not_use_it():
    data = outline()
    group = data["sections"][1]["fields"][0]
    group["item_print"] = ["{{ item.task }}"]
    text = compose(parse_template(data), a_draft()).text()
    assert "任务（一）\n实施妇女儿童发展规划。\n任务（二）\n推动家庭教育工作。" in text


def test_unparsed_figure_prints_as_typed():
    text = compose(parse_template(outline()), a_draft(budget="7o1.5")).text()
    assert "预算数：7o1.5" in text


def test_snippet_error_is_visible_not_raised(caplog):
    data = outline()
    data["sections"][0]["sections"][2]["body"][0] = {"sentence": "{{ spent | money(1, 2, 3) }}"}
    template = parse_template(data)
    doc = compose(template, a_draft())
    bad = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.startswith("【模板错误：")]
    assert bad and bad[0].anchor == "money"
    assert "snippet failed" in caplog.text


def test_signoff_block_unsigned_and_signed():
    template = parse_template(outline())
    draft = a_draft()
    doc = compose(template, draft)
    block = [b for b in doc.blocks if isinstance(b, Paragraph) and b.anchor == ANCHOR_SIGNOFF]
    assert [(b.role, b.full_text) for b in block] == [
        ("h1", "单位主要领导意见"),
        ("body", "本单位承诺提供的绩效信息数据真实有效，并对呈送的所有材料及后果负责。"),
        ("signature", "单位主要领导（签名）："),
        ("signature", "单位公章："),
        ("signature", BLANK_DATE),
    ]
    assert block[-1].align == "right" and block[2].align == "left"
    draft.status = "signed_off"
    draft.signoff = SignOff(by="张某", date=date(2022, 1, 5))
    doc = compose(template, draft, final=True)
    texts = [
        b.full_text for b in doc.blocks if isinstance(b, Paragraph) and b.anchor == ANCHOR_SIGNOFF
    ]
    assert texts[-3:] == ["单位主要领导（签名）：张某", "单位公章：", "2022年1月5日"]


def test_cover_and_instructions():
    template = parse_template(red_book())
    doc = compose(template, a_draft())
    end = next(i for i, b in enumerate(doc.blocks) if isinstance(b, CoverEnd))
    cover = doc.blocks[: end + 1]
    assert all(b.anchor == ANCHOR_COVER for b in cover)
    assert cover[0] == Paragraph("附件 2", "label", anchor=ANCHOR_COVER)
    boxes = [b.cells for b in cover if isinstance(b, Box)]
    assert boxes == [["年度", "2021"], ["编号", ""]]
    texts = [(b.role, b.text) for b in cover if isinstance(b, Paragraph)]
    assert ("title", "某区妇女联合会绩效自评报告 (红皮书)") in texts
    assert ("cover", "单位名称（公章）：某区妇女联合会") in texts
    assert ("cover", "填表人姓名及职务：黄某 办事员") in texts
    assert ("cover", "填表日期：2021年12月29日") in texts
    assert texts[-2:] == [
        ("cover", "佛山市三水区绩效管理工作领导小组办公室编制"),
        ("cover", "2021年12月"),
    ]
    # the cover fits one page: its spacers and lines stay within 22 lines
    lines = sum(getattr(b, "lines", 1) for b in cover if not isinstance(b, CoverEnd))
    assert lines <= 22
    # the 说明 page follows, numbered, then a page break; no second title
    rest = doc.blocks[end + 1 :]
    brk = next(i for i, b in enumerate(rest) if isinstance(b, PageBreak))
    notes = [b.text for b in rest[:brk] if isinstance(b, Paragraph)]
    assert notes == ["说明", "1、请认真阅读此说明后，由专人填写。", "2、封面上方“编号”代码框不填。"]
    after = [b for b in rest[brk + 1 :] if isinstance(b, Paragraph)]
    assert after[0].full_text == "一、基本情况"


def test_control_characters_and_surrogates_are_cleaned():
    draft = a_draft(overview_text="甲\x00乙\x0b丙\ud800丁\ufffe", s1_text="a\tb")
    doc = compose(parse_template(outline()), draft)
    assert "甲乙\n丙丁" in doc.text()


def test_default_file_name():
    template = parse_template(outline())
    draft = a_draft()
    assert default_file_name(template, draft) == "某区妇女联合会2021年部门整体支出绩效自评报告.docx"
    draft.unit.name = 'A/B:C*?"<>|'
    assert default_file_name(template, draft) == "A_B_C______2021年部门整体支出绩效自评报告.docx"
    draft.unit.name, draft.unit.year = "", None
    assert default_file_name(template, draft) == "部门整体支出绩效自评报告.docx"
    assert safe_file_name("CON") == "报告CON"
    assert safe_file_name("报告. ") == "报告"
    assert safe_file_name("") == "报告"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_typed_text_composes(text):
    template = parse_template(outline())
    doc = compose(
        template, a_draft(overview_text=text, s2_text=text, tasks=[{"task": text, "result": text}])
    )
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert "\n" not in block.full_text
            assert not any(0xD800 <= ord(c) <= 0xDFFF for c in block.full_text)


def test_long_draft_composes_fast():
    template = parse_template(outline())
    paragraph = (
        "区妇联紧紧围绕党的十九大精神，努力推动全区妇女儿童工作取得了新成效。" * 10
    )  # 350 字
    long_text = "\n".join([paragraph] * 23)  # ~8,000 字 each, four of them ~32,000
    draft = a_draft(
        overview_text=long_text, problems_text=long_text, next_text=long_text, s1_text=long_text
    )
    compose(template, draft)  # warm the snippet cache
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        doc = compose(template, draft)
    per_compose = (time.perf_counter() - start) / runs
    assert len(doc.text()) > 30_000
    print(f"compose of {len(doc.text())} characters: {per_compose * 1000:.2f} ms")


# -- the built-in templates ------------------------------------------------------


def builtin_folders() -> list[Path]:
    if not BUILTIN_TEMPLATES_DIR.is_dir():
        return []
    return sorted(p for p in BUILTIN_TEMPLATES_DIR.iterdir() if (p / TEMPLATE_FILE).exists())


@pytest.mark.parametrize("folder", builtin_folders(), ids=lambda p: p.name)
def test_builtin_sample_composes(folder: Path):
    template = load_template(folder / TEMPLATE_FILE)
    draft = Draft.from_json((folder / SAMPLE_FILE).read_text(encoding="utf-8"))
    doc = compose(template, draft)
    text = doc.text()
    assert "【模板错误" not in text
    assert "None" not in text
    assert doc.title and doc.title in text.replace("\n", "") or template.cover is not None
    heads = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role.startswith("h")]
    assert heads and heads[0].number in ("一、", "")
    final = compose(template, draft, final=True)
    assert not final.draft_marker and MISSING not in final.text()


def test_missing_figures_never_print_none():
    """An empty draft composes without the word None anywhere (year, figures)."""
    from fulian_desktop.core.template.registry import default_registry

    for template in default_registry().templates():
        draft = Draft(template_id=template.id, template_version=template.version)
        assert "None" not in compose(template, draft).text(), template.id
