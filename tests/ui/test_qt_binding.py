"""Guards against a broken Qt binding release.

PySide6 6.12.0 on Python < 3.12 drops a reference to None on every call of a
void C++ method, and the interpreter aborts ("deallocating None") after some
ten thousand calls, which one editing session reaches quickly. pyproject.toml
excludes it; this test fails if such a release comes back.
"""

import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(50000):
    label.setText("字")
print(sys.getrefcount(None) - before)
"""


def test_void_calls_keep_none_alive():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 1000
