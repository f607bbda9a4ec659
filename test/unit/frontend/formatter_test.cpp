// The formatter (frontend/formatter.h) beyond its canonical settings: at
// narrow line widths and a 2-space indent almost every group of the corpus
// breaks, which drives the layout engine through nested breaking, comments
// inside broken groups and alignment runs that stop fitting. Over every
// corpus file that parses, each setting must pass the formatter's own
// token self-check and be idempotent. Plus the small API cases: syntax
// errors give no text and a diagnostic, an empty file stays empty.
#include <gtest/gtest.h>

#include <filesystem>

#include "corpus.h"
#include "frontend/formatter.h"
#include "frontend/source_loader.h"

namespace fs = std::filesystem;
using namespace flytec;
using flytec::test_corpus::corpus;
using flytec::test_corpus::readFile;

namespace {

/// Format `text`; `ok` false on syntax errors or a failed self-check
/// (`internal` holds its message).
std::optional<std::string> format(const std::string& text, const FormatOptions& opts,
                                  std::string* internal = nullptr, DiagnosticEngine* diagsOut = nullptr) {
  llvm::SourceMgr sm;
  DiagnosticEngine local;
  DiagnosticEngine& diags = diagsOut ? *diagsOut : local;
  LoadedSource src = addSourceBuffer(sm, "t.flyte", text, diags);
  if (!src.bufferId || !src.parseable) return std::nullopt;
  FormatResult r = formatBuffer(sm, src.bufferId, diags, opts);
  if (internal) *internal = r.internalError;
  return r.text;
}

TEST(Formatter, NarrowWidthsAreSafeAndIdempotentOverTheCorpus) {
  size_t formatted = 0;
  for (FormatOptions opts : {FormatOptions{100, 4}, FormatOptions{60, 4}, FormatOptions{30, 2}, FormatOptions{1, 4}}) {
    for (const fs::path& p : corpus()) {
      std::string internal;
      std::optional<std::string> once = format(readFile(p), opts, &internal);
      EXPECT_EQ(internal, "") << p << " at width " << opts.lineWidth;
      if (!once) continue;
      ++formatted;
      std::optional<std::string> twice = format(*once, opts, &internal);
      ASSERT_TRUE(twice) << p << " at width " << opts.lineWidth << ": output does not format: " << internal;
      EXPECT_EQ(*once, *twice) << p << " is not idempotent at width " << opts.lineWidth;
    }
  }
  EXPECT_GT(formatted, 400u);  // ~170 parseable files, four settings
}

TEST(Formatter, NarrowWidthBreaksNestedGroups) {
  std::optional<std::string> out =
      format("workflow w(xs: list[int] = [1, 2]) -> int {\n    a = t(x = [1, 2], y = 3)\n    return a\n}\n",
             FormatOptions{20, 2});
  ASSERT_TRUE(out);
  EXPECT_EQ(*out,
            "workflow w(\n"
            "  xs: list[int] = [\n"
            "    1,\n"
            "    2,\n"
            "  ],\n"
            ") -> int {\n"
            "  a = t(\n"
            "    x = [1, 2],\n"
            "    y = 3,\n"
            "  )\n"
            "  return a\n"
            "}\n");
}

TEST(Formatter, SyntaxErrorGivesNoTextAndADiagnostic) {
  DiagnosticEngine diags;
  std::string internal;
  EXPECT_FALSE(format("task t(x: int {\n}\n", {}, &internal, &diags));
  EXPECT_TRUE(diags.hasErrors());
  EXPECT_EQ(internal, "");
}

TEST(Formatter, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(format("", {}).value_or("?"), "");
  EXPECT_EQ(format("\n\n  \n", {}).value_or("?"), "");
  EXPECT_EQ(format("# only\n\n\n# comments", {}).value_or("?"), "# only\n\n# comments\n");
}

TEST(Formatter, CrlfBecomesLf) {
  EXPECT_EQ(format("enum C {\r\n  a,\r\n  b\r\n}\r\n", {}).value_or("?"), "enum C { a, b }\n");
}

}  // namespace
