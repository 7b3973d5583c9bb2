"""Writer processes for the kill test, forked fresh for every kill.

Run as a script this is a small fork server: it imports the storage package
and the draft model once (the expensive part of starting Python), then for
every ``go <mode> <n>`` line on stdin forks one fresh writer process and
prints ``pid <n>``. The server itself never opens the store, a database or the
lock, so every writer starts from a clean slate, exactly like a new program
would; after the test kills the writer, the server reaps it and prints
``dead <wait status>``.

Each writer opens the store, prints ``ready``, then autosaves in a tight loop.
It announces every save before it starts (``begin <n>``) and after it
committed (``rev <id> <kind> <sha256>``). Lines go straight to the pipe with
one os.write each (no buffering), so a printed ``rev`` line means a committed
revision.

Modes, so the kill lands where the test wants it without guessing timing:

* ``go run 0``: just save in a loop; the test kills it whenever it likes.
* ``go step <k>``: SQLite's progress handler counts the virtual-machine steps
  of every statement the saves run; at step ``k`` (counted from the first
  save) the writer prints ``inside <k>`` and stops right there, in the middle
  of a save's transaction, until it is killed. ``go count 0`` prints
  ``steps <n>`` after the first save instead, so the test can pick ``k``.
"""

from __future__ import annotations

import os
import signal
import sys

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.storage.store import Store


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def writer(mode: str, arg: int) -> None:
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
    steps = 0

    def progress() -> int:
        nonlocal steps
        steps += 1
        if mode == "step" and steps == arg:
            _say(f"inside {steps}")
            while True:  # frozen inside the transaction until SIGKILL
                signal.pause()
        return 0

    if mode in ("step", "count"):
        store.db.set_progress_handler(progress, 1)
    _say("ready")
    n = 0
    while True:
        n += 1
        draft.values["counter"] = f"{os.getpid()}-{n}"
        draft.values["tail"] = "修改" * (n % 97)
        kind = "manual" if n % 25 == 0 else "autosave"
        _say(f"begin {n}")
        rev = store.save(draft_id, draft, kind=kind)
        _say(f"rev {rev.id} {rev.kind} {rev.sha256}")
        if mode == "count":
            _say(f"steps {steps}")
            return


def serve() -> None:
    for line in sys.stdin:
        words = line.split()
        if len(words) != 3 or words[0] != "go":
            break
        pid = os.fork()
        if pid == 0:  # the fresh writer
            try:
                writer(words[1], int(words[2]))
            finally:
                os._exit(1)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {status}")


if __name__ == "__main__":
    serve()
