"""``python -m examples.pygame_demo``: see :mod:`examples.pygame_demo.app`."""
import sys

from .app import main

sys.exit(main())
