"""A snippet's source is parsed once per process.

Loading a template checks every snippet's variables (``undeclared_variables``);
rendering (``render_cached``), composition and the sentence figures ask for
the same sources again. They share one memo, so startup parses each once.
Errors stay what they were, every time they are asked for.
"""

from __future__ import annotations

from collections import Counter

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.registry import SAMPLE_FILE, TEMPLATE_FILE
from fulian_desktop.core.template.sandbox import BoundedEnvironment

TEMPLATES = REPO_ROOT / "templates"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Sources parsed for their variables from now on (the memos start empty)."""
    counted: Counter[str] = Counter()
    parse = BoundedEnvironment.parse

    def counting(self: BoundedEnvironment, source: str, *args: object, **kwargs: object):  # noqa: ANN202
        counted[source] += 1
        return parse(self, source, *args, **kwargs)

    monkeypatch.setattr(BoundedEnvironment, "parse", counting)
    snippets._parsed.cache_clear()
    snippets._reads.cache_clear()
    snippets._OUTCOMES.clear()
    return counted


def test_loading_and_rendering_parse_each_source_once(parses: Counter[str]) -> None:
    folder = TEMPLATES / "gz-dept-overall"
    template = load_template(folder / TEMPLATE_FILE)
    at_load = sum(parses.values())
    assert at_load > 20  # the check parsed the template's snippets
    draft = Draft.from_json((folder / SAMPLE_FILE).read_text(encoding="utf-8"))
    compose(template, draft)
    validate(template, draft)
    assert max(parses.values()) == 1, [s for s, n in parses.items() if n > 1]


def test_an_error_is_the_same_every_time(parses: Counter[str]) -> None:
    source = "{{ budget | money( }}"
    messages = []
    for _ in range(2):
        with pytest.raises(snippets.SnippetError) as caught:
            snippets.undeclared_variables(source)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "line 1" in messages[0]
    assert parses[source] == 1
    assert snippets._reads(source) is None  # rendering reports it instead
    assert snippets.render_cached(source, {}, False)[1]


def test_a_recursive_loop_is_refused_every_time(parses: Counter[str]) -> None:
    source = "{% for x in items recursive %}{{ loop(x) }}{% endfor %}"
    for _ in range(2):
        with pytest.raises(snippets.SnippetError, match="recursive"):
            snippets.undeclared_variables(source)


def test_too_long_a_source_is_refused_before_the_memo(parses: Counter[str]) -> None:
    from fulian_desktop.core.template.sandbox import MAX_SOURCE

    source = "{{ a }}" + "x" * MAX_SOURCE
    with pytest.raises(snippets.SnippetError, match="太长"):
        snippets.undeclared_variables(source)
    assert parses[source] == 0


def test_the_caller_gets_its_own_set(parses: Counter[str]) -> None:
    names = snippets.undeclared_variables("{{ a }}{{ b }}")
    names.discard("a")
    assert snippets.undeclared_variables("{{ a }}{{ b }}") == {"a", "b"}
