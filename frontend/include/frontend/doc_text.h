// A `##` doc comment held by the AST: one pointer, null when there is no
// comment. Nearly every parameter and many declarations have none, and a
// std::string in each would make every Param and Decl larger. It reads as a
// const std::string& ("" when absent) and copies deeply,
// as the LSP's parse cache clones declarations.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace flytec::ast {

class DocText {
 public:
  DocText() = default;
  DocText(std::string text) { *this = std::move(text); }
  DocText(const DocText& o) : text_(o.text_ ? std::make_unique<std::string>(*o.text_) : nullptr) {}
  DocText(DocText&&) noexcept = default;
  DocText& operator=(const DocText& o) { return *this = DocText(o); }
  DocText& operator=(DocText&&) noexcept = default;
  /// Stores `text`; an empty one stores nothing.
  DocText& operator=(std::string text) {
    text_ = text.empty() ? nullptr : std::make_unique<std::string>(std::move(text));
    return *this;
  }

  bool empty() const { return !text_; }
  const std::string& str() const { return text_ ? *text_ : empty_(); }
  operator const std::string&() const { return str(); }
  friend bool operator==(const DocText& a, std::string_view b) { return std::string_view(a.str()) == b; }

 private:
  static const std::string& empty_() {
    static const std::string e;
    return e;
  }
  std::unique_ptr<std::string> text_;
};

}  // namespace flytec::ast
