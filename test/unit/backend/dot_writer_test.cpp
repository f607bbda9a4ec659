// The DOT writer on inputs the language cannot produce but a package can:
// dotQuote's escaping byte by byte (quotes, backslashes, line breaks, control
// bytes, `&`, non-ASCII, invalid UTF-8), and workflowToDot on hand-built specs
// with hostile node ids, a self-referencing sub-workflow (drawn as a plain
// node, not recursed into forever), branch and gate nodes, and edges to
// unknown node ids (dropped). Graphviz acceptance of real output is the lit
// test test/graph/examples-dot.test.
#include <gtest/gtest.h>

#include "backend/dot_writer.h"

using namespace flytec;
namespace fp = flyteidl;

TEST(DotQuote, EscapesDotSpecials) {
  EXPECT_EQ(backend::dotQuote("plain"), "\"plain\"");
  EXPECT_EQ(backend::dotQuote("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(backend::dotQuote("a\\b"), "\"a\\\\b\"");
  EXPECT_EQ(backend::dotQuote("a\\nb"), "\"a\\\\nb\"");  // a literal backslash-n is not a line break
  EXPECT_EQ(backend::dotQuote("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(backend::dotQuote("a\r\nb\rc"), "\"a\\nb\\nc\"");
  EXPECT_EQ(backend::dotQuote("a\tb"), "\"a b\"");
  EXPECT_EQ(backend::dotQuote(std::string("a\0b\x1b\x7f", 5)), "\"ab\"");
  EXPECT_EQ(backend::dotQuote("R&D &amp;"), "\"R&amp;D &amp;amp;\"");
  EXPECT_EQ(backend::dotQuote("<b>{x}|y"), "\"<b>{x}|y\"");
}

TEST(DotQuote, NonAsciiBecomesCharacterReferences) {
  EXPECT_EQ(backend::dotQuote("caf\xc3\xa9"), "\"caf&#233;\"");
  EXPECT_EQ(backend::dotQuote("\xe2\x98\x83"), "\"&#9731;\"");
  EXPECT_EQ(backend::dotQuote("\xf0\x9f\x98\x80"), "\"&#128512;\"");
}

TEST(DotQuote, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(backend::dotQuote("\xaa"), "\"&#65533;\"");
  EXPECT_EQ(backend::dotQuote("\xc3"), "\"&#65533;\"");             // truncated
  EXPECT_EQ(backend::dotQuote("\xc0\xaf"), "\"&#65533;&#65533;\"");  // overlong
  EXPECT_EQ(backend::dotQuote("\xed\xa0\x80"), "\"&#65533;&#65533;&#65533;\"");  // surrogate
  EXPECT_EQ(backend::dotQuote("\xf4\x90\x80\x80"), "\"&#65533;&#65533;&#65533;&#65533;\"");  // > U+10FFFF
  EXPECT_EQ(backend::dotQuote("\xe2\x98x"), "\"&#65533;&#65533;x\"");
}

namespace {

fp::core::Node* addNode(fp::core::WorkflowTemplate& t, const std::string& id) {
  fp::core::Node* n = t.add_nodes();
  n->set_id(id);
  return n;
}

/// Every `"` in `dot` that is not escaped opens or closes a string: an even
/// count means no label leaked out of its quotes.
size_t unescapedQuotes(const std::string& dot) {
  size_t count = 0;
  for (size_t i = 0; i < dot.size(); ++i) {
    if (dot[i] == '\\') ++i;
    else if (dot[i] == '"') ++count;
  }
  return count;
}

}  // namespace

TEST(WorkflowToDot, HostileSpecsStayWellFormedAndBounded) {
  idl::Package pkg;
  fp::admin::WorkflowSpec spec;
  fp::core::WorkflowTemplate& t = *spec.mutable_template_();
  t.mutable_id()->set_name("wf\"}; evil");
  fp::core::Node* self = addNode(t, "self\"node\\");
  self->mutable_workflow_node()->mutable_sub_workflow_ref()->set_name("wf\"}; evil");
  addNode(t, "b")->mutable_branch_node();
  fp::core::Node* g = addNode(t, "g");
  g->mutable_gate_node();
  g->add_upstream_node_ids("missing");
  g->add_upstream_node_ids("b");
  fp::core::Binding* in = g->add_inputs();
  in->set_var("x");
  in->mutable_binding()->mutable_promise()->set_node_id("nowhere");
  *spec.add_sub_workflows() = t;  // the workflow lists itself as a sub-workflow
  pkg.entries.push_back(idl::PackageEntry::of("000_wf_2.pb", spec));

  ASSERT_EQ(backend::packageWorkflowNames(pkg), std::vector<std::string>{"wf\"}; evil"});
  ASSERT_NE(backend::findPackageWorkflow(pkg, "wf\"}; evil"), nullptr);
  EXPECT_EQ(backend::findPackageWorkflow(pkg, "other"), nullptr);

  std::string dot = backend::workflowToDot(pkg, spec);
  EXPECT_EQ(unescapedQuotes(dot) % 2, 0u) << dot;
  EXPECT_NE(dot.find("label=\"self\\\"node\\\\\\nsub-workflow wf\\\"}; evil\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("b\\nbranch"), std::string::npos) << dot;
  EXPECT_NE(dot.find("g\\ngate"), std::string::npos) << dot;
  // g: a dashed edge from b only; `missing` and `nowhere` are not nodes.
  EXPECT_EQ(dot.find("subgraph"), std::string::npos) << dot;
  size_t edges = 0;
  for (size_t p = dot.find(" -> "); p != std::string::npos; p = dot.find(" -> ", p + 1)) ++edges;
  // start->self, start->b (no inputs: control), b->g, start->end (no outputs)
  EXPECT_EQ(edges, 4u) << dot;
}
