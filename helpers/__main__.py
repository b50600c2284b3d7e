"""Entry point of ``python -m helpers``."""

import sys

from .cli import main

sys.exit(main())
