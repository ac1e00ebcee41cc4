// Test data for the ppm adjustment: complaints of a generated data folder
// made returned ones, with returned_on relative to today (UTC, serve's
// default --timezone), so that their deadline is ahead or behind.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "text_files.hpp"

namespace supeval::testing {

// Today moved by `days`, as YYYY-MM-DD.
inline std::string DaysFromToday(int days) {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
  const std::chrono::year_month_day civil(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(civil.year()),
                static_cast<unsigned>(civil.month()), static_cast<unsigned>(civil.day()));
  return text;
}

// In `data`/complaints.csv, the first complaints of `supplier_id` that name
// a delivery or a material (so that they count in ppm) become justified complaints counted at their rejected quantity
// (100), returned `returned_days_ago[i]` days ago, with no confirmation.
// Their ids, in that order.
inline std::vector<std::string> MakeReturnedComplaints(const std::filesystem::path& data,
                                                       const std::string& supplier_id,
                                                       const std::vector<int>& returned_days_ago) {
  const auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
  };
  std::istringstream in(ReadText(data / "complaints.csv"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::vector<std::string> header = split(lines.at(0));
  const auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::vector<std::string> ids;
  for (std::size_t row = 1; row < lines.size() && ids.size() < returned_days_ago.size(); ++row) {
    std::vector<std::string> f = split(lines[row]);
    if (f[column("supplier_id")] != supplier_id) continue;
    if (f[column("delivery_id")].empty() && f[column("material_id")].empty()) continue;
    f[column("type")] = "complaint";
    f[column("justified")] = "yes";
    f[column("defect")] = "";
    f[column("rejected_qty")] = "100";
    f[column("returned_on")] = DaysFromToday(-returned_days_ago[ids.size()]);
    f[column("confirmed_qty")] = "";
    f[column("confirmed_on")] = "";
    ids.push_back(f[column("complaint_id")]);
    std::string joined;
    for (std::size_t i = 0; i < f.size(); ++i) joined += (i == 0 ? "" : ",") + f[i];
    lines[row] = joined;
  }
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  WriteText(data / "complaints.csv", text);
  return ids;
}

}  // namespace supeval::testing
