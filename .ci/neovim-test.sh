#!/usr/bin/env bash
# Interop test with a real client: headless Neovim (Debian's `neovim`) opens a broken spec through
# editors/neovim and must show the same diagnostics as `batchspec check`, its hover, and its
# "fix all" action applied by Neovim must leave what `batchspec lint --fix` writes.
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

# Headless Neovim with the plugin set up by SETUP, editing FILE, running test/SCRIPT.lua, which
# writes what it found to OUT: nvim_with SETUP FILE SCRIPT OUT.
nvim_with() {
  BATCHSPEC_NVIM_OUT="$4" timeout 60 nvim --headless -u NONE -i NONE -n \
    --cmd "set runtimepath+=$PWD/editors/neovim" \
    -c "lua require('batchspec').setup($1)" \
    -c "edit $2" \
    -c "luafile $PWD/editors/neovim/test/$3.lua" >/dev/null 2>&1 || true
}
configured="{ cmd = { '$binary', 'lsp' } }"

nvim_with "$configured" "$work/broken.batch" diagnostics "$work/actual"

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

# "Fix all" through the real client: the code action Neovim applies leaves the text that
# `batchspec lint --fix` writes.
cp editors/neovim/test/fixable.batch "$work/fixable.batch"
cp editors/neovim/test/fixable.batch "$work/lint-fixed.batch"
"$binary" lint "$work/lint-fixed.batch" --fix >/dev/null 2>&1 || true
nvim_with "$configured" "$work/fixable.batch" fixall "$work/fixed"
if cmp -s "$work/lint-fixed.batch" editors/neovim/test/fixable.batch; then
  echo "lint --fix changed nothing in fixable.batch"
  exit 1
elif diff -u "$work/lint-fixed.batch" "$work/fixed"; then
  echo "neovim's fix-all action leaves the text lint --fix writes"
else
  echo "neovim's fix-all action differs from lint --fix"
  exit 1
fi

# Without configuration: no `cmd`, batchspec not on PATH, only in the project's .venv/bin (where
# `pip install batchspec` puts it). The plugin must find it there.
project="$work/project"
mkdir -p "$project/.venv/bin"
cp editors/neovim/test/broken.batch "$project/"
ln -s "$binary" "$project/.venv/bin/batchspec"
PATH="$(dirname "$(command -v nvim)"):/usr/bin:/bin" nvim_with "{}" "$project/broken.batch" diagnostics \
  "$work/venv-actual"
if diff -u "$work/expected" "$work/venv-actual"; then
  echo "neovim finds batchspec in the project's .venv without configuration"
else
  echo "neovim did not find batchspec in the project's .venv"
  exit 1
fi
