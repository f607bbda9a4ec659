// Lexer, then items (in parallel for large files), then the file; see parser.h.
// The order of results never depends on threads: item k's AST and
// diagnostics land in slot k, and slots are merged in source order. With a
// ParseCache (the LSP), unchanged declarations are copied from the previous
// parse before any thread starts, so only the changed items reach ANTLR.
#include "frontend/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>

#include "ast_builder.h"
#include "frontend/lexer.h"
#include "grammar/FlyteParser.h"
#include "item_parser.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Token indexes where items start: tokens before the first keyword form an
/// item of their own (it fails to parse with "expected a declaration").
std::vector<size_t> itemStarts(const LexedFile& lexed) {
  const std::vector<Token>& tokens = lexed.tokens;
  std::vector<size_t> starts;
  starts.reserve(lexed.itemStarts.size() + 1);
  size_t firstDefault = 0;
  while (firstDefault < tokens.size() && tokens[firstDefault].channel != kDefaultChannel) ++firstDefault;
  if (firstDefault < tokens.size() &&
      (lexed.itemStarts.empty() || lexed.itemStarts.front() != firstDefault))
    starts.push_back(firstDefault);
  for (uint32_t s : lexed.itemStarts) starts.push_back(s);
  return starts;
}

/// The text a declaration item is cached under (parse_cache.h): from the
/// `##` comments directly above its keyword to the end of its last token.
/// None for items that are not declarations or that hold a lexical error.
std::optional<std::string_view> reuseKey(std::string_view buffer, const LexedFile& lexed, size_t begin,
                                         size_t end) {
  using P = grammar::FlyteParser;
  const std::vector<Token>& tokens = lexed.tokens;
  switch (tokens[begin].type) {
    case P::ENUM: case P::STRUCT: case P::TASK: case P::WORKFLOW: case P::LAUNCHPLAN: break;
    default: return std::nullopt;
  }
  size_t first = begin;
  while (first > 0 && tokens[first - 1].channel == kDocChannel) --first;
  size_t lastDefault = begin;
  for (size_t i = begin; i < end; ++i)
    if (tokens[i].channel == kDefaultChannel) lastDefault = i;
  uint32_t from = tokens[first].begin, to = tokens[lastDefault].end;
  auto lexError = std::lower_bound(lexed.errorOffsets.begin(), lexed.errorOffsets.end(), from);
  if (lexError != lexed.errorOffsets.end() && *lexError < to) return std::nullopt;
  return buffer.substr(from, to - from);
}

/// One item's result, kept until it is merged.
struct ItemSlot {
  ParsedItem item;
  std::vector<Diagnostic> diags;
  std::optional<std::string_view> key;  ///< its cache key, when cacheable
  bool reused = false;                  ///< copied from the cache, not parsed
};

void countPieces(const ParseOptions& options, const ParsedItem& item) {
  if (options.counts && item.inPieces) ++options.counts->inPieces;
}

}  // namespace

namespace {

/// $FLYTEC_JOBS as a number; 0 when unset or not a number.
unsigned jobsFromEnvironment() {
  const char* env = std::getenv("FLYTEC_JOBS");
  return env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : 0;
}

}  // namespace

unsigned configuredJobs(unsigned jobs) {
  if (jobs == 0) jobs = jobsFromEnvironment();
  return jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

unsigned parseJobs(const ParseOptions& options, size_t bytes, size_t items) {
  // Threads chosen by -j or $FLYTEC_JOBS apply to any file; chosen
  // automatically, only to a file large enough to repay them.
  const bool chosen = options.jobs || jobsFromEnvironment();
  if (!chosen && bytes < kParallelParseMinBytes) return 1;
  return static_cast<unsigned>(std::clamp<size_t>(items, 1, configuredJobs(options.jobs)));
}

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr& sm, unsigned bufferId,
                                       DiagnosticEngine& diags, const ParseOptions& options) {
  std::unique_ptr<ast::File> file = parseMemoryBuffer(*sm.getMemoryBuffer(bufferId), diags, options);
  file->bufferId = bufferId;
  return file;
}

std::unique_ptr<ast::File> parseMemoryBuffer(const llvm::MemoryBuffer& mb, DiagnosticEngine& diags,
                                             const ParseOptions& options) {
  std::string_view buffer(mb.getBufferStart(), mb.getBufferSize());
  const char* base = mb.getBufferStart();
  auto file = std::make_unique<ast::File>();
  file->path = mb.getBufferIdentifier().str();

  Clock::time_point t0 = Clock::now();
  LexedFile lexed = lex(buffer, base, diags);
  const std::vector<Token>& tokens = lexed.tokens;
  std::vector<size_t> starts = itemStarts(lexed);
  // The nesting limit stopped the lexer inside the last item: skip it.
  size_t count = starts.size() - (lexed.truncated && !starts.empty() ? 1 : 0);
  auto endOf = [&](size_t k) { return k + 1 < starts.size() ? starts[k + 1] : tokens.size(); };
  Clock::time_point t1 = Clock::now();

  // Slots in source order; cached declarations are filled in up front.
  std::vector<ItemSlot> slots(count);
  std::vector<size_t> toParse;
  toParse.reserve(count);
  ParseCache::Session session;
  if (options.cache) {
    session = options.cache->begin();
    std::vector<std::optional<std::string_view>> keys(count);
    for (size_t k = 0; k < count; ++k) keys[k] = slots[k].key = reuseKey(buffer, lexed, starts[k], endOf(k));
    std::vector<ast::DeclPtr> reused = session.reuseAll(keys, configuredJobs(options.jobs));
    for (size_t k = 0; k < count; ++k) {
      if (!reused[k]) continue;
      slots[k].item.kind = ParsedItem::Kind::Decl;
      slots[k].item.decl = std::move(reused[k]);
      slots[k].reused = true;
    }
  }
  for (size_t k = 0; k < count; ++k)
    if (!slots[k].reused) toParse.push_back(k);
  auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
  bool stopped = false;

  unsigned jobs = parseJobs(options, buffer.size(), toParse.size());
  if (jobs <= 1) {
    // One thread: each item joins the file as soon as it is built, its
    // diagnostics straight into `diags` (the error limit applies as it goes).
    ItemParser parser(buffer, base, lexed, /*helperThread=*/false, options.workflowPiecesFrom);
    for (size_t k = 0; k < count; ++k) {
      if (cancelled()) {
        stopped = true;
        break;
      }
      ItemSlot& slot = slots[k];
      if (slot.reused) {
        if (options.counts) ++options.counts->reused;
        AstBuilder::addToFile(std::move(slot.item), *file, diags);
        continue;
      }
      if (options.counts) ++options.counts->parsed;
      size_t diagsBefore = diags.reportTally();
      size_t declsBefore = file->decls.size();
      ParsedItem item = parser.parse(starts[k], endOf(k), diags);
      countPieces(options, item);
      AstBuilder::addToFile(std::move(item), *file, diags);
      bool clean = diags.reportTally() == diagsBefore && !diags.limitReached();
      if (slot.key && clean && file->decls.size() == declsBefore + 1)
        session.remember(*slot.key, file->decls.back());
    }
  } else {
    // Each thread takes the next unparsed item; item k's results go to slot
    // k with its diagnostics in an engine of its own (same warning options,
    // no error limit: the limit applies when merging, in source order).
    DiagnosticOptions itemOptions = diags.options();
    itemOptions.maxErrors = 0;
    std::atomic<size_t> next{0};
    std::vector<std::unique_ptr<ItemParser>> parsers;
    for (unsigned j = 0; j < jobs; ++j)
      parsers.push_back(
          std::make_unique<ItemParser>(buffer, base, lexed, /*helperThread=*/j != 0, options.workflowPiecesFrom));
    auto work = [&](ItemParser& parser) {
      for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < toParse.size();) {
        if (cancelled()) return;
        size_t k = toParse[i];
        DiagnosticEngine itemDiags(itemOptions);
        slots[k].item = parser.parse(starts[k], endOf(k), itemDiags);
        slots[k].diags = std::move(itemDiags.diagnostics());
      }
    };
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(work, std::ref(*parsers[j]));
    work(*parsers[0]);  // the calling thread, with its own warm cache
    for (std::thread& t : threads) t.join();
    stopped = cancelled();
    if (!stopped) {
      if (options.counts) {
        options.counts->reused += count - toParse.size();
        options.counts->parsed += toParse.size();
      }
      for (ItemSlot& slot : slots) {
        bool clean = !slot.reused && slot.diags.empty();
        if (!slot.reused) countPieces(options, slot.item);
        for (Diagnostic& d : slot.diags) diags.absorb(std::move(d));
        size_t declsBefore = file->decls.size();
        AstBuilder::addToFile(std::move(slot.item), *file, diags);
        if (slot.key && clean && file->decls.size() == declsBefore + 1)
          session.remember(*slot.key, file->decls.back());
      }
    }
  }
  if (options.cache && !stopped) options.cache->commit(std::move(session));
  if (options.stats) {
    options.stats->lexSeconds += std::chrono::duration<double>(t1 - t0).count();
    options.stats->itemSeconds += secondsSince(t1);
    options.stats->items += toParse.size();
    options.stats->maxJobs = std::max(options.stats->maxJobs, jobs);
  }
  return file;
}

void dumpTokens(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                llvm::raw_ostream& os) {
  const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(bufferId);
  std::string_view buffer(mb->getBufferStart(), mb->getBufferSize());
  LexedFile lexed = lex(buffer, mb->getBufferStart(), diags);
  for (const Token& t : lexed.tokens) {
    auto [line, col] = sm.getLineAndColumn(llvm::SMLoc::getFromPointer(mb->getBufferStart() + t.begin), bufferId);
    std::string text(t.text(buffer));
    std::string escaped;
    for (char c : text) {
      if (c == '\n') escaped += "\\n";
      else if (c == '\t') escaped += "\\t";
      else if (c == '\r') escaped += "\\r";
      else escaped += c;
    }
    os << line << ":" << col << " " << tokenTypeName(t.type) << " '" << escaped << "'\n";
  }
}

}  // namespace flytec
