"""tools.bench: what this library costs, side by side with what users would pick instead.

Run it from the repository root with `uv run python -m tools.bench` (see
docs/performance.md for the method and `--help` for the options).
"""
