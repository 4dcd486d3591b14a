// `node --test editors/vscode/test`: the extension finds batchspec in a venv without configuration.
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const test = require("node:test");
const { findBatchspec } = require("../find-batchspec");

function workspace(venv) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "batchspec-vscode-"));
  if (venv) {
    fs.mkdirSync(path.join(root, venv, "bin"), { recursive: true });
    fs.writeFileSync(path.join(root, venv, "bin", "batchspec"), "#!/bin/sh\n", { mode: 0o755 });
  }
  return root;
}

test("a workspace's .venv or venv is found without configuration", () => {
  for (const venv of [".venv", "venv"]) {
    const root = workspace(venv);
    assert.strictEqual(findBatchspec("", [root], {}), path.join(root, venv, "bin", "batchspec"));
  }
});

test("the active virtual environment comes first", () => {
  const active = workspace("env");
  const root = workspace(".venv");
  const found = findBatchspec("", [root], { VIRTUAL_ENV: path.join(active, "env") });
  assert.strictEqual(found, path.join(active, "env", "bin", "batchspec"));
});

test("the setting wins, and PATH is the fallback", () => {
  assert.strictEqual(findBatchspec("/opt/batchspec", [workspace(".venv")], {}), "/opt/batchspec");
  assert.strictEqual(findBatchspec("", [workspace(null)], {}), "batchspec");
  assert.strictEqual(findBatchspec(undefined, [], {}), "batchspec");
});
