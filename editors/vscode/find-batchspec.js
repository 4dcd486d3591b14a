// Finds the batchspec executable without configuration: the `batchspec.path` setting when set;
// else the active virtual environment's ($VIRTUAL_ENV/bin); else `.venv/bin` or `venv/bin` in a
// workspace folder (where `pip install batchspec` put it); else `batchspec` on PATH.
// No `vscode` import, so `node` can test it (.ci/run does).
const fs = require("fs");
const path = require("path");

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {string | undefined} configured the `batchspec.path` setting ("" when unset)
 * @param {string[]} folders the workspace folders' paths
 * @param {NodeJS.ProcessEnv} env the environment (VIRTUAL_ENV)
 * @returns {string} the executable to start
 */
function findBatchspec(configured, folders, env) {
  if (configured) return configured;
  const candidates = [];
  if (env.VIRTUAL_ENV) candidates.push(path.join(env.VIRTUAL_ENV, "bin", "batchspec"));
  for (const folder of folders) {
    for (const venv of [".venv", "venv"]) candidates.push(path.join(folder, venv, "bin", "batchspec"));
  }
  return candidates.find(isExecutable) || "batchspec";
}

module.exports = { findBatchspec };
