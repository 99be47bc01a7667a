"""`python -m perspectives`: the same command as `perspectives` (perspectives.cli), for a checkout whose
virtual environment is not on the PATH."""

import sys

from perspectives.cli import main

sys.exit(main())
