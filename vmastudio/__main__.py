"""``python -m vmastudio``: the same entry point as the ``vmastudio`` command."""

import sys

from vmastudio.app.cli import main

sys.exit(main())
