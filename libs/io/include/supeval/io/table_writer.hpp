// Table writer: the results of the contract commands (contracts check and
// settle, escalations, sourcing; docs/CONTRACTS.md §2) are rows of text
// cells under named columns, already formatted by the engine (money with two
// decimals, figures, dates, flags; an empty cell = not applicable). This file
// writes such a table in the three `--format`s: `csv` and `json` are the
// byte-exact contract for scripts, `table` is for people.
//
// Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "supeval/io/result_writer.hpp"

namespace supeval::io {

// A result as text. Every row has exactly one cell per column (asserted).
struct TextResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// §2 csv: the header row, then the rows; a field is quoted only when it holds
// a comma, a double quote, CR or LF (inner quotes doubled); "\n" after every line.
[[nodiscard]] std::string WriteTextResultCsv(const TextResult& result);

// §2 json: "[\n", one object per row ({"column":value,...}, no spaces; ",\n"
// after each row but the last, "\n" after it), "]\n"; an empty cell is null.
[[nodiscard]] std::string WriteTextResultJson(const TextResult& result);

// For people: the header and the rows in aligned columns two spaces apart,
// numeric columns (every non-empty cell a number such as -12.5) right-aligned,
// control characters shown as visible escapes. No rows: "(no rows)" under the header.
[[nodiscard]] std::string WriteTextResultTable(const TextResult& result);

[[nodiscard]] std::string WriteTextResult(const TextResult& result, ResultFormat format);

// `text` as a JSON string by the §2 escape rules: `"` and `\` escaped, LF CR
// tab backspace form feed as \n \r \t \b \f, other bytes below 0x20 as
// \u00xx (lower-case hex), every other byte as it is (UTF-8 passes through).
[[nodiscard]] std::string JsonStringLiteral(std::string_view text);

}  // namespace supeval::io
