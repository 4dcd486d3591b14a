"""Runs the composite action .github/actions/batchspec as a GitHub runner would, on this machine.

    run_action.py ACTION_YML WORKDIR NAME=VALUE...

Each `run` step runs in WORKDIR with `bash --noprofile --norc -eo pipefail`, its `env` with
`${{ inputs.NAME }}` replaced by the inputs (NAME=VALUE arguments over the action's defaults),
RUNNER_TEMP, GITHUB_PATH and GITHUB_OUTPUT as the runner provides them, and PATH extended by what
earlier steps appended to GITHUB_PATH. Stops at the first failing step and exits with its status;
prints each step's outputs. Only what this action uses is supported: `run` steps, `inputs.*`.
"""

import os
import re
import subprocess
import sys
import tempfile

import yaml  # PyYAML, which pre-commit depends on


def main() -> int:
    action_path, workdir, *pairs = sys.argv[1:]
    action = yaml.safe_load(open(action_path, encoding="utf-8"))
    assert action["runs"]["using"] == "composite", "not a composite action"
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in inputs:
            sys.exit(f"the action has no input {name!r}")
        inputs[name] = value

    def expand(text: str) -> str:
        def replace(match: re.Match) -> str:
            return inputs[match.group(1)]
        text = re.sub(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}", replace, str(text))
        if "${{" in text:
            sys.exit(f"unsupported expression in {text!r}")
        return text

    temp = tempfile.mkdtemp(prefix="runner-")
    paths: list[str] = []
    for index, step in enumerate(action["runs"]["steps"]):
        assert "run" in step and step.get("shell") == "bash", f"step {index} is not a bash run step"
        github_path = os.path.join(temp, f"path-{index}")
        github_output = os.path.join(temp, f"output-{index}")
        open(github_path, "w").close()
        open(github_output, "w").close()
        env = dict(os.environ)
        env.update({name: expand(value) for name, value in step.get("env", {}).items()})
        env.update(RUNNER_TEMP=temp, GITHUB_PATH=github_path, GITHUB_OUTPUT=github_output)
        env["PATH"] = os.pathsep.join([*reversed(paths), env.get("PATH", "")])
        script = os.path.join(temp, f"step-{index}.sh")
        with open(script, "w", encoding="utf-8") as file:
            file.write(expand(step["run"]))
        print(f"== step {step.get('name', index)}", flush=True)
        status = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env).returncode
        paths += [line.strip() for line in open(github_path, encoding="utf-8") if line.strip()]
        for line in open(github_output, encoding="utf-8"):
            print(f"output {step.get('id', index)}.{line.strip()}")
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
