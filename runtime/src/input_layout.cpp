// Writing an execution's inputs directory (see input_layout.h).
#include "runtime/input_layout.h"

#include "support/atomic_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "diagnostics/diagnostic_reason.h"
#include "idl/serialize.h"
#include "runtime/literal_text.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;
using flyteidl::core::Scalar;

namespace {

/// Removes the empty directories of a `dir` input's copy, deepest first, the
/// top one included: Flyte's data sidecar downloads a multipart blob file by
/// file and makes only the parent directories of the files it writes
/// (flyteorg/flyte v1.16.5 flytecopilot/data/download.go:182-185, handleBlob),
/// so an empty directory, at the top or nested, is absent on a cluster. The
/// copy is the run's own; nothing of the user's is touched.
void pruneEmptyDirs(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) pruneEmptyDirs(entry.path());
  if (fs::is_empty(dir, ec) && !ec) fs::remove(dir, ec);
}

bool writePlain(const fs::path& path, const std::string& data, std::string& error) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = reasonText(reason::cannot_write, path.string(), std::strerror(errno));
    return false;
  }
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = reasonText(reason::cannot_write, path.string(), std::strerror(errno));
      close(fd);
      return false;
    }
    off += static_cast<size_t>(n);
  }
  close(fd);
  return true;
}

}  // namespace

bool writeFileAtomically(const fs::path& path, const std::string& data, std::string& error) {
  if (support::writeFileAtomically(path.string(), data, error)) return true;
  error = reasonText(reason::cannot_write, path.string(), error);
  return false;
}

bool writeLiteral(const fs::path& path, const Literal& value, Literal* localized, std::string& error,
                  const StopFlag* stop) {
  if (localized) *localized = value;
  switch (value.value_case()) {
    case Literal::kCollection: {
      std::error_code ec;
      fs::create_directories(path, ec);
      if (ec) return error = reasonText(reason::cannot_create, path.string(), ec.message()), false;
      const auto& items = value.collection().literals();
      for (int i = 0; i < items.size(); ++i) {
        Literal* loc = localized ? localized->mutable_collection()->mutable_literals(i) : nullptr;
        if (!writeLiteral(path / std::to_string(i), items[i], loc, error, stop)) return false;
      }
      return true;
    }
    case Literal::kMap: {
      std::error_code ec;
      fs::create_directories(path, ec);
      if (ec) return error = reasonText(reason::cannot_create, path.string(), ec.message()), false;
      for (const auto& kv : value.map().literals()) {
        if (kv.first.empty() || kv.first == "." || kv.first == ".." || kv.first.find('/') != std::string::npos) {
          error = reasonText(reason::dict_key_not_a_file_name, kv.first);
          return false;
        }
        Literal* loc = localized ? &(*localized->mutable_map()->mutable_literals())[kv.first] : nullptr;
        if (!writeLiteral(path / kv.first, kv.second, loc, error, stop)) return false;
      }
      return true;
    }
    case Literal::kScalar: break;
    default:
      error = reasonText(reason::value_kind_has_no_layout);
      return false;
  }
  const Scalar& s = value.scalar();
  switch (s.value_case()) {
    case Scalar::kBlob: {
      if (!copyTree(blobPath(s.blob().uri()), path, CopyOptions{false, stop}, error)) return false;
      if (s.blob().metadata().type().dimensionality() == flyteidl::core::BlobType::MULTIPART)
        pruneEmptyDirs(path);
      if (localized) localized->mutable_scalar()->mutable_blob()->set_uri(path.string());
      return true;
    }
    case Scalar::kGeneric: return writePlain(path, literalToJson(value), error);
    case Scalar::kBinary: return writePlain(path, s.binary().value(), error);
    case Scalar::kUnion: {
      Literal* loc = localized ? localized->mutable_scalar()->mutable_union_()->mutable_value() : nullptr;
      return writeLiteral(path, s.union_().value(), loc, error, stop);
    }
    default: break;
  }
  if (auto text = fileText(value)) return writePlain(path, *text, error);
  error = reasonText(reason::value_kind_has_no_layout);
  return false;
}

bool writeInputLayout(const fs::path& dir, const LiteralMap& inputs, const LayoutRequest& req,
                      std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return error = reasonText(reason::cannot_create, dir.string(), ec.message()), false;
  bool all = req.refs.everything || req.refs.json;
  LiteralMap localized;
  for (const auto& [name, value] : inputs.literals()) {
    auto it = req.refs.inputs.find(name);
    bool whole = all || (it != req.refs.inputs.end() && it->second.whole);
    bool element = it != req.refs.inputs.end() && it->second.element;
    Literal* loc = all ? &(*localized.mutable_literals())[name] : nullptr;
    if (whole) {
      if (!writeLiteral(dir / name, value, loc, error, req.stop)) return false;
      continue;
    }
    if (!element) continue;
    if (req.elementIndex && req.mappedInputs.count(name) && value.has_collection() &&
        *req.elementIndex < static_cast<size_t>(value.collection().literals_size())) {
      fs::create_directories(dir / name, ec);
      if (!writeLiteral(dir / name / std::to_string(*req.elementIndex),
                        value.collection().literals(static_cast<int>(*req.elementIndex)), nullptr, error,
                        req.stop))
        return false;
    } else if (!writeLiteral(dir / name, value, nullptr, error, req.stop)) {
      return false;
    }
  }
  if (all && !writePlain(dir / "inputs.json", literalMapToJson(localized), error)) return false;
  if ((req.refs.everything || req.refs.pb) &&
      !writePlain(dir / "inputs.pb", idl::serializeDeterministic(inputs), error))
    return false;
  return true;
}

}  // namespace flytec::rt
