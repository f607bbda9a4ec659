// bench_stock_antlr FILE: the stock ANTLR pipeline over a .flyte file, for
// the comparison column of bench/parse/run.sh. The grammar's own lexer
// (FlyteLexer over ANTLRInputStream, CommonTokenStream::fill), then one
// FlyteParser over the whole token stream taking one top-level item after
// another (packageDecl / importDecl / decl) with SLL prediction, every parse
// tree kept, as a straightforward ANTLR front end would. Prints
// "lex S parse S peak MB tokens N". It builds no AST and reports nothing:
// syntax errors go to ANTLR's console listener.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "antlr4-runtime.h"
#include "grammar/FlyteLexer.h"
#include "grammar/FlyteParser.h"

using namespace flytec::grammar;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_stock_antlr FILE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();

  auto t0 = Clock::now();
  antlr4::ANTLRInputStream input(text);
  FlyteLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  auto t1 = Clock::now();

  FlyteParser parser(&tokens);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  size_t items = 0;
  while (tokens.LA(1) != antlr4::Token::EOF) {
    size_t before = tokens.index();
    switch (tokens.LA(1)) {
      case FlyteParser::PACKAGE: parser.packageDecl(); break;
      case FlyteParser::IMPORT: parser.importDecl(); break;
      default: parser.decl(); break;
    }
    if (tokens.index() == before) tokens.consume();  // no progress after an error
    ++items;
  }
  auto t2 = Clock::now();

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("lex %.3f parse %.3f peak %.1f tokens %zu items %zu\n",
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
              ru.ru_maxrss / 1024.0, tokens.size(), items);
  return 0;
}
