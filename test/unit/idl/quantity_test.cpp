// Kubernetes quantities. The valid and invalid tables follow apimachinery's
// quantity_test.go (TestQuantityParse), with the exact values it expects;
// the rest covers flytec's needs (exact comparison, flyteadmin's rounding,
// the fix-its of spec §6, W0508).
#include "idl/quantity.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace flytec::idl;

namespace {

Quantity q(std::string_view text) {
  std::optional<Quantity> r = parseQuantity(text);
  EXPECT_TRUE(r) << text;
  return r.value_or(Quantity());
}

TEST(Quantity, K8sValues) {
  struct Case {
    const char* text;
    const char* value;  // exact, as toDecimalString
  } cases[] = {
      {"0", "0"},
      {"0n", "0"},
      {"0u", "0"},
      {"0m", "0"},
      {"0Ki", "0"},
      {"0k", "0"},
      {"0Mi", "0"},
      {"0e6", "0"},
      {"0e-6", "0"},
      {"0.0", "0"},
      // Binary suffixes.
      {"1Ki", "1024"},
      {"8Ki", "8192"},
      {"7Mi", "7340032"},
      {"6Gi", "6442450944"},
      {"5Ti", "5497558138880"},
      {"4Pi", "4503599627370496"},
      {"3Ei", "3458764513820540928"},
      {"7Ei", "8070450532247928832"},
      {"10Ti", "10995116277760"},
      {"100Ti", "109951162777600"},
      // Decimal suffixes.
      {"5n", "0.000000005"},
      {"4u", "0.000004"},
      {"3m", "0.003"},
      {"9", "9"},
      {"8k", "8000"},
      {"50k", "50000"},
      {"7M", "7000000"},
      {"6G", "6000000000"},
      {"5T", "5000000000000"},
      {"40T", "40000000000000"},
      {"300T", "300000000000000"},
      {"2P", "2000000000000000"},
      {"1E", "1000000000000000000"},
      // Decimal exponents.
      {"1E-3", "0.001"},
      {"1e3", "1000"},
      {"1E6", "1000000"},
      {"1e9", "1000000000"},
      {"1E12", "1000000000000"},
      {"1e15", "1000000000000000"},
      {"1E18", "1000000000000000000"},
      {"1e14", "100000000000000"},
      {"1e03", "1000"},
      {"1E+2", "100"},
      {"100.035k", "100035"},
      // Things that look like floating point.
      {"0.001", "0.001"},
      {"0.0005k", "0.5"},
      {"0.005", "0.005"},
      {"0.05", "0.05"},
      {"0.5", "0.5"},
      {"0.00050k", "0.5"},
      {"0.00500", "0.005"},
      {"0.05000", "0.05"},
      {"0.50000", "0.5"},
      {"0.5e0", "0.5"},
      {"0.5e-1", "0.05"},
      {"0.5e-2", "0.005"},
      {"10.035M", "10035000"},
      {"1.2e3", "1200"},
      {"1.3E+6", "1300000"},
      {"1.40e9", "1400000000"},
      {"1.53E12", "1530000000000"},
      {"1.6e15", "1600000000000000"},
      {"1.7E18", "1700000000000000000"},
      {"9.01", "9.01"},
      {"8.1k", "8100"},
      {"7.123456M", "7123456"},
      {"6.987654321G", "6987654321"},
      {"5.444T", "5444000000000"},
      {"40.1T", "40100000000000"},
      {"300.2T", "300200000000000"},
      {"2.5P", "2500000000000000"},
      {"1.01E", "1010000000000000000"},
      // Things that saturate or round (up, to nanos).
      {"3.001n", "0.000000004"},
      {"1.1E-9", "0.000000002"},
      {"0.0000000001", "0.000000001"},
      {"0.0000000005", "0.000000001"},
      {"0.00000000050", "0.000000001"},
      {"0.5e-9", "0.000000001"},
      {"0.9n", "0.000000001"},
      {"0.00000012345", "0.000000124"},
      {"0.00000012354", "0.000000124"},
      {"9Ei", "9223372036854775807"},
      {"8Ei", "9223372036854775807"},
      {"9223372036854775807Ki", "9223372036854775807"},
      {"12E", "12000000000000000000"},
      {"99999999999999999999", "99999999999999999999"},
      // Fractional binary values.
      {"100.035Ki", "102435.84"},
      {"0.5Mi", "524288"},
      {"0.05Gi", "53687091.2"},
      {"0.025Ti", "27487790694.4"},
      // Things written by trolls.
      {"0.000000000001Ki", "0.000000002"},
      {".001", "0.001"},
      {".0001k", "0.1"},
      {"1.", "1"},
      {"1.G", "1000000000"},
      // Signs.
      {"+1", "1"},
      {"-1", "-1"},
      {"-0", "0"},
      {"-9.01", "-9.01"},
      {"-0.9n", "-0.000000001"},
      {"-8Ei", "-9223372036854775807"},
      // No digits, accepted by ParseQuantity's fast path as zero.
      {"+", "0"},
      {"-", "0"},
      {".", "0"},
      {"Ki", "0"},
      {"Ti", "0"},
      {"e5", "0"},
      {"0Pi", "0"},
      // The exponent is truncated to int32, as Go does: 2^32 -> 0.
      {"1e4294967296", "1"},
      {"1e40", "1e+40"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    QuantityParse r = parseQuantityWithReason(c.text);
    ASSERT_TRUE(r) << r.error.message;
    EXPECT_EQ(r.quantity->toDecimalString(), c.value);
    EXPECT_EQ(r.quantity->text(), c.text);
  }
}

TEST(Quantity, K8sInvalid) {
  struct Case {
    const char* text;
    QuantityErrorKind kind;
  } cases[] = {
      {"", QuantityErrorKind::FormatWrong},
      {"1.1.M", QuantityErrorKind::FormatWrong},
      {"1+1.0M", QuantityErrorKind::FormatWrong},
      {"0.1mi", QuantityErrorKind::Suffix},
      {"0.1am", QuantityErrorKind::FormatWrong},
      {"aoeu", QuantityErrorKind::FormatWrong},
      {".5i", QuantityErrorKind::Suffix},
      {"1i", QuantityErrorKind::Suffix},
      {"-3.01i", QuantityErrorKind::Suffix},
      {"-3.01e-", QuantityErrorKind::Suffix},
      {" 1", QuantityErrorKind::FormatWrong},
      {"1 ", QuantityErrorKind::FormatWrong},
      {"1K", QuantityErrorKind::Suffix},
      {"1ki", QuantityErrorKind::Suffix},
      {"1KI", QuantityErrorKind::FormatWrong},
      {"1KiB", QuantityErrorKind::FormatWrong},
      {"1Zi", QuantityErrorKind::FormatWrong},
      {"1\xC2\xB5", QuantityErrorKind::FormatWrong},
      {"1 Ki", QuantityErrorKind::FormatWrong},
      {"1e", QuantityErrorKind::Suffix},
      {"1e+", QuantityErrorKind::Suffix},
      {"1e1.5", QuantityErrorKind::FormatWrong},
      {"1e.5", QuantityErrorKind::FormatWrong},
      {"1e3k", QuantityErrorKind::FormatWrong},
      {"1E3Ki", QuantityErrorKind::FormatWrong},
      {"1e+-3", QuantityErrorKind::FormatWrong},
      {"1ee3", QuantityErrorKind::Suffix},
      {"1KiM", QuantityErrorKind::Suffix},
      {"1..5", QuantityErrorKind::FormatWrong},
      {"1-", QuantityErrorKind::Suffix},
      {"++1", QuantityErrorKind::Suffix},  // suffix "+1"
      {"1,5", QuantityErrorKind::FormatWrong},
      {"1_000", QuantityErrorKind::FormatWrong},
      {"0x10", QuantityErrorKind::FormatWrong},
      {"1/2", QuantityErrorKind::FormatWrong},
      {"Inf", QuantityErrorKind::FormatWrong},
      {"NaN", QuantityErrorKind::FormatWrong},
      {"1GB", QuantityErrorKind::FormatWrong},
      {"1gi", QuantityErrorKind::FormatWrong},
      {"1e99999999999999999999", QuantityErrorKind::Suffix},
      // No digits on ParseQuantity's slow path: ErrNumeric.
      {"Pi", QuantityErrorKind::Numeric},
      {"Ei", QuantityErrorKind::Numeric},
      {".Ei", QuantityErrorKind::Numeric},
      {"e-10", QuantityErrorKind::Numeric},
      {".e-10", QuantityErrorKind::Numeric},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    QuantityParse r = parseQuantityWithReason(c.text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.kind, c.kind) << r.error.message;
    EXPECT_FALSE(r.error.message.empty());
    EXPECT_FALSE(r.error.k8sMessage().empty());
    EXPECT_FALSE(parseQuantity(c.text));
  }
}

TEST(Quantity, ErrorMessages) {
  QuantityParse r = parseQuantityWithReason("1GB");
  EXPECT_EQ(r.error.message.substr(0, 25), "unexpected `B` after `1G`");
  EXPECT_EQ(r.error.offset, 2u);
  EXPECT_EQ(r.error.k8sMessage(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  r = parseQuantityWithReason("1K");
  EXPECT_EQ(r.error.message.substr(0, 20), "unknown suffix `K`; ");
  EXPECT_EQ(r.error.offset, 1u);
  EXPECT_EQ(r.error.k8sMessage(), "unable to parse quantity's suffix");
  r = parseQuantityWithReason("100 Mi");
  EXPECT_EQ(r.error.message.substr(0, 28), "unexpected space after `100`");
  r = parseQuantityWithReason("Pi");
  EXPECT_EQ(r.error.k8sMessage(), "unable to parse numeric part of quantity");
}

TEST(Quantity, SourceRules) {
  EXPECT_TRUE(parseSourceQuantity("500m"));
  EXPECT_TRUE(parseSourceQuantity("+1"));
  QuantityParse r = parseSourceQuantity("-1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.kind, QuantityErrorKind::Negative);
  EXPECT_EQ(r.error.message, "a quantity cannot be negative");
  EXPECT_FALSE(parseSourceQuantity("-0.5Gi"));
  // Two suffixes are a k8s error already.
  EXPECT_EQ(parseSourceQuantity("1MiKi").error.kind, QuantityErrorKind::Suffix);
  EXPECT_EQ(parseSourceQuantity("1e3Mi").error.kind, QuantityErrorKind::FormatWrong);
  EXPECT_EQ(parseSourceQuantity("1mk").error.kind, QuantityErrorKind::Suffix);
}

TEST(Quantity, ExactCompare) {
  struct Case {
    const char* a;
    const char* b;
    int cmp;
  } cases[] = {
      {"0.5", "500m", 0},
      {"1", "1000m", 0},
      {"1k", "1e3", 0},
      {"1Gi", "1024Mi", 0},
      {"1Gi", "1073741824", 0},
      {"1Gi", "1G", 1},
      {"1G", "1Gi", -1},
      {"100Mi", "0.1Gi", -1},
      {"1.5", "1500m", 0},
      {"2", "1999m", 1},
      {"1n", "0", 1},
      {"0", "-0", 0},
      {"-1", "0", -1},
      {"-2", "-1", -1},
      {"-1Ki", "-1000", -1},
      {"9.01", "9.010", 0},
      {"90e-1", "9.01", -1},
      {"800m", "79e-2", 1},
      {"1e40", "1e39", 1},
      {"1e40", "10e39", 0},
      {"8Ei", "9Ei", 0},
      {"0.000000001", "1n", 0},
      {"0.0000000001", "1n", 0},
      {"123456789012345678901234567890", "123456789012345678901234567891", -1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " vs " + c.b);
    Quantity a = q(c.a), b = q(c.b);
    EXPECT_EQ(a.compare(b), c.cmp);
    EXPECT_EQ(b.compare(a), -c.cmp);
    EXPECT_EQ(a == b, c.cmp == 0);
    EXPECT_EQ(a < b, c.cmp < 0);
  }
}

TEST(Quantity, Predicates) {
  EXPECT_TRUE(q("0").isZero());
  EXPECT_TRUE(q("0.000Mi").isZero());
  EXPECT_TRUE(q("-0").isZero());
  EXPECT_FALSE(q("1n").isZero());
  EXPECT_EQ(q("-1").sign(), -1);
  EXPECT_EQ(q("0").sign(), 0);
  EXPECT_EQ(q("3").sign(), 1);
  EXPECT_TRUE(q("2").isWhole());
  EXPECT_TRUE(q("2000m").isWhole());
  EXPECT_TRUE(q("1.5Gi").isWhole());
  EXPECT_TRUE(q("1e3").isWhole());
  EXPECT_FALSE(q("1.5").isWhole());
  EXPECT_FALSE(q("500m").isWhole());
  EXPECT_FALSE(q("100.035Ki").isWhole());
  EXPECT_EQ(q("1.5Gi").format(), QuantityFormat::BinarySI);
  EXPECT_EQ(q("1.5G").format(), QuantityFormat::DecimalSI);
  EXPECT_EQ(q("1.5").format(), QuantityFormat::DecimalSI);
  EXPECT_EQ(q("15e-1").format(), QuantityFormat::DecimalExponent);
  EXPECT_EQ(q("15e-1").suffix(), "e-1");
  EXPECT_EQ(q("1.5Gi").digits(), "1610612736");
  EXPECT_EQ(q("1.5Gi").exponent(), 0);
  EXPECT_EQ(q("1500m").digits(), "15");
  EXPECT_EQ(q("1500m").exponent(), -1);
}

TEST(Quantity, RoundUpAsFlyteadmin) {
  // k8s TestQuantityRoundUp.
  EXPECT_EQ(q("9.01").roundUpToWhole(-3).toDecimalString(), "9.01");
  EXPECT_EQ(q("9.01").roundUpToWhole(-2).toDecimalString(), "9.01");
  EXPECT_EQ(q("9.01").roundUpToWhole(-1).toDecimalString(), "9.1");
  EXPECT_EQ(q("9.01").roundUpToWhole(0).toDecimalString(), "10");
  EXPECT_EQ(q("9.01").roundUpToWhole(1).toDecimalString(), "10");
  EXPECT_EQ(q("9.01").roundUpToWhole(2).toDecimalString(), "100");
  EXPECT_EQ(q("-9.01").roundUpToWhole(-1).toDecimalString(), "-9.1");
  EXPECT_EQ(q("-9.01").roundUpToWhole(0).toDecimalString(), "-10");
  EXPECT_EQ(q("-9.01").roundUpToWhole(2).toDecimalString(), "-100");
  // flyteadmin compares Value(): "1500m" <= "1" after rounding up.
  EXPECT_EQ(q("1500m").roundUpToWhole(), q("2"));
  EXPECT_EQ(q("1001m").roundUpToWhole(), q("2"));
  EXPECT_EQ(q("1000m").roundUpToWhole(), q("1"));
  EXPECT_EQ(q("0.5").roundUpToWhole().text(), "1");
  EXPECT_EQ(q("1n").roundUpToWhole(), q("1"));
  EXPECT_EQ(q("1Gi").roundUpToWhole(), q("1Gi"));
  EXPECT_EQ(q("0").roundUpToWhole(), q("0"));
}

TEST(Quantity, ScaledValues) {
  EXPECT_EQ(q("500m").value(), 1);
  EXPECT_EQ(q("1").value(), 1);
  EXPECT_EQ(q("1.5Gi").value(), 1610612736);
  EXPECT_EQ(q("-1.5").value(), -2);
  EXPECT_EQ(q("500m").milliValue(), 500);
  EXPECT_EQ(q("0.0001").milliValue(), 1);
  EXPECT_EQ(q("1.9999999").milliValue(), 2000);  // why flyteadmin's whole-GPU test is loose
  EXPECT_EQ(q("1k").scaledValue(3), 1);
  EXPECT_EQ(q("1001").scaledValue(3), 2);
  EXPECT_EQ(q("9223372036854775807").value(), INT64_MAX);
  EXPECT_EQ(q("-9223372036854775808").value(), INT64_MIN);
  EXPECT_EQ(q("8Ei").value(), INT64_MAX);
  EXPECT_EQ(q("9223372036854775808").value(), std::nullopt);
  EXPECT_EQ(q("1e19").value(), std::nullopt);
  EXPECT_EQ(q("1e4000000").value(), std::nullopt);
  EXPECT_EQ(q("10G").milliValue(), 10000000000000);
  EXPECT_EQ(q("0").value(), 0);
}

TEST(Quantity, ToDouble) {
  EXPECT_EQ(q("1Gi").toBytesOrUnits(), 1073741824.0);
  EXPECT_EQ(q("500m").toBytesOrUnits(), 0.5);
  EXPECT_EQ(q("2").toBytesOrUnits(), 2.0);
  EXPECT_EQ(q("1.5G").toBytesOrUnits(), 1.5e9);
  EXPECT_EQ(q("-3").toBytesOrUnits(), -3.0);
  EXPECT_EQ(q("0").toBytesOrUnits(), 0.0);
  EXPECT_EQ(q("0.1").toBytesOrUnits(), 0.1);
  EXPECT_TRUE(std::isinf(q("1e400").toBytesOrUnits()));
}

TEST(Quantity, FixIts) {
  struct Case {
    const char* bad;
    const char* fix;  // nullptr: no fix-it
  } cases[] = {
      // The brief's and the spec's.
      {"1GB", "1G"},
      {"1gi", "1Gi"},
      {"1K", "1k"},
      {"512MB", "512M"},
      {"2GiB", "2Gi"},
      {"1mi", "1Mi"},
      {"100 Mi", "100Mi"},
      // More of the same.
      {"1KB", "1k"},
      {"1kB", "1k"},
      {"1kb", "1k"},
      {"1KiB", "1Ki"},
      {"1kib", "1Ki"},
      {"1KI", "1Ki"},
      {"1MI", "1Mi"},
      {"512mb", "512M"},
      {"512Mb", nullptr},  // megabits?
      {"1Gb", nullptr},
      {"1gb", "1G"},
      {"1g", "1G"},
      {"1t", "1T"},
      {"2TB", "2T"},
      {"1PiB", "1Pi"},
      {"1EB", "1E"},
      {"1eib", "1Ei"},
      {"1.5 GB", "1.5G"},
      {"1.5 Gi", "1.5Gi"},
      {" 1", "1"},
      {"1 ", "1"},
      {"+2gi", "+2Gi"},
      {"\t4Gi\t", "4Gi"},
      // Not certain, or not a mistake of this kind.
      {"1Gi", nullptr},
      {"500m", nullptr},
      {"1m", nullptr},
      {"-1GB", nullptr},
      {"1B", nullptr},
      {"1e", nullptr},
      {"1x", nullptr},
      {"1ZB", nullptr},
      {"GB", nullptr},
      {"1,5GB", nullptr},
      {"1.1.1GB", nullptr},
      {"1 2", nullptr},
      {"", nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string("`") + c.bad + "`");
    std::optional<std::string> fix = suggestQuantityFix(c.bad);
    if (c.fix) {
      ASSERT_TRUE(fix);
      EXPECT_EQ(*fix, c.fix);
      EXPECT_TRUE(parseSourceQuantity(*fix));
    } else {
      EXPECT_FALSE(fix) << *fix;
    }
  }
}

TEST(Quantity, MilliBytes) {
  EXPECT_TRUE(isMilliBytes("500m"));
  EXPECT_TRUE(isMilliBytes("1000m"));
  EXPECT_TRUE(isMilliBytes(q("0.5m")));
  EXPECT_FALSE(isMilliBytes("500M"));
  EXPECT_FALSE(isMilliBytes("500Mi"));
  EXPECT_FALSE(isMilliBytes("0.5"));
  EXPECT_FALSE(isMilliBytes("5e-3"));
  EXPECT_FALSE(isMilliBytes("500mi"));
  EXPECT_FALSE(isMilliBytes(""));
}

} // namespace
