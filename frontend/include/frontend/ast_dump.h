// --dump-ast: a stable, indented text form of an ast::File for tests. Each
// node prints its kind, its salient fields and `<line:col-line:col>`.
#pragma once

#include "frontend/ast.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
}  // namespace llvm

namespace flytec {
void dumpAst(const ast::File& file, const llvm::SourceMgr& sm, llvm::raw_ostream& os);
}
