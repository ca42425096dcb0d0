"""`python -m mkdocs_clusters`: the command line (see `cli`)."""

import sys

from mkdocs_clusters.cli import main

sys.exit(main())
