"""tools.releasing: what `tools/release` runs. One package released at a time.

- `plan`: every package changed since its last tag (`<distribution>-v<version>`), its
  changelog's `## [Unreleased]` entries, the API breaks griffe finds against that tag,
  and the smallest bump that covers them.
- `bump <distribution> <first|patch|minor|major>`: refuses a bump smaller than the plan's;
  moves the changelog entries under the new version, bumps the version with
  `uv version --package`, widens or moves the ranges of the packages that depend on it
  where the new version falls outside them, runs `uv lock` and prints the tag to create.
- `check-names`: whether each distribution name is free or ours on the index whose JSON
  API `ARC_RELEASE_INDEX_URL` names; skipped, with a notice, when unset or unreachable.
- `rehearse`: every wheel and sdist served from a local index on 127.0.0.1 and installed
  with pip from there alone; then a patch release of one package through the same steps.

Run it from the repository root as `tools/release ...` (docs/development.md, "Releasing").
"""
