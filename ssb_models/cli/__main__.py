"""``python -m ssb_models.cli`` (the supervised child process runs this)."""

import sys

from . import main

sys.exit(main())
