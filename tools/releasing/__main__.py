"""`tools/release` (docs/development.md, "Releasing"): `uv run python -m tools.releasing`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ._bump import bump
from ._errors import ReleaseError
from ._names import ENVIRONMENT, check_names
from ._plan import plan
from ._rehearsal import rehearse
from ._versions import BUMPS, FIRST
from ._workspace import Workspace


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tools/release", description=__doc__)
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the workspace (default: here)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    planned = commands.add_parser("plan", help="what changed since each package's last tag")
    planned.add_argument("--brief", action="store_true", help="counts, not every entry")
    bumped = commands.add_parser("bump", help="release one package: version, changelog, ranges")
    bumped.add_argument("distribution")
    bumped.add_argument("bump", choices=[FIRST, *BUMPS])
    bumped.add_argument("--date", default=date.today().isoformat(), help="of the release")
    commands.add_parser("check-names", help=f"the names on the index of ${ENVIRONMENT}")
    rehearsed = commands.add_parser("rehearse", help="install from a local index, then patch")
    rehearsed.add_argument("--dist", type=Path, help="built wheels and sdists to use")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        workspace = Workspace.load(args.root)
        if args.command == "plan":
            return plan(workspace, brief=args.brief)
        if args.command == "bump":
            return bump(workspace, args.distribution, args.bump, date=args.date)
        if args.command == "check-names":
            return check_names(workspace)
        return rehearse(workspace, dist=args.dist.resolve() if args.dist else None)
    except ReleaseError as error:
        print(f"tools/release: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
