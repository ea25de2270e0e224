"""placeholder"""

from typing import Any

Recorder = Any
