// Tokenizes a .flyte file with the extension's TextMate grammar, using the
// engine VS Code itself uses (vscode-textmate + the vscode-oniguruma regex
// WASM), and prints one line per token: `LINE:COL 'text' scope scope ...`
// (innermost scope last, the root `source.flyte` left out). The lit test
// test/lsp/vsix.test runs it on an example and FileChecks the scopes.
// usage: node test/tokenize.js FILE.flyte   (from editors/vscode, after npm ci)
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.flyte') return null;
      const file = path.join(__dirname, '..', 'syntaxes', 'flyte.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.flyte');
  if (!grammar) throw new Error('grammar source.flyte did not load');
  const lines = fs.readFileSync(process.argv[2], 'utf8').split(/\r?\n/);
  let state = vsctm.INITIAL;
  const out = [];
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const text = line.substring(t.startIndex, t.endIndex);
      if (!text.trim()) continue;
      const scopes = t.scopes.filter((s) => s !== 'source.flyte');
      out.push(`${i + 1}:${t.startIndex + 1} '${text}' ${scopes.join(' ') || '-'}`);
    }
    state = r.ruleStack;
  });
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
