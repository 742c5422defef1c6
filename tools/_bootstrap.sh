# Sourced by tools/main, tools/test and .ci/run: installs what the repository needs on a
# fresh machine that has Python 3.10+, Node 20 and npm. Idempotent and quick when done.
# - uv, through pip, into .tools/uv (unless uv is already on PATH);
# - the workspace and its dev groups exactly as uv.lock pins them, into .venv;
# - the npm packages of every folder that commits a package-lock.json, with `npm ci`.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The uv release this repository is tested with.
UV_VERSION=0.13.9

if ! command -v uv >/dev/null 2>&1; then
    if [ ! -x "$repo_root/.tools/uv/bin/uv" ]; then
        echo "==> installing uv $UV_VERSION with pip (into .tools/uv)"
        python3 -m venv "$repo_root/.tools/uv"
        "$repo_root/.tools/uv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    fi
    export PATH="$repo_root/.tools/uv/bin:$PATH"
fi

echo "==> uv sync --locked"
(cd "$repo_root" && uv sync --locked --quiet)

while IFS= read -r lock; do
    folder=$(dirname "$lock")
    if [ ! -d "$folder/node_modules" ] || [ "$lock" -nt "$folder/node_modules" ]; then
        echo "==> npm ci in ${folder#"$repo_root"/}"
        (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
    fi
done < <(find "$repo_root/tests" "$repo_root/tools" "$repo_root/examples" -name package-lock.json \
    -not -path '*/node_modules/*' 2>/dev/null | sort)
