// Starts `flytec lsp` for .flyte files. All language features come from the
// server; this file only wires the client to it.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('flytec').get('path') || 'flytec';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'flyte' }],
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.flyte'), vscode.workspace.createFileSystemWatcher('**/flytec.toml')],
    },
  };
  client = new LanguageClient('flytec', 'flytec', serverOptions, clientOptions);
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
