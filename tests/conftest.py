"""Test-wide set-up: no screen is needed, Qt draws offscreen, and nothing the app writes
for the user (autosaves, crash logs, settings) lands in the real user folders."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QStandardPaths follows the XDG variables; tests that need their own folder set them
# again with monkeypatch.
_HOME = tempfile.mkdtemp(prefix="vmastudio-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")
