// Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`), accepted and valued
// exactly as k8s.io/apimachinery resource.ParseQuantity does, which is what
// flyteadmin applies to a task's requests and limits (spec §6 "Resources").
//
// A Quantity holds its value exactly (a decimal digit string and a power of
// ten), after the two adjustments ParseQuantity itself makes: values are
// rounded up (away from zero) to a multiple of 1e-9, and binary-suffixed
// (`Ki`..`Ei`) values are capped at 2^63-1 in magnitude. So `0.5` == `500m`,
// `1Gi` > `1G`, and comparisons never go through floating point.
//
// What it does not do: know which resource a quantity is for (cpu, memory),
// apply platform caps, or emit diagnostics; typecheck/ does that with the
// results here. It does not reproduce ParseQuantity's int32 wrap-around of
// absurd exponents beyond ±2^31 (the parsed exponent is truncated to int32 as
// Go does, but later arithmetic does not wrap).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flytec::idl {

/// The suffix family, as k8s names it (resource.Format).
enum class QuantityFormat {
  DecimalExponent,  ///< `e3`, `E-2`
  BinarySI,         ///< `Ki Mi Gi Ti Pi Ei`
  DecimalSI,        ///< `n u m "" k M G T P E`
};

/// An exactly represented quantity. Build one with parseQuantity.
class Quantity {
public:
  /// Zero, as `"0"` parses.
  Quantity() = default;

  /// True for zero (`0`, `0Mi`, `-0`, and also `+`, `.`, `Ki`, which k8s reads as zero).
  bool isZero() const { return digits_.empty(); }
  /// True below zero (k8s accepts `-1`; parseSourceQuantity does not).
  bool isNegative() const { return negative_; }
  /// -1, 0 or 1.
  int sign() const { return isZero() ? 0 : (negative_ ? -1 : 1); }
  /// True when the value is an integer (a whole number of cores, bytes, GPUs).
  bool isWhole() const { return isZero() || exp10_ >= 0; }

  /// Exact three-way comparison of the values (formats and spelling ignored).
  int compare(const Quantity& other) const;
  friend bool operator==(const Quantity& a, const Quantity& b) { return a.compare(b) == 0; }
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
    return a.compare(b) <=> 0;
  }

  /// The value rounded away from zero to a multiple of 10^scale10 (k8s
  /// Quantity.RoundUp). roundUpToWhole(0) gives what flyteadmin compares:
  /// Value() is "rounded up to the nearest integer away from 0".
  Quantity roundUpToWhole(int32_t scale10 = 0) const;

  /// k8s ScaledValue: ceil(q / 10^scale10) (away from zero), or nullopt when
  /// it does not fit an int64 (where Go silently overflows).
  std::optional<int64_t> scaledValue(int32_t scale10) const;
  /// k8s Value(): scaledValue(0).
  std::optional<int64_t> value() const { return scaledValue(0); }
  /// k8s MilliValue(): scaledValue(-3).
  std::optional<int64_t> milliValue() const { return scaledValue(-3); }

  /// The value as a double (bytes for memory, cores for cpu), correctly
  /// rounded; for admitting tasks by their requests at run time. Huge values
  /// give +inf.
  double toBytesOrUnits() const;

  /// The exact value in plain decimal (`0.5`, `1073741824`, `-3`); with a
  /// scientific form (`1e+40`) when the exponent is beyond 30, to stay short.
  std::string toDecimalString() const;

  /// The suffix as written (`Mi`, `m`, `e3`, or empty).
  const std::string& suffix() const { return suffix_; }
  /// The suffix family as written (k8s Format; an empty suffix is DecimalSI).
  QuantityFormat format() const { return format_; }
  /// The text this was parsed from.
  const std::string& text() const { return text_; }

  /// The significant digits (no leading or trailing zeros; empty for zero)
  /// and the power of ten: |value| = digits * 10^exponent.
  const std::string& digits() const { return digits_; }
  int64_t exponent() const { return exp10_; }

private:
  friend struct QuantityBuilder;
  std::string digits_;
  int64_t exp10_ = 0;
  bool negative_ = false;
  QuantityFormat format_ = QuantityFormat::DecimalSI;
  std::string suffix_;
  std::string text_ = "0";
};

/// Why a text is not a quantity.
enum class QuantityErrorKind {
  None,
  FormatWrong,  ///< k8s ErrFormatWrong: empty, or a character out of place
  Suffix,       ///< k8s ErrSuffix: letters that are not a suffix (`K`, `Gb`, `e`)
  Numeric,      ///< k8s ErrNumeric: no digits where k8s needs some (`Pi`, `.e-10`)
  Negative,     ///< flytec's source rule: a `-` sign (k8s accepts it)
};

/// The reason a parse failed.
struct QuantityError {
  QuantityErrorKind kind = QuantityErrorKind::None;
  /// Lower-case, for a diagnostic: "unknown suffix `GB`; ...".
  std::string message;
  /// Byte offset of the first character at fault.
  size_t offset = 0;
  /// The error text ParseQuantity itself returns (what flyteadmin reports).
  std::string k8sMessage() const;
};

/// A Quantity or the reason there is none.
struct QuantityParse {
  std::optional<Quantity> quantity;
  QuantityError error;
  explicit operator bool() const { return quantity.has_value(); }
};

/// Exactly k8s ParseQuantity's accept set and value (negatives included).
std::optional<Quantity> parseQuantity(std::string_view text);
/// parseQuantity with the reason on failure.
QuantityParse parseQuantityWithReason(std::string_view text);
/// flytec's source rule (spec §6): ParseQuantity's, and no `-` sign.
QuantityParse parseSourceQuantity(std::string_view text);

/// A fix-it for a common mistake, only when the intent is certain and the
/// result is a valid source quantity: `1GB`->`1G`, `512MB`->`512M`,
/// `1gi`->`1Gi`, `1mi`->`1Mi`, `2GiB`->`2Gi`, `1K`->`1k`, `1KB`->`1k`,
/// `100 Mi`->`100Mi`, ` 1` -> `1`. Lower-case `b` is read as bytes only when
/// the whole suffix is lower-case (`512mb`); `Gb`/`Mb` (bits) get nothing.
/// nullopt for a valid text, a negative one, or anything else.
std::optional<std::string> suggestQuantityFix(std::string_view bad);

/// True for a quantity written with the milli suffix `m`: for memory that
/// means thousandths of a byte (`mem = "500m"` is W0508).
bool isMilliBytes(const Quantity& q);
/// The same test on text; false when the text does not parse.
bool isMilliBytes(std::string_view text);

} // namespace flytec::idl
