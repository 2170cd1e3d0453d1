"""PySide6 6.12.0's Signal.emit() drops a reference to True on Python 3.11 and the process dies
(bool_dealloc) after a few thousand emits; the project pins 6.11.3. This keeps that honest."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Sender(QObject):
    toggled = Signal(bool)  # the payload type the bug is about

app = QCoreApplication([])
sender = Sender()
received = []
sender.toggled.connect(received.append)
before = sys.getrefcount(True)
for i in range(20000):
    sender.toggled.emit(i % 2 == 0)
after = sys.getrefcount(True)
print(len(received), before - after)
"""


def test_many_bool_emits_keep_the_process_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"process died ({result.returncode}): {result.stderr[-500:]}"
    delivered, lost_refs = map(int, result.stdout.split())
    assert delivered == 20000
    assert lost_refs < 100  # a leaked (missing) reference per emit would show as ~20000


def test_pinned_pyside_version() -> None:
    import PySide6

    assert PySide6.__version__ == "6.11.3"
