// Splitting a data-set fuzz input into its options and files, and growing
// deliveries.csv past one block.
#include "dataset_input.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace supeval::fuzz {
namespace {

constexpr std::string_view kFileMark = "@@ ";
constexpr int kMaxThreads = 4;

std::string_view WithoutCarriageReturn(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void ApplyOption(std::string_view line, DatasetInput& input) {
  const auto equals = line.find('=');
  if (equals == std::string_view::npos) return;
  const std::string_view key = line.substr(0, equals);
  const std::string_view value = WithoutCarriageReturn(line.substr(equals + 1));
  if (key == "period") {
    input.period = value;
  } else if (key == "explain") {
    input.explain_supplier = std::string(value);
  } else if (key == "threads") {
    int threads = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), threads);
    if (error == std::errc{} && end == value.data() + value.size()) input.threads = std::clamp(threads, 1, kMaxThreads);
  } else if (key == "blocks") {
    if (value != "1") input.grown_files.insert("deliveries.csv");
  } else if (key == "grow") {
    input.grown_files.insert(std::string(value));
  }
}

// The start of the next line that opens a file, at or after `from` (a line start).
std::size_t NextFileMark(std::string_view text, std::size_t from) {
  for (std::size_t line = from; line < text.size();) {
    if (text.substr(line).starts_with(kFileMark)) return line;
    const auto end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return text.size();
}

// The first field of `row` split into its text and its trailing digits.
struct NumberedField {
  std::string_view prefix;
  std::string_view digits;
};

NumberedField SplitNumber(std::string_view row) {
  const std::string_view field = row.substr(0, row.find_first_of(",\r\n"));
  std::size_t digits = 0;
  while (digits < field.size() && digits < 18 && field[field.size() - 1 - digits] >= '0' &&
         field[field.size() - 1 - digits] <= '9') {
    ++digits;
  }
  return {field.substr(0, field.size() - digits), field.substr(field.size() - digits)};
}

}  // namespace

DatasetInput ParseDatasetInput(std::string_view text) {
  DatasetInput input;
  const std::size_t first_file = NextFileMark(text, 0);
  for (std::size_t line = 0; line < first_file;) {
    const auto end = std::min(text.find('\n', line), first_file);
    ApplyOption(text.substr(line, end - line), input);
    line = end + 1;
  }
  for (std::size_t mark = first_file; mark < text.size();) {
    const auto name_end = std::min(text.find('\n', mark), text.size());
    const std::string_view name =
        WithoutCarriageReturn(text.substr(mark + kFileMark.size(), name_end - mark - kFileMark.size()));
    const std::size_t content = std::min(name_end + 1, text.size());
    const std::size_t next = NextFileMark(text, content);
    input.files[std::string(name)] = std::string(text.substr(content, next - content));
    mark = next;
  }
  return input;
}

std::string GrowPastOneBlock(std::string_view deliveries) {
  const auto header_end = deliveries.find('\n');
  if (header_end == std::string_view::npos) return std::string(deliveries);
  const auto first_row_end = deliveries.find('\n', header_end + 1);
  if (first_row_end == std::string_view::npos) return std::string(deliveries);
  const std::string_view first_row = deliveries.substr(header_end + 1, first_row_end - header_end);
  const std::string_view rest = deliveries.substr(first_row_end + 1);
  const auto [prefix, digits] = SplitNumber(first_row);
  const std::string_view after_number = first_row.substr(prefix.size() + digits.size());

  std::uint64_t modulus = 1;
  for (std::size_t i = 0; i < digits.size(); ++i) modulus *= 10;
  std::uint64_t number = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), number);

  // The other rows start half their length before the first block ends.
  const std::size_t filled_to =
      header_end + 1 + kDeliveryBlockBytes - std::min(rest.size() / 2, kDeliveryBlockBytes / 2);
  std::string grown(deliveries.substr(0, first_row_end + 1));
  grown.reserve(filled_to + rest.size());
  std::string number_text(digits.size(), '0');
  while (grown.size() + first_row.size() <= filled_to) {
    number = (number + 1) % modulus;
    std::uint64_t value = number;
    for (std::size_t i = digits.size(); i-- > 0; value /= 10) number_text[i] = static_cast<char>('0' + value % 10);
    grown.append(prefix).append(number_text).append(after_number);
  }
  grown.append(rest);
  return grown;
}

}  // namespace supeval::fuzz
