"""Entry point of the frozen build: the same dispatcher as the `desk-app` script."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
