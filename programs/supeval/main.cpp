// supeval: the command-line program. All logic lives in supeval::cli; this only
// turns an escaping exception into exit status 1.
#include <exception>
#include <iostream>

#include "supeval/cli/cli.hpp"

int main(int argc, char** argv) {
  try {
    return supeval::cli::Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "supeval: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "supeval: internal error\n";
  }
  return supeval::cli::kExitInternal;
}
