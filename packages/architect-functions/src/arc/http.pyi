# For type checkers only: at run time `arc.http` is the module `arc_http` (see __init__).
from arc_http import *  # noqa: F403
from arc_http import __all__ as __all__
