// Small out-of-line helpers of the AST (ast.h).
#include "frontend/ast.h"

namespace flytec::ast {

std::string TypeRef::spelling() const {
  std::string s;
  for (const Ident& p : path) (s += s.empty() ? "" : ".") += p.name;
  if (!args.empty()) {
    s += "[";
    for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i].spelling();
    s += "]";
  }
  if (optional) s += "?";
  return s;
}

const Field* Block::find(std::string_view key) const {
  for (const Field& f : fields)
    if (f.key.name == key) return &f;
  return nullptr;
}

}  // namespace flytec::ast
