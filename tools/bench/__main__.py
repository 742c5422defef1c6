"""`uv run python -m tools.bench`."""

from .run import main

raise SystemExit(main())
