"""Where the application keeps its files.

Data, config, cache and logs come from platformdirs (local, not roaming, so
the database never sits on a roaming profile share). Two overrides, in order:

1. the environment variable ``FULIAN_HOME`` (tests, portable use): all four
   folders live below it;
2. portable mode: a file named ``portable`` beside the executable (the
   packaged application) keeps everything in a ``data`` folder beside it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "fulian-desktop"
APP_AUTHOR = "fulian"

#: Built-in templates shipped with the program (source tree or bundle).
PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_root() -> Path:
    # In a PyInstaller bundle data files sit under sys._MEIPASS; in the source
    # tree they sit beside the package.
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else PACKAGE_DIR.parent


BUILTIN_TEMPLATES_DIR = _resource_root() / "templates"
RESOURCES_DIR = _resource_root() / "resources"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "drafts.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def user_templates(self) -> Path:
        return self.data / "templates"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> AppPaths:
        """Create the folders, private to the user on POSIX (drafts, the filler's
        name and phone, logs). A folder that cannot be created or changed (a
        read-only disk, a folder owned by someone else) is left as it is: the
        store then opens read-only and says why; nothing here raises."""
        for folder in (self.data, self.config, self.cache, self.logs):
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                if os.name == "posix" and folder.stat().st_mode & 0o077:
                    os.chmod(folder, 0o700)
            except OSError:
                continue
        return self


def _portable_root() -> Path | None:
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir / "data" if (exe_dir / "portable").exists() else None


def app_paths() -> AppPaths:
    """The folders for this run (read FULIAN_HOME each time: tests change it)."""
    home = os.environ.get("FULIAN_HOME") or _portable_root()
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "data", root / "config", root / "cache", root / "logs")
    import platformdirs

    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
    )
