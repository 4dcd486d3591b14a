// Starts `batchspec lsp` for .batch files and batchspec.config with vscode-languageclient.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
const { findBatchspec } = require("./find-batchspec");

let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration("batchspec");
  const folders = (vscode.workspace.workspaceFolders || []).map((folder) => folder.uri.fsPath);
  const command = findBatchspec(settings.get("path"), folders, process.env);
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "batchspec",
    "batchspec",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "batchspec" }, { scheme: "untitled", language: "batchspec" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.batch,batchspec.config}") },
      initializationOptions: {
        params: settings.get("params") || {},
        rules: settings.get("rules") || {},
        ruleOptions: settings.get("ruleOptions") || {},
      },
    }
  );
  await client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
