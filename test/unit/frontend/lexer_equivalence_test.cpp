// The hand-written lexer (frontend/src/lexer.cpp) against the reference:
// the lexer rules of grammar/Flyte.g4 run by ANTLR's generated FlyteLexer.
// Over every .flyte file of the test corpus and examples/ that lexes without
// a diagnostic, both must give the same tokens (type, channel, text).
#include <gtest/gtest.h>

#include <filesystem>

#include "corpus.h"
#include "antlr4-runtime.h"
#include "frontend/lexer.h"
#include "grammar/FlyteLexer.h"

namespace fs = std::filesystem;
using namespace flytec;
using flytec::test_corpus::corpus;
using flytec::test_corpus::readFile;

namespace {

struct Tok {
  int type;
  int channel;
  std::string text;
  bool operator==(const Tok&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Tok& t) {
  return os << t.type << "/" << t.channel << " '" << t.text << "'";
}

}  // namespace

TEST(LexerEquivalence, HandWrittenLexerMatchesGrammar) {
  size_t compared = 0;
  for (const fs::path& path : corpus()) {
    std::string text = readFile(path);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);
    DiagnosticEngine diags;
    LexedFile mine = lex(text, text.data(), diags);
    if (diags.hasErrors() || mine.truncated) continue;  // error recovery may differ

    antlr4::ANTLRInputStream input(text);
    grammar::FlyteLexer ref(&input);
    ref.removeErrorListeners();
    std::vector<Tok> expected, actual;
    for (auto t = ref.nextToken(); t->getType() != antlr4::Token::EOF; t = ref.nextToken())
      expected.push_back({static_cast<int>(t->getType()), static_cast<int>(t->getChannel()), t->getText()});
    for (const Token& t : mine.tokens)
      actual.push_back({t.type, t.channel, std::string(t.text(text))});
    ASSERT_EQ(expected.size(), actual.size()) << path;
    for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(expected[i], actual[i]) << path << " token " << i;
    ++compared;
  }
  EXPECT_GT(compared, 10u) << "too few corpus files compared";
}
