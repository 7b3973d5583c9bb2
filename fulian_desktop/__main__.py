"""python -m fulian_desktop"""

import sys

from fulian_desktop.cli import main

sys.exit(main())
