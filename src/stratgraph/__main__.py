"""``python -m stratgraph``: the same command line as the ``stratgraph`` console script."""

import sys

from stratgraph.cli import main

if __name__ == "__main__":  # not when a worker process (spawn) imports it
    sys.exit(main())
