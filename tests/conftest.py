"""Test-wide set-up: no screen is needed, Qt draws offscreen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
