"""The application context: one explicit object with what the windows need.

git-cola passes an ``ApplicationContext`` to every widget instead of reaching
for module-level singletons; we do the same. ``AppContext`` holds the folders,
the settings, the template registry and the draft store, plus the notices the
clerk should read once at start (read-only fallback, a repaired database,
templates that did not load). Nothing here imports Qt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.core.template.registry import Registry, default_registry
from fulian_desktop.errors import UserError
from fulian_desktop.paths import AppPaths, app_paths
from fulian_desktop.settings import Settings, load_settings, save_settings
from fulian_desktop.storage import journal
from fulian_desktop.storage.records import DraftInfo, RevisionInfo
from fulian_desktop.storage.store import Store

log = logging.getLogger(__name__)

#: The built-in sample that ``gui --sample`` (``make run``) opens.
SAMPLE_TEMPLATE = "gz-dept-overall"


def sample_draft_id(template_id: str) -> str:
    """The fixed draft id a template's sample gets in the store (so it is imported once)."""
    return f"sample-{template_id}"


def broken_template_notice(problem: Exception) -> str:
    """One Chinese line for a template that did not load (details are in the log)."""
    path = getattr(problem, "path", None)
    where = f"“{Path(path).parent.name}”" if path else ""
    return f"报告模板{where}有错误，暂时不能使用（其他模板不受影响）。详情：{problem}"


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    registry: Registry
    store: Store
    #: Messages for the clerk, shown once when the window opens.
    notices: list[str] = field(default_factory=list)
    closed: bool = False
    #: (draft id, revision) recovered at start from typing journals (storage/journal.py)
    recovered: list[tuple[str, RevisionInfo]] = field(default_factory=list)

    @classmethod
    def create(cls, read_only: bool = False, paths: AppPaths | None = None) -> AppContext:
        """Open everything. Another running copy makes the store read-only (with a
        notice); a broken template is listed, never fatal. A store that cannot be
        opened at all raises UserError (a StoreError) with a Chinese message."""
        paths = (paths or app_paths()).ensure()
        settings = load_settings(paths.settings_file)
        registry = default_registry()
        store = Store(paths, read_only=read_only)
        notices = list(store.notices)
        notices.extend(broken_template_notice(problem) for problem in registry.broken)
        recovered = journal.recover(store)
        return cls(paths, settings, registry, store, notices, recovered=recovered)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def save_settings(self) -> bool:
        """Write the settings if they changed; a failed write is logged, not fatal."""
        try:
            return save_settings(self.settings, self.paths.settings_file)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
            raise UserError(f"设置没有保存：无法写入设置文件（{exc}）。") from exc

    def save_settings_quietly(self) -> None:
        """At exit: save if changed; a failure is only logged."""
        try:
            self.save_settings()
        except UserError:
            pass

    def close(self) -> None:
        self.closed = True
        self.store.close()

    # -- new reports ----------------------------------------------------------
    def create_report(self, template_id: str, unit: UnitIdentity) -> DraftInfo:
        """A new draft of ``template_id`` for ``unit``, with the template's defaults."""
        template = self.registry.get(template_id)
        values: dict[str, str | list[dict[str, str]]] = {
            spec.id: spec.default for _, spec in template.all_fields() if spec.default
        }
        draft = Draft(
            template_id=template.id,
            template_version=template.version,
            unit=unit,
            values=values,
            options=template.option_defaults(),
        )
        info = self.store.create(draft, kind="manual", note="新建")
        if self.settings.last_template != template_id:
            self.settings.last_template = template_id
        return info

    def start_from_last_year(self, draft_id: str) -> DraftInfo:
        """Next year's draft from ``draft_id``, keeping the template's stable fields."""
        template_id = self.store.get(draft_id).template_id
        if template_id not in self.registry:
            raise UserError(f"本机没有这份草稿所用的报告模板“{template_id}”，无法结转。")
        template = self.registry.get(template_id)
        keep = template.stable_field_ids()
        return self.store.start_next_year(draft_id, keep, template.figure_field_ids())

    def template_name(self, template_id: str) -> str:
        """The template's name for lists ('' → the id, marked when missing here)."""
        entry = self.registry.entries.get(template_id)
        if entry is None:
            return f"{template_id}（本机没有此模板）"
        # Every outline is a 部门整体支出绩效自评报告: the region tells them apart.
        where = entry.template.region or entry.template.issuer
        return f"{where} · {entry.template.name}" if where else entry.template.name

    # -- the built-in sample ------------------------------------------------
    def sample_draft(self, template_id: str = SAMPLE_TEMPLATE) -> str:
        """The store's draft id of a template's sample, importing it the first time.

        The sample gets a fixed id, so later runs reopen the same draft (with the
        clerk's edits) instead of piling up copies.
        """
        draft_id = sample_draft_id(template_id)
        if self.store.exists(draft_id):
            if self.store.get(draft_id).in_recycle_bin and not self.read_only:
                self.store.undelete(draft_id)
            return draft_id
        if template_id not in self.registry:
            raise UserError(f"没有找到示例报告模板“{template_id}”。")
        sample = self.registry.entries[template_id].sample_path
        if sample is None:
            raise UserError(f"报告模板“{template_id}”没有附带示例草稿。")
        from fulian_desktop.core.draft.bounds import read_json
        from fulian_desktop.storage.files import read_file_bytes

        try:  # a user template's sample is a file from anywhere: read within bounds
            text = read_file_bytes(sample).decode("utf-8-sig")
            draft = Draft.from_dict(read_json(text).data)
        except (OSError, ValueError) as exc:
            raise UserError(f"示例草稿无法读取：{exc}") from exc
        self.store.create(draft, kind="import", note="内置示例", draft_id=draft_id)
        return draft_id
