# For type checkers only: at run time `arc.queues` is the module `arc_queues` (see __init__).
from arc_queues import *  # noqa: F403
from arc_queues import __all__ as __all__
