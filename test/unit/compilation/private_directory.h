// A directory of a test's own, removed with it: a flytec.toml in a shared
// one would reach other tests, since a check looks for the nearest.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

namespace flytec::compilation {

class PrivateDirectory {
 public:
  /// Creates it (as its real path: the checker keys files by real path).
  explicit PrivateDirectory(const char* prefix) {
    llvm::SmallString<128> dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory(prefix, dir));
    llvm::SmallString<128> real;
    EXPECT_FALSE(llvm::sys::fs::real_path(dir, real));
    path_ = std::string(real);
  }
  ~PrivateDirectory() { llvm::sys::fs::remove_directories(path_); }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace flytec::compilation
