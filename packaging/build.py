"""Build the one-folder bundle and check that it works.

    python packaging/build.py            # build dist/fulian-desktop/, report its size
    python packaging/build.py --check    # also run the bundled executable:
                                         #   --version and a headless `demo` export
    python packaging/build.py --dist dist/windows   # build somewhere else

tools/windows/check.sh runs this file with a Windows Python under Wine to
build the Windows bundle on Linux (into dist/windows/, beside the Linux one).

Runs on Windows (the real target) and on Linux (CI builds the Linux bundle so
that a missing hidden import or data file fails CI, not a clerk's PC).
"""

from __future__ import annotations

import argparse
import locale
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def folder_size(path: Path) -> int:
    # symlinks (Qt frameworks, .so versions) would be counted twice
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path) -> Path:
    # one work folder per platform: a Linux and a Windows build never share one
    work = ROOT / "build" / f"pyinstaller-{sys.platform}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / "fulian-desktop.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = dist / "fulian-desktop"
    size = folder_size(bundle)
    files = sum(1 for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle: {bundle} — {size / 1e6:.1f} MB in {files} files")
    return bundle


def child_encoding(env: dict[str, str]) -> str:
    """The encoding the bundled program writes to a pipe with.

    A frozen Python writes to a pipe in the system's locale encoding (the ANSI
    code page on Windows: cp936 on Chinese Windows, cp1252 on English), or in
    PYTHONIOENCODING when that is set. Our own Python may run in UTF-8 mode,
    so ask the locale, not our own streams.
    """
    forced = env.get("PYTHONIOENCODING", "").split(":")[0]
    if forced:
        return forced
    getencoding = getattr(locale, "getencoding", None)  # Python 3.11+
    return getencoding() if getencoding else locale.getpreferredencoding(False)


def run_child(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=env,
        capture_output=True,
        text=True,
        encoding=child_encoding(env),
        errors="replace",
    )


def check(bundle: Path) -> None:
    """Run the bundled console executable the way CI and an IT person would."""
    cli = bundle / f"fulian-desktop-cli{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, FULIAN_HOME=str(Path(tmp) / "home"), QT_QPA_PLATFORM="offscreen")
        version = run_child([str(cli), "--version"], env)
        print(version.stdout.strip() or version.stderr.strip())
        if version.returncode != 0 or not version.stdout.startswith("fulian-desktop "):
            sys.exit(f"bundle check failed: --version gave {version.returncode}: {version.stderr}")
        out = Path(tmp) / "demo"
        demo = run_child([str(cli), "demo", str(out)], env)
        docs = sorted(out.glob("*.docx"))
        if demo.returncode != 0 or not docs:
            sys.exit(
                f"bundle check failed: demo gave {demo.returncode}\n{demo.stdout}\n{demo.stderr}"
            )
        templates = run_child([str(cli), "templates", "list"], env)
        if templates.returncode != 0:
            sys.exit(
                f"bundle check failed: templates list gave {templates.returncode}: {templates.stderr}"
            )
        print(f"bundle check: demo wrote {len(docs)} documents: {', '.join(d.name for d in docs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="run the bundle after building it")
    parser.add_argument("--no-build", action="store_true", help="only check an existing bundle")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default: dist)")
    args = parser.parse_args()
    dist = args.dist.resolve()
    bundle = dist / "fulian-desktop" if args.no_build else build(dist)
    if args.check or args.no_build:
        check(bundle)


if __name__ == "__main__":
    main()
