// See ast_dump.h.
#include "frontend/ast_dump.h"

#include <fmt/format.h>

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

using namespace ast;

namespace {

class Dumper {
 public:
  Dumper(const llvm::SourceMgr& sm, llvm::raw_ostream& os) : sm_(sm), os_(os) {}

  void file(const File& f) {
    line(0, fmt::format("File {}", f.path));
    if (f.package) line(1, "Package " + join(*f.package) + loc(f.packageRange));
    for (const Import& i : f.imports)
      line(1, fmt::format("Import \"{}\"{}{}", i.path, i.alias ? " as " + std::string(i.alias->name) : "", loc(i.range)));
    for (const DeclPtr& d : f.decls) decl(*d);
  }

 private:
  std::string loc(llvm::SMRange r) const {
    if (!r.isValid()) return " <invalid>";
    auto b = sm_.getLineAndColumn(r.Start);
    auto e = sm_.getLineAndColumn(r.End);
    return fmt::format(" <{}:{}-{}:{}>", b.first, b.second, e.first, e.second);
  }
  static std::string join(const std::vector<Ident>& parts) {
    std::string s;
    for (const Ident& p : parts) (s += s.empty() ? "" : ".") += p.name;
    return s;
  }
  void line(int depth, const std::string& text) { os_.indent(depth * 2) << text << "\n"; }
  static std::string docSuffix(const std::string& doc) {
    if (doc.empty()) return "";
    std::string d = doc;
    for (auto& c : d) if (c == '\n') c = '|';
    return " doc=\"" + d + "\"";
  }

  void param(int depth, const char* what, const Param& p) {
    line(depth, fmt::format("{} {}: {}{}{}", what, p.name.name, p.type.spelling(), docSuffix(p.doc), loc(p.range)));
    if (p.defaultValue) expr(depth + 1, *p.defaultValue);
  }

  void decl(const Decl& d) {
    static const char* kinds[] = {"Enum", "Struct", "Task", "Workflow", "LaunchPlan"};
    line(1, fmt::format("{} {}{}{}", kinds[int(d.kind)], d.name.name, docSuffix(d.doc), loc(d.range)));
    if (auto* e = llvm::dyn_cast<EnumDecl>(&d))
      for (const Ident& m : e->members) line(2, fmt::format("Member {}{}", m.name, loc(m.range)));
    if (auto* s = llvm::dyn_cast<StructDecl>(&d))
      for (const Param& p : s->fields) param(2, "Field", p);
    if (auto* t = llvm::dyn_cast<TaskDecl>(&d)) {
      for (const Param& p : t->params) param(2, "Param", p);
      if (t->outputs) for (const Param& p : t->outputs->params) param(2, "Output", p);
      block(2, t->body);
    }
    if (auto* w = llvm::dyn_cast<WorkflowDecl>(&d)) {
      for (const Param& p : w->params) param(2, "Param", p);
      if (w->outputs) for (const Param& p : w->outputs->params) param(2, "Output", p);
      for (const Node& n : w->nodes) {
        std::string after;
        for (const Ident& a : n.after) (after += after.empty() ? " after " : ", ") += a.name;
        line(2, fmt::format("Node {}{}{}", n.name.name, after, loc(n.range)));
        expr(3, *n.value);
        if (n.with) { line(3, "With"); block(4, *n.with); }
      }
      if (w->returnValue) { line(2, "Return"); expr(3, *w->returnValue); }
    }
    if (auto* l = llvm::dyn_cast<LaunchPlanDecl>(&d)) {
      line(2, "Target " + join(l->target) + loc(l->targetRange));
      for (const Arg& a : l->defaults) arg(2, a);
      if (l->body) block(2, *l->body);
    }
  }

  void block(int depth, const Block& b) {
    line(depth, "Block" + loc(b.range));
    for (const Field& f : b.fields) {
      line(depth + 1, fmt::format("Field {}{}", f.key.name, loc(f.range)));
      if (f.value) expr(depth + 2, *f.value);
      if (f.block) block(depth + 2, *f.block);
    }
  }

  void arg(int depth, const Arg& a) {
    line(depth, fmt::format("Arg {}{}", a.name ? a.name->name : "<positional>", loc(a.range)));
    if (a.value) expr(depth + 1, *a.value);
  }

  void expr(int depth, const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name: line(depth, fmt::format("Name {}{}", llvm::cast<NameExpr>(e).name, loc(e.range))); break;
      case ExprKind::Int: line(depth, fmt::format("Int {}{}", llvm::cast<IntExpr>(e).value, loc(e.range))); break;
      case ExprKind::Float: line(depth, fmt::format("Float {}{}", llvm::cast<FloatExpr>(e).text, loc(e.range))); break;
      case ExprKind::String: {
        auto& s = llvm::cast<StringExpr>(e);
        std::string v;
        for (char c : s.value) v += c == '\n' ? std::string("\\n") : std::string(1, c);
        line(depth, fmt::format("{} \"{}\"{}", s.raw ? "RawString" : "String", v, loc(e.range)));
        break;
      }
      case ExprKind::Duration: {
        auto& d = llvm::cast<DurationExpr>(e);
        line(depth, fmt::format("Duration {} ({}ns){}", d.text, d.nanos, loc(e.range)));
        break;
      }
      case ExprKind::Bool: line(depth, fmt::format("Bool {}{}", llvm::cast<BoolExpr>(e).value, loc(e.range))); break;
      case ExprKind::None: line(depth, "None" + loc(e.range)); break;
      case ExprKind::List:
        line(depth, "List" + loc(e.range));
        for (auto& el : llvm::cast<ListExpr>(e).elements) expr(depth + 1, *el);
        break;
      case ExprKind::Dict:
        line(depth, "Dict" + loc(e.range));
        for (auto& en : llvm::cast<DictExpr>(e).entries) {
          line(depth + 1, fmt::format("Entry {}{}", en.quoted ? fmt::format("\"{}\"", en.key.name) : std::string(en.key.name), loc(en.range)));
          expr(depth + 2, *en.value);
        }
        break;
      case ExprKind::Tuple:
        line(depth, "Tuple" + loc(e.range));
        for (auto& a : llvm::cast<TupleExpr>(e).elements) arg(depth + 1, a);
        break;
      case ExprKind::Call: {
        auto& c = llvm::cast<CallExpr>(e);
        line(depth, "Call" + loc(e.range));
        expr(depth + 1, *c.callee);
        for (auto& a : c.args) arg(depth + 1, a);
        break;
      }
      case ExprKind::Member: {
        auto& m = llvm::cast<MemberExpr>(e);
        line(depth, fmt::format("Member .{}{}", m.member.name, loc(e.range)));
        expr(depth + 1, *m.base);
        break;
      }
      case ExprKind::Index: {
        auto& i = llvm::cast<IndexExpr>(e);
        line(depth, "Index" + loc(e.range));
        expr(depth + 1, *i.base);
        expr(depth + 1, *i.index);
        break;
      }
      case ExprKind::Map: {
        auto& m = llvm::cast<MapExpr>(e);
        line(depth, "Map" + loc(e.range));
        expr(depth + 1, *m.target);
        for (auto& a : m.options) arg(depth + 1, a);
        break;
      }
      case ExprKind::Partial: {
        auto& p = llvm::cast<PartialExpr>(e);
        line(depth, "Partial" + loc(e.range));
        expr(depth + 1, *p.target);
        for (auto& a : p.bound) arg(depth + 1, a);
        break;
      }
      case ExprKind::Unary: {
        auto& u = llvm::cast<UnaryExpr>(e);
        line(depth, fmt::format("Unary {}{}", u.op, loc(e.range)));
        expr(depth + 1, *u.operand);
        break;
      }
      case ExprKind::Binary: {
        auto& b = llvm::cast<BinaryExpr>(e);
        line(depth, fmt::format("Binary {}{}", b.op, loc(e.range)));
        expr(depth + 1, *b.lhs);
        expr(depth + 1, *b.rhs);
        break;
      }
      case ExprKind::Error: line(depth, "Error" + loc(e.range)); break;
    }
  }

  const llvm::SourceMgr& sm_;
  llvm::raw_ostream& os_;
};

}  // namespace

void dumpAst(const File& file, const llvm::SourceMgr& sm, llvm::raw_ostream& os) {
  Dumper(sm, os).file(file);
}

}  // namespace flytec
