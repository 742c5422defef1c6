# For type checkers only: at run time `arc.events` is the module `arc_events` (see __init__).
from arc_events import *  # noqa: F403
from arc_events import __all__ as __all__
