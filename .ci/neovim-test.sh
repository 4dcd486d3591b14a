#!/usr/bin/env bash
# Interop test with a real client: headless Neovim (Debian's `neovim`) opens a broken spec through
# editors/neovim and must show the same diagnostics as `batchspec check`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvim >/dev/null; then
  echo "== installing neovim"
  apt-get update -qq >/dev/null && apt-get install -y --no-install-recommends neovim >/dev/null
fi
swift build -q
binary="$PWD/.build/debug/batchspec"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp editors/neovim/test/broken.batch "$work/"

python3 - "$binary" "$work/broken.batch" >"$work/expected" <<'PY'
import json, subprocess, sys
out = subprocess.run([sys.argv[1], "check", sys.argv[2], "--format", "json"], capture_output=True, text=True).stdout
rows = [f'{d["range"]["start"]["line"]}:{d["range"]["start"]["character"]}:{d["code"]}' for d in json.loads(out)["diagnostics"]]
print("\n".join(sorted(rows)))
PY

BATCHSPEC_NVIM_OUT="$work/actual" timeout 60 nvim --headless -u NONE -i NONE -n \
  --cmd "set runtimepath+=$PWD/editors/neovim" \
  -c "lua require('batchspec').setup({ cmd = { '$binary', 'lsp' } })" \
  -c "edit $work/broken.batch" \
  -c "luafile $PWD/editors/neovim/test/diagnostics.lua" >/dev/null 2>&1 || true

if diff -u "$work/expected" "$work/actual"; then
  echo "neovim shows the CLI's $(wc -l <"$work/expected") diagnostics"
else
  echo "neovim's diagnostics differ from batchspec check"
  exit 1
fi
if grep -q '^\*\*vm_size\*\*' "$work/actual.hover"; then
  echo "neovim's hover shows the schema's documentation"
else
  echo "neovim's hover did not answer: $(cat "$work/actual.hover" 2>/dev/null)"
  exit 1
fi

# Without configuration: no `cmd`, batchspec not on PATH, only in the project's .venv/bin (where
# `pip install batchspec` puts it). The plugin must find it there.
project="$work/project"
mkdir -p "$project/.venv/bin"
cp editors/neovim/test/broken.batch "$project/"
ln -s "$binary" "$project/.venv/bin/batchspec"
PATH="$(dirname "$(command -v nvim)"):/usr/bin:/bin" BATCHSPEC_NVIM_OUT="$work/venv-actual" timeout 60 \
  nvim --headless -u NONE -i NONE -n \
  --cmd "set runtimepath+=$PWD/editors/neovim" \
  -c "lua require('batchspec').setup({})" \
  -c "edit $project/broken.batch" \
  -c "luafile $PWD/editors/neovim/test/diagnostics.lua" >/dev/null 2>&1 || true
if diff -u "$work/expected" "$work/venv-actual"; then
  echo "neovim finds batchspec in the project's .venv without configuration"
else
  echo "neovim did not find batchspec in the project's .venv"
  exit 1
fi
