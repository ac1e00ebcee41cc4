// Excel downloads over the API (issue 24 §3; API.md "Excel downloads"): a GET
// route that also offers its table as a workbook answers `?format=xlsx` with
// the .xlsx file as an attachment, under the route's own use case, so that
// who may download is exactly who may read the JSON.
#pragma once

#include "api_context.hpp"
#include "supeval/service/spreadsheets.hpp"

namespace supeval::server {

// Whether the request asks for the workbook: `format` absent or `json`: no;
// `xlsx`: yes; anything else: kBadInput (field "format").
[[nodiscard]] core::Result<bool> WantsWorkbook(const Request& request);

// 200 with the workbook's media type and `Content-Disposition: attachment;
// filename="<file_name>"` (RFC 6266; the name is the server's own).
[[nodiscard]] core::Result<Reply> WorkbookReply(core::Result<service::WorkbookFile> file);

// The version the workbooks' identity sheet names.
[[nodiscard]] std::string_view WorkbookVersion();

}  // namespace supeval::server
