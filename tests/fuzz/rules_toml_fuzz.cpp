// Fuzz target: the TOML rule-file parser of libs/io (rules_toml.hpp) on any
// bytes, and the evaluation with every rule set it accepts.
// Proves, for every input: no crash, no undefined behaviour, no exception of
// toml++ escaping; a refused file says why; an accepted rule set written back
// (WriteRuleSetToml) parses to the same rule set and the same text; and
// `supeval evaluate --rules` with it on golden data sets of tests/data runs
// clean with the evaluation's properties (fuzz_support.hpp): a rule file that
// passes the parser must not wreck results (issue 19, 3.2 and 3.10).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "supeval/io/rules_toml.hpp"

#ifndef SUPEVAL_FUZZ_TEST_DATA
#error "SUPEVAL_FUZZ_TEST_DATA must name tests/data"
#endif

namespace {

// Golden sets that reach every part of a rule set: the factory calendar and
// LZ1 bands, the commodities and the adjustment window, the certificate table,
// holds, the class edges.
constexpr std::string_view kEvaluatedSets[] = {"04_lz1_factory_calendar", "08_qz2_commodities_adjustment",
                                               "09_qz3_certificates", "10_qz3_holds_exempt", "17_class_boundaries"};

std::string PeriodOf(const std::filesystem::path& set) {
  std::ifstream file(set / "period");
  std::string period;
  std::getline(file, period);
  return period;
}

// Whether the written rule set may hold a number that is not finite, which
// does not read back equal (NaN) or is not promised to (rules_toml.hpp). Errs
// towards yes: a name with "inf" in it only skips one check.
bool MayHoldNonFinite(std::string_view written) {
  return written.find("inf") != std::string_view::npos || written.find("nan") != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto rules = supeval::io::ParseRuleSetToml(text, "fuzz.toml");
  if (!rules.ok()) {
    SUPEVAL_FUZZ_CHECK(!rules.error().message.empty(), "a refused rule file without a message");
    return 0;
  }
  const std::string written = supeval::io::WriteRuleSetToml(*rules);
  const auto again = supeval::io::ParseRuleSetToml(written, "written.toml");
  SUPEVAL_FUZZ_CHECK(again.ok(), "an accepted rule set written back does not parse");
  if (!MayHoldNonFinite(written)) {
    SUPEVAL_FUZZ_CHECK(*again == *rules, "an accepted rule set written back parses to another rule set");
  }
  SUPEVAL_FUZZ_CHECK(supeval::io::WriteRuleSetToml(*again) == written, "writing a rule set is not stable");

  const std::filesystem::path rules_file = supeval::fuzz::ScratchDirectory() / "rules.toml";
  supeval::fuzz::WriteFile(rules_file, text);
  for (const std::string_view set : kEvaluatedSets) {
    const std::filesystem::path folder = std::filesystem::path(SUPEVAL_FUZZ_TEST_DATA) / set;
    supeval::service::EvaluateRequest request;
    request.data_dir = folder;
    request.period = PeriodOf(folder);
    request.rules_file = rules_file;
    request.threads = 1;
    supeval::fuzz::EvaluateAndWrite(request);
  }
  return 0;
}
