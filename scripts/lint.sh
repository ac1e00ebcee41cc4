#!/usr/bin/env bash
# Checks the house style (.clang-format, .clang-tidy; ../shared/STYLE.md).
#   scripts/lint.sh            the formatting of every C++ file (fast; test.sh runs it)
#   scripts/lint.sh --tidy [BASE]
#                              also clang-tidy on the C++ files changed since BASE
#                              (default: origin/main, else HEAD~1), with the dev
#                              build's compile_commands.json
#   scripts/lint.sh --fix      reformats every C++ file in place
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-check}
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')

if [ "$mode" = --fix ]; then
  clang-format -i "${files[@]}"
  echo "lint: reformatted ${#files[@]} files"
  exit 0
fi

unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" 2>/dev/null; then unformatted+=("$file"); fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
  printf 'lint: not formatted as .clang-format says (scripts/lint.sh --fix):\n' >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
echo "lint: all ${#files[@]} C++ files formatted"

if [ "$mode" = --tidy ]; then
  base=${2:-$(git rev-parse --verify -q origin/main || git rev-parse HEAD~1)}
  mapfile -t changed < <(git diff --name-only --diff-filter=AM "$base" -- '*.cpp')
  [ ${#changed[@]} -eq 0 ] && { echo "lint: no C++ source changed since $base"; exit 0; }
  [ -f build/dev/compile_commands.json ] || cmake --preset dev >/dev/null
  # g++'s own warning options mean nothing to clang; ignore them.
  clang-tidy -p build/dev --quiet --extra-arg=-Wno-unknown-warning-option "${changed[@]}"
fi
