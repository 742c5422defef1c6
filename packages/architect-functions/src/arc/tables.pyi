# For type checkers only: at run time `arc.tables` is the module `arc_tables` (see __init__).
from arc_tables import *  # noqa: F403
from arc_tables import __all__ as __all__
