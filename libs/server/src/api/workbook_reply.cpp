// Answering `?format=xlsx` with a workbook (workbook_reply.hpp).
#include "workbook_reply.hpp"

#include "supeval/report/workbook.hpp"

namespace supeval::server {

core::Result<bool> WantsWorkbook(const Request& request) {
  const std::optional<std::string> format = QueryString(request, "format");
  if (!format || *format == "json") return false;
  if (*format == "xlsx") return true;
  return core::BadInput("format is json (the default) or xlsx", {"", 0, "format"});
}

core::Result<Reply> WorkbookReply(core::Result<service::WorkbookFile> file) {
  if (!file.ok()) return file.error();
  Reply reply;
  reply.content_type = report::kXlsxMediaType;
  reply.body = std::move(file->bytes);
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
  return reply;
}

std::string_view WorkbookVersion() { return SUPEVAL_VERSION; }

}  // namespace supeval::server
