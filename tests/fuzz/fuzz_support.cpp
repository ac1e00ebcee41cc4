// The scratch folder and the checked `evaluate --data` run of the fuzz targets.
#include "fuzz_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include "fuzz_check.hpp"
#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/result_writer.hpp"

namespace supeval::fuzz {
namespace {

// How far below a class's minimum a total may be computed and still reach
// it: the engine decides class edges on doubles with a tolerance of its own,
// far smaller than this, and a class the total does not reach misses by far
// more (issue 19, 3.2).
constexpr double kClassTolerance = 1e-6;

class Scratch {
 public:
  Scratch() {
    const std::filesystem::path pattern = std::filesystem::temp_directory_path() / "supeval-fuzz-XXXXXX";
    std::string name = pattern.string();
    if (::mkdtemp(name.data()) == nullptr) {
      std::perror("supeval fuzz: cannot create a scratch folder");
      std::abort();
    }
    path_ = name;
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void CheckClassReached(const core::SupplierResult& result, const core::RuleSet& rules) {
  if (result.grade_class.empty()) return;
  // A rule file may name two classes alike (rules_toml accepts it): any of them will do.
  const auto named = [&](const core::GradeClass& c) { return c.name == result.grade_class; };
  SUPEVAL_FUZZ_CHECK(std::any_of(rules.classes.begin(), rules.classes.end(), named),
                     "a class that the rule set does not have");
  const bool reached = std::any_of(rules.classes.begin(), rules.classes.end(), [&](const core::GradeClass& c) {
    return named(c) && *result.total + kClassTolerance >= c.min_total;
  });
  SUPEVAL_FUZZ_CHECK(reached, "a class that the total does not reach");
}

void CheckResults(const core::Evaluation& evaluation, const core::RuleSet& rules) {
  for (const core::SupplierResult& result : evaluation.results) {
    if (result.status != core::EvaluationStatus::kEvaluated) {
      SUPEVAL_FUZZ_CHECK(!result.total && result.grade_class.empty(), "a total or class of a supplier not evaluated");
      continue;
    }
    SUPEVAL_FUZZ_CHECK(result.total.has_value() && std::isfinite(*result.total), "an evaluated total not finite");
    CheckClassReached(result, rules);
  }
}

}  // namespace

const std::filesystem::path& ScratchDirectory() {
  static const Scratch scratch;
  return scratch.path();
}

void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) {
    std::fprintf(stderr, "supeval fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

void EvaluateAndWrite(const service::EvaluateRequest& request) {
  auto outcome = service::EvaluateDataset(request);
  if (!outcome.ok()) {
    SUPEVAL_FUZZ_CHECK(!outcome.error().message.empty(), "a refused data set without a message");
    return;
  }
  const core::Evaluation& evaluation = outcome->evaluation;
  CheckResults(evaluation, outcome->rules);
  SUPEVAL_FUZZ_CHECK(evaluation.explanation.has_value() == request.explain_supplier.has_value(),
                     "an explanation not asked for, or one asked for and missing");
  for (const io::ResultFormat format : {io::ResultFormat::kCsv, io::ResultFormat::kJson, io::ResultFormat::kTable}) {
    static_cast<void>(io::WriteResults(evaluation.results, outcome->period, format));
  }
  if (evaluation.explanation) {
    static_cast<void>(io::WriteExplanationText(*evaluation.explanation, outcome->period, outcome->rules));
    static_cast<void>(io::WriteExplanationJson(*evaluation.explanation, outcome->period, outcome->rules));
  }
}

}  // namespace supeval::fuzz
