// BufferLocator answers as SourceMgr::FindBufferContainingLoc does, for every
// byte of every buffer and the byte after each (a buffer's end is inside it),
// for pointers in no buffer, for buffers that view the same bytes (the
// language server's unchanged files) and for views that overlap.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "diagnostics/buffer_locator.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {
namespace {

unsigned add(llvm::SourceMgr& sm, llvm::StringRef text, llvm::StringRef name) {
  return sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(text, name, false), llvm::SMLoc());
}

/// Every byte of every buffer, its end, and one byte either side of it.
void expectSameAnswers(const llvm::SourceMgr& sm) {
  const BufferLocator where(sm);
  for (unsigned id = 1; id <= sm.getNumBuffers(); ++id) {
    const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(id);
    for (const char* p = mb->getBufferStart() - 1; p <= mb->getBufferEnd() + 1; ++p) {
      llvm::SMLoc loc = llvm::SMLoc::getFromPointer(p);
      EXPECT_EQ(where.find(loc), sm.FindBufferContainingLoc(loc))
          << "buffer " << id << ", byte " << (p - mb->getBufferStart());
    }
  }
  EXPECT_EQ(where.find(llvm::SMLoc()), 0u);
}

TEST(BufferLocator, SeparateFiles) {
  llvm::SourceMgr sm;
  std::string a = "task a() {}\n", b = "workflow w() {}\n", c = "x";
  add(sm, a, "a.flyte");
  add(sm, b, "b.flyte");
  add(sm, c, "c.flyte");
  expectSameAnswers(sm);
  const BufferLocator where(sm);
  EXPECT_EQ(where.find(llvm::SMLoc::getFromPointer(b.data() + 3)), 2u);
  EXPECT_EQ(where.find(llvm::SMLoc::getFromPointer(b.data() + b.size())), 2u);
  EXPECT_EQ(&where.sourceMgr(), &sm);
}

TEST(BufferLocator, ViewsOfTheSameBytesAnswerTheLowestId) {
  llvm::SourceMgr sm;
  std::string shared = "package p\n";
  add(sm, "other", "other.flyte");
  add(sm, shared, "first.flyte");
  add(sm, shared, "second.flyte");
  expectSameAnswers(sm);
  EXPECT_EQ(BufferLocator(sm).find(llvm::SMLoc::getFromPointer(shared.data())), 2u);
}

TEST(BufferLocator, OverlappingViews) {
  llvm::SourceMgr sm;
  std::string text = "0123456789";
  add(sm, llvm::StringRef(text).substr(4, 4), "inner");
  add(sm, text, "outer");
  add(sm, llvm::StringRef(text).substr(0, 3), "head");
  expectSameAnswers(sm);
}

TEST(BufferLocator, NoBuffers) {
  llvm::SourceMgr sm;
  std::string text = "x";
  EXPECT_EQ(BufferLocator(sm).find(llvm::SMLoc::getFromPointer(text.data())), 0u);
}

}  // namespace
}  // namespace flytec
