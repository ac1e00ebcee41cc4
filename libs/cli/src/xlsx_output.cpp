// Where `--format xlsx` output may go (xlsx_output.hpp).
#include "xlsx_output.hpp"

#include <unistd.h>

#include "output.hpp"
#include "supeval/cli/cli.hpp"

namespace supeval::cli {
namespace {

// The command given last on the command line (`runs show`: show).
const CLI::App* LeafCommand(const CLI::App& app) {
  const CLI::App* command = &app;
  for (;;) {
    const auto parsed = command->get_subcommands();
    if (parsed.empty()) return command;
    command = parsed.front();
  }
}

bool GivenXlsxWithoutOutput(const CLI::App& command) {
  const CLI::Option* format = command.get_option_no_throw("--format");
  if (format == nullptr || format->count() == 0 || format->as<std::string>() != "xlsx") return false;
  const CLI::Option* output = command.get_option_no_throw("--output");
  return output == nullptr || output->count() == 0;
}

}  // namespace

std::string SupevalVersion() { return SUPEVAL_VERSION; }

int CheckBinaryOutput(const CLI::App& app, std::ostream& err) {
  if (!GivenXlsxWithoutOutput(*LeafCommand(app)) || isatty(STDOUT_FILENO) == 0) return kExitOk;
  err << "supeval: --format xlsx writes a binary workbook: give --output FILE.xlsx, or redirect standard output "
         "(> FILE.xlsx)\n";
  return kExitBadInput;
}

int EmitXlsx(const core::Result<std::string>& bytes, const std::string& output, std::ostream& out, std::ostream& err) {
  if (!bytes.ok()) return Report(bytes.error(), err);
  return Emit(*bytes, output, out, err);
}

}  // namespace supeval::cli
