// The LSP layer's one conversion point between the front end's locations
// (llvm::SMRange into any buffer of an Analysis's SourceMgr, byte offsets in
// the document) and LSP's (URI + line + UTF-16 column), and from flytec
// Diagnostics to LSP diagnostics (code, severity, notes as related
// information). Features never see UTF-16; the server never counts bytes.
#pragma once

#include <map>
#include <memory>

#include "analysis.h"
#include "diagnostics/buffer_locator.h"
#include "positions.h"
#include "protocol.h"

namespace flytec::lsp {

class Converter {
 public:
  explicit Converter(const Analysis& a) : a_(a), main_(a.text()), where_(a.sm()) {}

  /// Byte offset in the document of an LSP position.
  size_t offset(const Position& p) const { return main_.offset(p); }
  /// Position of a byte offset in the document.
  Position position(size_t offset) const { return main_.position(offset); }
  /// A range in the document given in bytes.
  Range range(size_t begin, size_t end) const { return {main_.position(begin), main_.position(end)}; }
  /// A range in any buffer of the snapshot (false if it is not in one).
  bool location(llvm::SMRange r, Location& out);
  LspDiagnostic diagnostic(const Diagnostic& d);

 private:
  const Analysis& a_;
  LineIndex main_;
  BufferLocator where_;
  std::map<unsigned, std::unique_ptr<LineIndex>> others_;
};

}  // namespace flytec::lsp
