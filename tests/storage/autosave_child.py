"""Writer processes for the kill test, forked fresh for every kill.

Run as a script this is a small fork server: it imports the storage package
and the draft model once (the expensive part of starting Python), then for
every "go" line on stdin forks one fresh writer process and prints
``pid <n>``. The server itself never opens the store, a database or the lock,
so every writer starts from a clean slate, exactly like a new program would;
after the test kills the writer, the server reaps it and prints ``dead <wait status>``.

Each writer opens the store, prints ``ready``, then autosaves in a tight loop
and prints ``rev <id> <kind> <sha256>`` after each commit. Lines go straight
to the pipe with one os.write each (no buffering), so a printed line means a
committed revision.
"""

from __future__ import annotations

import os
import sys

from fulian_desktop.core.draft import Draft
from fulian_desktop.storage.store import Store


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def writer() -> None:
    store = Store()
    if store.read_only:
        _say("error: store is read-only: another writer is alive")
        return
    drafts = store.list_drafts()
    if drafts:
        draft_id, draft = drafts[0].id, store.open(drafts[0].id)
    else:
        draft = Draft(template_id="gz-dept-overall", template_version="1")
        draft.unit.name = "广州市番禺区妇女联合会"
        draft.values["overview"] = "部门概况：" + "妇女儿童工作。" * 3000
        draft_id = store.create(draft).id
    _say("ready")
    n = 0
    while True:
        n += 1
        draft.values["counter"] = f"{os.getpid()}-{n}"
        draft.values["tail"] = "修改" * (n % 97)
        kind = "manual" if n % 25 == 0 else "autosave"
        rev = store.save(draft_id, draft, kind=kind)
        _say(f"rev {rev.id} {rev.kind} {rev.sha256}")


def serve() -> None:
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:  # the fresh writer
            try:
                writer()
            finally:
                os._exit(1)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {status}")


if __name__ == "__main__":
    serve()
