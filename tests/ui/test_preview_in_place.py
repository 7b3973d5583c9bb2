"""The preview applies a typed change in place (ui/preview.py): the page it
shows then must be the very page a full load of the new HTML shows."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulian_desktop.core.compose.document import Document, PageBreak, Paragraph, Table
from fulian_desktop.ui.preview import Preview

# Characters Qt's HTML reading keeps, folds or drops: the in-place edit must
# either show them exactly as a load would, or load the page.
TRICKY = st.sampled_from(list("字文ab1。，&<> \n\t") + ["\u3000", "\xa0", "\u200b"])
PLAIN = st.sampled_from(list("字文ab1。，&<>"))
TEXT = st.one_of(st.text(PLAIN, min_size=1, max_size=12), st.text(TRICKY, max_size=12))
ROLES = st.sampled_from(["body", "h1", "h2", "title", "note", "label"])


def page(preview: Preview) -> list[tuple]:
    """Everything the page shows, block by block: text, user state, alignment,
    indent and each run's text and look (weight, fonts, size, colour, anchors)."""
    shown = []
    block = preview.document().begin()
    while block.isValid():
        runs = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            runs.append(
                (
                    fragment.text(),
                    fmt.fontWeight(),
                    tuple(fmt.fontFamilies() or ()),
                    fmt.fontPointSize(),
                    fmt.foreground().color().name(),
                    tuple(fmt.anchorNames()),
                    fmt.isAnchor(),
                )
            )
            it += 1
        fmt = block.blockFormat()
        shown.append(
            (block.text(), block.userState(), int(fmt.alignment()), fmt.textIndent(), runs)
        )
        block = block.next()
    return shown


def paragraphs(texts: list[str], roles: list[str], numbers: list[bool], bold: list[bool]):
    blocks = []
    for i, text in enumerate(texts):
        number = f"{i + 1}." if numbers[i % len(numbers)] else ""
        anchor = f"s{i // 2}"  # every other paragraph starts a section
        blocks.append(
            Paragraph(text, roles[i % len(roles)], number, bold=bold[i % len(bold)], anchor=anchor)
        )
    return blocks


def document(blocks) -> Document:
    return Document(
        title="t",
        blocks=[*blocks[:2], Table([["项目", "金额"], ["基本", "1.00"]]), PageBreak(), *blocks[2:]],
    )


def shown_after(first: Document | None, second: Document, qtbot) -> Preview:
    preview = Preview()
    qtbot.addWidget(preview)
    preview.resize(400, 300)
    if first is not None:
        preview.show_document(first)
    preview.show_document(second)
    return preview


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(TEXT, min_size=3, max_size=6),
    changes=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 14), st.integers(0, 3), TEXT)),
    roles=st.lists(ROLES, min_size=1, max_size=3),
    numbers=st.lists(st.booleans(), min_size=1, max_size=3),
    bold=st.lists(st.booleans(), min_size=1, max_size=3),
)
def test_a_change_in_place_shows_what_a_full_load_shows(
    qtbot, texts, changes, roles, numbers, bold
):
    edited = list(texts)
    for index, at, cut, insert in changes:  # typing: replace a stretch of one paragraph
        index %= len(edited)
        text = edited[index]
        at = min(at, len(text))
        edited[index] = text[:at] + insert + text[at + cut :]
    before = document(paragraphs(texts, roles, numbers, bold))
    after = document(paragraphs(edited, roles, numbers, bold))
    assert page(shown_after(before, after, qtbot)) == page(shown_after(None, after, qtbot))


def test_typing_in_a_paragraph_changes_it_in_place(qtbot):
    texts = ["第一段正文。", "第二段正文，较长一些。", "第三段。"]
    style = (["body", "h1"], [False, True], [False])
    preview = shown_after(None, document(paragraphs(texts, *style)), qtbot)
    typed = texts[1]
    for char in "新增的文字":
        typed = typed[:-1] + char + typed[-1]  # before the full stop, as a clerk types
        texts[1] = typed
        preview.show_document(document(paragraphs(texts, *style)))
    preview.show_document(document(paragraphs(texts, *style)))  # nothing changed
    assert preview.loads == 1
    assert page(preview) == page(shown_after(None, document(paragraphs(texts, *style)), qtbot))
    assert "第二段正文，较长一些新增的文字。" in preview.text()


def test_a_new_paragraph_or_style_loads_the_page(qtbot):
    texts = ["第一段正文。", "第二段正文。", "第三段。"]
    style = (["body"], [False], [False])
    preview = shown_after(None, document(paragraphs(texts, *style)), qtbot)
    preview.show_document(document(paragraphs([*texts, "第四段。"], *style)))
    assert preview.loads == 2
    preview.show_document(document(paragraphs([*texts, "第四段。"], ["h1"], [False], [False])))
    assert preview.loads == 3
    preview.show_message("预览暂时无法显示")
    preview.show_document(document(paragraphs(texts, *style)))
    assert preview.loads == 5
