"""arc_services: `services()`, the map of an Architect app's resources from SSM."""

from __future__ import annotations

from ._services import ServiceMap as ServiceMap
from ._services import clear_cache as clear_cache
from ._services import services as services

__all__ = ["ServiceMap", "clear_cache", "services"]
