# For type checkers only: at run time `arc.ws` is the module `arc_ws` (see __init__).
from arc_ws import *  # noqa: F403
from arc_ws import __all__ as __all__
