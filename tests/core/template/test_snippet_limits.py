"""Hostile or mistaken snippets never hang and never fill memory (issue 15, class 1).

Each attack must end in a SnippetError (a template problem the window and the
command line report) after a bounded amount of work, both when the template
loads (jinja folds constant expressions while compiling) and when a sentence
is rendered. Work is bounded by the sandbox's step counter, memory is checked
with tracemalloc; no clock.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from fulian_desktop.core.template import sandbox, snippets

MEMORY_BOUND = 64 * 1024 * 1024  # bytes; the attacks below asked for gigabytes

#: name → snippet. Loops and recursion (work), and operators, filters, methods
#: and captured blocks that build huge values (memory).
ATTACKS = {
    "nested range loops": "{% for i in range(999) %}{% for j in range(999) %}{% endfor %}{% endfor %}",
    "nested loops over a big range": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "huge power": "{{ 9 ** 99999999 }}",
    "power of a power": "{{ (2 ** 4000) ** 4000 }}",
    "lipsum": "{{ lipsum(n=1000000) }}",
    "text times a billion": "{{ 'x' * 10**9 }}",
    "list times a billion": "{{ [1, 2] * 10**9 }}",
    "repeated squaring": "{% set x = 2 ** 4000 %}{% set x = x * x %}{% set x = x * x %}{{ x }}",
    "recursive macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "macro fan-out": (
        "{% macro m(n) %}{% if n < 40 %}{{ m(n + 1) }}{{ m(n + 1) }}{% endif %}{% endmacro %}"
        "{{ m(0) }}"
    ),
    "center filter": "{{ 'x' | center(1000000000) }}",
    "indent filter": "{{ 'x\\ny' | indent(1000000000) }}",
    "format filter": "{{ '%999999999d' | format(1) }}",
    "percent formatting": "{{ '%0999999999d' % 1 }}",
    "str.format width": "{{ '{:>999999999}'.format(1) }}",
    "ljust method": "{{ 'x'.ljust(1000000000) }}",
    "zfill method": "{{ '1'.zfill(1000000000) }}",
    "replace growth": "{{ ('x' * 100000) | replace('x', 'xxxxxxxxxx') }}",
    "join growth": "{{ (['y' * 100000] * 100) | join('') }}",
    "concat doubling": "{% set s = 'x' * 100000 %}{{ s ~ s ~ s ~ s }}",
    "captured block doubling": (
        "{% set a = 'x' * 100000 %}"
        + "{% set a %}{{ a }}{{ a }}{% endset %}" * 12
        + "{{ a | length }}"
    ),
    "macro output growth": (
        "{% macro m(s) %}{% for i in range(1000) %}{{ s }}{% endfor %}{% endmacro %}"
        "{{ m('x' * 100000) | length }}"
    ),
    "recursive loop": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "deep parentheses": "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "huge int literal": "{{ " + "9" * 5000 + " }}",
    "very long snippet": "{{ 1 }}" + "x" * 100_000,
}


def _bounded(fn: Callable[[], object]) -> int:
    """Run fn under tracemalloc; return the peak bytes it allocated."""
    tracemalloc.start()
    try:
        fn()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("source", ATTACKS.values(), ids=ATTACKS.keys())
def test_hostile_snippet_fails_with_a_message_within_budget(source: str) -> None:
    caught: list[snippets.SnippetError] = []

    def attack() -> None:
        try:
            snippets.undeclared_variables(source)  # what loading a template does
            snippets.render(source, {})
        except snippets.SnippetError as exc:
            caught.append(exc)

    peak = _bounded(attack)
    assert caught, "the snippet must be refused"
    message = str(caught[0])
    assert "\n" not in message and len(message) < 300
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MiB"


def test_loading_never_folds_a_huge_constant() -> None:
    # jinja evaluates constant expressions while compiling: at load time
    for source in ("{{ 'x' * 10**9 }}", "{{ 9 ** 99999999 }}", "{{ 'x' | center(10**9) }}"):
        peak = _bounded(lambda s=source: _names_or_error(s))
        assert peak < MEMORY_BOUND


def _names_or_error(source: str) -> None:
    try:
        snippets.undeclared_variables(source)
    except snippets.SnippetError:
        pass


def test_lipsum_is_gone_and_range_is_small() -> None:
    assert "lipsum" in snippets.undeclared_variables("{{ lipsum() }}")  # unknown name
    with pytest.raises(snippets.SnippetError, match="range"):
        snippets.render("{% for i in range(5000) %}{% endfor %}", {})
    assert snippets.render("{% for i in range(3) %}{{ i }}{% endfor %}", {}) == "012"


def test_a_sentence_listing_many_rows_still_prints() -> None:
    # the budget grows with the lists in the draft: 20,000 rows is a big
    # report, not an attack
    rows = [{"name": f"项目{i}", "amount": i} for i in range(20_000)]
    source = "{% for it in rows %}{{ it.name }}{{ it.amount }}万元；{% endfor %}"
    text = snippets.render(source, {"rows": rows})
    assert text.startswith("项目0")
    assert text.count("万元") == min(20_000, text.count("；"))
    assert len(text) >= snippets.MAX_OUTPUT  # cut at the output bound, not refused


def test_ordinary_snippets_render_as_before() -> None:
    context = {"unit": {"name": "某区妇联", "year": 2022}, "total": 701.5, "items": [1, 2, 3]}
    cases = {
        "{{ unit.name }}{{ unit.year }}年": "某区妇联2022年",
        "{{ total | money }}万元": "701.5万元",
        "{% for i in items %}{{ i }}{% if not loop.last %}、{% endif %}{% endfor %}": "1、2、3",
        "{{ (items | sum) * 2 }}": "12",
        "{{ 'a' ~ 'b' }}{{ 3 - 1 }}{{ 7 // 2 }}{{ 7 % 4 }}{{ 2 ** 10 }}": "ab2331024",
        "{{ unit.name | length }}{{ unit.name[:2] }}{{ ' x '.strip() }}": "4某区x",
        "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}{{ m(2) }}": "[1][2]",
        "{{ items | join('、') }}{{ items | map('string') | join }}": "1、2、3123",
    }
    for source, expected in cases.items():
        assert snippets.render(source, context) == expected, source


def test_one_pass_shares_a_budget_across_its_snippets() -> None:
    # each sentence stays under the per-snippet budget, but a pass (compose,
    # validation) over thousands of them stops: a template cannot multiply
    # its work by repeating a sentence
    heavy = "{% for i in range(300) %}{% for j in range(300) %}{% endfor %}{% endfor %}"
    context: dict = {}
    context[sandbox.PASS_KEY] = sandbox.pass_budget(context)
    rendered = failed = 0
    for _ in range(100):
        try:
            snippets.render(heavy, context)
            rendered += 1
        except snippets.SnippetError as exc:
            assert "整份报告" in str(exc)
            failed += 1
    budget = context[sandbox.PASS_KEY]
    assert rendered >= 1 and failed >= 1
    assert budget.steps <= sandbox.PASS_STEPS + sandbox.MAX_STEPS + 100 * 2
