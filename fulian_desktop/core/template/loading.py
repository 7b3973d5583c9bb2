"""Loading ``template.yaml``: read within limits, check against the models
(core/template/model.py), then the cross-references (core/template/checks.py).

A template file comes from office staff or another PC; every problem is
reported with the file and the place in the YAML, and a broken template raises
``TemplateError`` instead of stopping or hanging the program.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fulian_desktop.core.template.checks import check_references
from fulian_desktop.core.template.model import Template


class TemplateError(Exception):
    """A template file that cannot be used; ``problems`` holds one line each."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


def _location(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a pydantic error location into a readable YAML place, naming ids.

    ('sections', 0, 'sections', 2, 'fields', 1, 'kind') →
    sections[0 basic] > sections[2 finance] > fields[1 budget] > kind
    """
    parts: list[str] = []
    node = data
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(key, int):
            name = (
                node[key].get("id", "")
                if isinstance(node, list) and key < len(node) and isinstance(node[key], dict)
                else ""
            )
            parts[-1] = f"{parts[-1]}[{key}{' ' + name if name else ''}]" if parts else f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            # unions add the tag or member as a location step; skip it
            if (
                isinstance(node, dict)
                and key not in node
                and key in ("equal_sums", "length_cap", "check", *_BODY_KEYS)
            ):
                i += 1
                continue
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
        i += 1
    return " > ".join(parts) or "(top level)"


# ---------------------------------------------------------------------------
# Limits: a template file comes from office staff or another PC; a mistaken or
# hostile one is listed as broken with one line, and never stops or hangs the
# program (PyYAML and pydantic recurse, Python's int() refuses > 4300 digits).

MAX_TEMPLATE_BYTES = 1024 * 1024  # the largest built-in template is 16 KB
MAX_YAML_DEPTH = 40  # nested mappings and lists; the built-ins need 12
MAX_YAML_NODES = 200_000  # values after expanding aliases (*name)
MAX_NUMBER_DIGITS = 30  # digits of a number written in the YAML
MAX_SECTION_DEPTH = 8  # 一、（一）1.（1） needs 4


def _stat_regular(path: Path) -> int:
    """The file's size; refuse what is not a regular file before opening it
    (reading a named pipe would block forever)."""
    import stat

    try:
        info = path.stat()
    except OSError as exc:
        raise TemplateError(path, [f"cannot read the file: {exc.strerror or exc}"]) from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError(path, ["not a regular file (a folder, pipe or device): not read"])
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            path,
            [
                f"the file is {info.st_size / 1024 / 1024:.1f} MB, over the limit of "
                f"{MAX_TEMPLATE_BYTES // 1024 // 1024} MB for a template"
            ],
        )
    return info.st_size


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "(top level)"


def yaml_base() -> type:
    """libyaml's safe loader when PyYAML was built with it (the built-in
    templates parse in ~8 ms instead of ~80 ms: most of startup's template
    loading), else
    the pure-Python one. Both parse the same YAML 1.1 and build the data with
    the same Python constructor, so limits and results are the same."""
    try:
        from yaml import CSafeLoader
    except ImportError:  # PyYAML without libyaml
        from yaml import SafeLoader

        return SafeLoader
    return CSafeLoader


_TOO_DEEP = f"lists and mappings nested deeper than {MAX_YAML_DEPTH} levels"
#: libyaml's own nesting limit (1000 flow levels): its scanner reads a run of
#: ``[`` ahead before the first event reaches the depth check above
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _check_yaml_shape(text: str, path: Path, base: type | None = None) -> None:
    """Depth and size after aliases, from the event stream (which, unlike
    PyYAML's composer, does not recurse): a billion-laughs alias bomb or
    ``[`` nested 10,000 deep is refused before anything is built.

    ``base``: the loader class whose parser makes the events (``yaml_base()``)."""
    import yaml
    from yaml import events

    depth = 0
    total = 0
    starts: list[tuple[int, str | None]] = []  # node count at start, anchor
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=base or yaml_base()):
        if isinstance(event, events.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise TemplateError(path, [f"{_where(event.start_mark)}: {_TOO_DEEP}"])
            starts.append((total, event.anchor))
            total += 1
        elif isinstance(event, events.CollectionEndEvent):
            depth -= 1
            start, anchor = starts.pop()
            if anchor:
                sizes[anchor] = total - start
        elif isinstance(event, events.ScalarEvent):
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, events.AliasEvent):
            total += sizes.get(event.anchor or "", 1)
        if total > MAX_YAML_NODES:
            raise TemplateError(
                path,
                [
                    f"{_where(event.start_mark)}: more than {MAX_YAML_NODES} values once "
                    "aliases (*name) are expanded"
                ],
            )


@functools.cache
def _loader(base: type | None = None) -> type:
    """``base`` (a safe loader, ``yaml_base()`` by default) refusing numbers
    longer than MAX_NUMBER_DIGITS. One class per base, made once."""
    import yaml

    class TemplateLoader(base or yaml_base()):  # type: ignore[misc]
        def construct_yaml_int(self, node: Any) -> int:
            digits = sum(ch.isalnum() for ch in str(node.value))
            if digits > MAX_NUMBER_DIGITS:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"a number of {digits} digits is too long (at most {MAX_NUMBER_DIGITS})",
                    node.start_mark,
                )
            return super().construct_yaml_int(node)

    TemplateLoader.add_constructor("tag:yaml.org,2002:int", TemplateLoader.construct_yaml_int)
    return TemplateLoader


def _check_section_depth(data: dict[str, Any]) -> list[str]:
    """Sections nested deeper than MAX_SECTION_DEPTH, named by their YAML place
    (walked without recursion)."""
    pending: list[tuple[Any, int, str]] = [(data.get("sections"), 1, "sections")]
    while pending:
        sections, depth, where = pending.pop()
        if not isinstance(sections, list):
            continue
        for index, section in enumerate(sections):
            if not isinstance(section, dict):
                continue
            name = section.get("id", "")
            place = f"{where}[{index}{' ' + name if isinstance(name, str) and name else ''}]"
            if depth > MAX_SECTION_DEPTH:
                return [
                    f"{place}: sections nested deeper than {MAX_SECTION_DEPTH} levels "
                    "(一、（一）1.（1） are four)"
                ]
            pending.append((section.get("sections"), depth + 1, f"{place} > sections"))
    return []


#: body item member → the key that marks an item as that member
_BODY_KEYS = {
    "BodyField": "field",
    "BodyText": "text",
    "BodySentence": "sentence",
    "BodyTable": "table",
}


def _for_its_kind(loc: tuple[Any, ...], data: Any) -> bool:
    """Whether a body-item error belongs to the kind the item is (a table's
    error, not "field: Field required" from trying it as a BodyField)."""
    node = data
    for key in loc:
        if (
            isinstance(key, str)
            and key in _BODY_KEYS
            and not (isinstance(node, dict) and key in node)
        ):
            return isinstance(node, dict) and _BODY_KEYS[key] in node
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return True
    return True


def parse_template(data: Any, path: Path | str = "<template>") -> Template:
    """Check YAML data against the models and cross-references; raise TemplateError."""
    if not isinstance(data, dict):
        raise TemplateError(path, ["the file must be a YAML mapping (key: value lines) at the top"])
    too_deep = _check_section_depth(data)
    if too_deep:
        raise TemplateError(path, too_deep)
    try:
        template = Template.model_validate(data)
    except ValidationError as exc:
        errors = [e for e in exc.errors() if _for_its_kind(e["loc"], data)] or exc.errors()
        problems = [f"{_location(err['loc'], data)}: {err['msg']}" for err in errors]
        raise TemplateError(path, problems) from None
    problems = check_references(template)
    if problems:
        raise TemplateError(path, problems)
    return template


def load_template(path: Path, base: type | None = None) -> Template:
    """Read and check one template.yaml, within the limits above.

    ``base``: the YAML loader class to build on (tests compare libyaml's with
    the pure-Python one); default ``yaml_base()``."""
    import yaml

    _stat_regular(path)
    try:
        with path.open("rb") as fh:  # never more than the limit, even if it grew
            raw = fh.read(MAX_TEMPLATE_BYTES + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path, [f"cannot read the file: {exc}"]) from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(path, [f"the file grew over the limit of {MAX_TEMPLATE_BYTES} bytes"])
    try:
        base = base or yaml_base()
        _check_yaml_shape(text, path, base)
        data = yaml.load(text, Loader=_loader(base))  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if problem == _LIBYAML_TOO_DEEP:  # the same limit, said the same way
            raise TemplateError(path, [f"{_where(mark)}: {_TOO_DEEP}"]) from None
        raise TemplateError(path, [f"{where}not valid YAML: {problem}"]) from None
    except RecursionError:  # the depth check above should make this unreachable
        raise TemplateError(path, ["the YAML is nested too deeply"]) from None
    return parse_template(data, path)
