// The one entry point through which flytec parses JSON: `--inputs`/`--input`
// values, task outputs, JSON-RPC messages from an editor, the Dask bridge's
// replies, baselines. llvm::json::parse (and everything that walks the value
// it returns: conversions to literals, printing, the destructor) recurses once
// per nesting level, so a few hundred KB of `[[[[...` overflowed the stack.
// parseJson first scans the text without recursion and refuses nesting deeper
// than kMaxJsonDepth, with the line and column of the first bracket too many;
// only then does llvm::json::parse see it.
//
// It does not bound the size of the text: each reader caps what it reads
// (docs/limits.md lists every bound).
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/JSON.h>

#include <cstddef>
#include <optional>

namespace flytec::support {

/// Deepest nesting of arrays and objects flytec accepts in any JSON text.
/// Deep enough for any real document (LSP messages nest about 6 levels, task
/// outputs as deep as their type), shallow enough that the recursive walks
/// after parsing stay far from the stack's end, sanitizers included.
inline constexpr unsigned kMaxJsonDepth = 256;

/// Where a JSON text nests too deeply: the bracket that opens level maxDepth+1.
struct JsonNestingProblem {
  std::size_t offset = 0;  ///< byte offset of the bracket
  unsigned line = 1;       ///< 1-based
  unsigned column = 1;     ///< 1-based, in bytes
};

/// Scans `text` (without recursion, in one pass) for an array or object
/// nested deeper than `maxDepth`; brackets inside strings do not count.
/// Returns nullopt when the nesting is within the limit (the text may still
/// be invalid JSON: that is llvm::json::parse's to report).
std::optional<JsonNestingProblem> findExcessiveNesting(llvm::StringRef text, unsigned maxDepth = kMaxJsonDepth);

/// llvm::json::parse behind findExcessiveNesting. Errors read like
/// llvm::json's own: "[LINE:COLUMN, byte=OFFSET]: MESSAGE".
llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef text, unsigned maxDepth = kMaxJsonDepth);

}  // namespace flytec::support
