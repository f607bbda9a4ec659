// Document outline: one symbol per declaration of the document (not its
// imports), with parameters, outputs, nodes, struct fields and enum members
// as children. LSP-unaware: ranges are byte ranges, kinds our own.
#pragma once

#include <string>
#include <vector>

#include "analysis.h"

namespace flytec::lsp {

struct OutlineItem {
  std::string name;
  std::string detail;      ///< type or signature
  enum Kind { Task, Workflow, LaunchPlan, Struct, Enum, EnumMember, Input, Output, Field, Node } kind;
  llvm::SMRange range;     ///< the whole declaration
  llvm::SMRange nameRange;
  std::vector<OutlineItem> children;
};

std::vector<OutlineItem> documentOutline(const Analysis& a);

}  // namespace flytec::lsp
