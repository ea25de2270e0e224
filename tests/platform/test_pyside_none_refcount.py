"""Guard against the PySide6 6.12.0 / CPython 3.11 crash described in shared/PLATFORM.md.

That release drops one reference to ``None`` on every Qt method call that returns nothing;
after some tens of thousands of calls the interpreter aborts with ``none_dealloc``. The
project's dependency pin excludes it; this test catches any future release that does the
same, in a subprocess so that an abort fails the test instead of killing pytest.
"""

import os
import subprocess
import sys
import textwrap

CALLS = 100_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QLabel
    app = QApplication([])
    item = QGraphicsRectItem(0.0, 0.0, 10.0, 10.0)
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range({CALLS} // 2):
        item.setPos(float(i), 2.0)
        label.setText("x")
    after = sys.getrefcount(None)
    print(before - after)
    """
)


def test_hundred_thousand_void_qt_calls_leave_none_alone_and_exit_cleanly() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, f"Qt calls aborted the interpreter: {done.stderr[-2000:]}"
    lost = int(done.stdout.strip().splitlines()[-1])
    # A healthy binding leaves the count steady (give or take a few temporaries).
    assert abs(lost) < 100, f"{lost} references to None lost over {CALLS} void Qt calls"


def test_installed_pyside_is_not_the_release_that_aborts_on_this_python() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) != (6, 12), (
            f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}: "
            "excluded by the pin in pyproject.toml (shared/PLATFORM.md)"
        )
