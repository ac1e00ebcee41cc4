// The shared state of a data set's reading: built from the rules, and the
// line count that sizes a file's records before they are read.
#include "dataset_state.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "../byte_scan.hpp"

namespace supeval::io::dataset {

DatasetState::DatasetState(std::filesystem::path dir, const core::RuleSet& rule_set)
    : directory(dir), source(std::move(dir)), rules(rule_set) {
  for (const core::CertificationRow& row : rules.certification_rows) {
    for (const auto& group : row.all_of) known_standards.insert(group.begin(), group.end());
  }
}

std::size_t CountLines(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return 0;
  std::vector<char> buffer(1 << 16);
  std::size_t lines = 0;
  for (std::size_t read; (read = std::fread(buffer.data(), 1, buffer.size(), file)) > 0;) {
    lines += detail::CountByte(std::string_view(buffer.data(), read), '\n');
  }
  std::fclose(file);
  return lines;
}

}  // namespace supeval::io::dataset
