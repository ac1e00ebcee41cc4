// The switches and gauges of DatasetReader's row paths, for the tests and the
// fuzz targets that hold the fast paths to the general one: not part of the
// reader's interface, which gives the same rows, results and problems
// whichever path a row takes.
#pragma once

#include <cstdint>

#include "supeval/io/dataset_reader.hpp"

namespace supeval::io {

class DatasetReaderProbe {
 public:
  // Whether rows of deliveries.csv that have the fixed shape of its first
  // row (numbered ids of fixed width, the due date, in an export's column
  // order) are read by that shape, a faster path where the processor has
  // AVX-512, or all by the general reader. On by default.
  static void AllowRowsByShape(DatasetReader& reader, bool allowed);
  // How many rows the last stream read by their shape.
  [[nodiscard]] static std::uint64_t RowsReadByShape(const DatasetReader& reader);
  // Whether the last stream read deliveries.csv the optimistic way (see
  // StreamDeliveries) to its end, and whether it met a quote and read the
  // file again the careful way.
  [[nodiscard]] static bool CutAtLineEnds(const DatasetReader& reader);
  [[nodiscard]] static bool ReadAgain(const DatasetReader& reader);
};

}  // namespace supeval::io
