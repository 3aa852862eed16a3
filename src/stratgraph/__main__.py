"""``python -m stratgraph``: the same command line as the ``stratgraph`` console script."""

import sys

from .cli import main

sys.exit(main())
