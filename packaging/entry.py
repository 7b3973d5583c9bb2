"""Entry point of the bundled application (PyInstaller runs this script)."""

import sys

from fulian_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
