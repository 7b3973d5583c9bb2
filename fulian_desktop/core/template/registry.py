"""Finding templates: the built-in folder and the user's templates folder.

A template that fails to load is kept as a TemplateError in ``broken`` and
never stops the others from loading: the application starts with the rest.
A user template with the same id as a built-in one takes its place when its
version is newer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fulian_desktop.core.template.loading import TemplateError, load_template
from fulian_desktop.core.template.model import Template

log = logging.getLogger(__name__)

TEMPLATE_FILE = "template.yaml"
SAMPLE_FILE = "sample.draft.json"  # a plain Draft JSON (Draft.to_dict())


@dataclass
class TemplateEntry:
    template: Template
    folder: Path
    builtin: bool

    @property
    def sample_path(self) -> Path | None:
        path = self.folder / SAMPLE_FILE
        return path if path.exists() else None


@dataclass
class Registry:
    entries: dict[str, TemplateEntry] = field(default_factory=dict)
    broken: list[TemplateError] = field(default_factory=list)

    def get(self, template_id: str) -> Template:
        try:
            return self.entries[template_id].template
        except KeyError:
            raise KeyError(template_id) from None

    def templates(self) -> list[Template]:
        return [e.template for e in sorted(self.entries.values(), key=lambda e: e.template.id)]

    def __contains__(self, template_id: str) -> bool:
        return template_id in self.entries


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def load_registry(folders: list[tuple[Path, bool]]) -> Registry:
    """Load every ``<folder>/<id>/template.yaml``; folders are (path, builtin)."""
    registry = Registry()
    for root, builtin in folders:
        if not root.is_dir():
            continue
        for path in sorted(root.glob(f"*/{TEMPLATE_FILE}")):
            try:
                template = load_template(path)
            except TemplateError as exc:
                log.warning("template not loaded: %s", exc)
                registry.broken.append(exc)
                continue
            current = registry.entries.get(template.id)
            if current and _version_key(current.template.version) >= _version_key(template.version):
                continue
            registry.entries[template.id] = TemplateEntry(template, path.parent, builtin)
    return registry


def default_registry() -> Registry:
    """Built-in templates plus the user's own folder."""
    from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR, app_paths

    return load_registry([(BUILTIN_TEMPLATES_DIR, True), (app_paths().user_templates, False)])
