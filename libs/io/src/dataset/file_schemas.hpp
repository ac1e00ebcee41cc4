// The column schemas of the interchange folder's files (spec: "Interchange
// format (CSV)"): each file's name and columns, the codes its columns take,
// and the rules beyond a column's type, written once for every row path
// (general, direct, by shape; a workbook's sheets are read as these files).
// Internal to io.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "../row_reader.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/records.hpp"

namespace supeval::io::dataset {

inline const FileSpec kSuppliers{"suppliers.csv", true, {"supplier_id", "name"}, {"country", "qz3"}};
inline const FileSpec kPlants{"plants.csv", true, {"plant_id", "name"}, {"workweek", "company"}};
inline const FileSpec kCalendar{"calendar.csv", false, {"plant_id", "date", "working"}, {"note"}};
inline const FileSpec kMaterials{"materials.csv", true, {"material_id", "commodity", "unit", "kind"}, {}};
inline const FileSpec kDeliveries{
    "deliveries.csv",
    true,
    {"delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty", "receipt_date", "received_qty"},
    {"type"}};
inline const FileSpec kComplaints{"complaints.csv",
                                  false,
                                  {"complaint_id", "supplier_id", "plant_id", "date", "type", "justified", "status"},
                                  {"delivery_id", "material_id", "defect", "rejected_qty", "affected_qty",
                                   "returned_on", "confirmed_qty", "confirmed_on"}};
inline const FileSpec kCertifications{
    "certifications.csv", false, {"supplier_id", "standard", "valid_from", "valid_to"}, {}};
inline const FileSpec kHolds{"holds.csv", false, {"supplier_id", "status", "reason", "imposed_on"}, {"withdrawn_on"}};

// Every file of the data set, in the order listings name them.
inline const std::array<const FileSpec*, 8> kDatasetFiles{&kSuppliers,  &kPlants,     &kCalendar,       &kMaterials,
                                                          &kDeliveries, &kComplaints, &kCertifications, &kHolds};

// The codes of the coded columns.
inline constexpr std::array<EnumName<core::MaterialKind>, 2> kMaterialKinds{
    {{"purchased", core::MaterialKind::kPurchased}, {"raw", core::MaterialKind::kRaw}}};
// deliveries.csv's type; its direct paths compare a field to these words.
inline constexpr char kSeriesWord[] = "series";
inline constexpr char kSampleWord[] = "sample";
inline constexpr std::array<EnumName<core::DeliveryType>, 2> kDeliveryTypes{
    {{kSeriesWord, core::DeliveryType::kSeries}, {kSampleWord, core::DeliveryType::kSample}}};
inline constexpr std::array<EnumName<core::ComplaintType>, 3> kComplaintTypes{
    {{"complaint", core::ComplaintType::kComplaint},
     {"notification", core::ComplaintType::kNotification},
     {"sample", core::ComplaintType::kSample}}};
inline constexpr std::array<EnumName<bool>, 2> kOpenClosed{{{"open", true}, {"closed", false}}};
inline constexpr std::array<EnumName<bool>, 2> kWorking{{{"1", true}, {"0", false}}};
inline constexpr std::array<EnumName<bool>, 2> kQz3Modes{{{"evaluate", false}, {"exempt", true}}};
inline constexpr std::array<EnumName<core::HoldReason>, 2> kHoldReasons{
    {{"quality", core::HoldReason::kQuality}, {"delivery", core::HoldReason::kDelivery}}};
inline constexpr std::array<EnumName<bool>, 1> kHoldStatuses{{{"new_business_hold", true}}};
inline constexpr std::array<EnumName<bool>, 5> kUnits{
    {{"pc", true}, {"kg", true}, {"m", true}, {"m2", true}, {"l", true}}};

// deliveries.csv: a due quantity is more than 0 (a parsed quantity is never
// negative). Every row path asks this; the general one words the problem.
inline bool DueQtyAllowed(const core::Decimal& due_qty) { return due_qty.micros() != 0; }
inline std::string DueQtyProblem(std::string_view text) { return InQuotes(text) + " must be greater than 0"; }

// The columns of deliveries.csv, resolved once per file (DeliveryColumnsOf).
struct DeliveryColumns {
  Column id, supplier, plant, material, due_date, due_qty, receipt_date, received_qty, type;
};

inline DeliveryColumns DeliveryColumnsOf(const ColumnMap& columns) {
  const auto column = [&](std::string_view name) { return Column{name, columns.Find(name)}; };
  return {column("delivery_id"),  column("supplier_id"),  column("plant_id"),
          column("material_id"),  column("due_date"),     column("due_qty"),
          column("receipt_date"), column("received_qty"), column("type")};
}

// The columns of complaints.csv, resolved once per file (ComplaintColumnsOf).
struct ComplaintColumns {
  Column id, supplier, plant, date, type, justified, status, delivery, material, defect, rejected_qty, affected_qty,
      returned_on, confirmed_qty, confirmed_on;
};

inline ComplaintColumns ComplaintColumnsOf(const ColumnMap& columns) {
  const auto column = [&](std::string_view name) { return Column{name, columns.Find(name)}; };
  return {column("complaint_id"), column("supplier_id"),   column("plant_id"),     column("date"),
          column("type"),         column("justified"),     column("status"),       column("delivery_id"),
          column("material_id"),  column("defect"),        column("rejected_qty"), column("affected_qty"),
          column("returned_on"),  column("confirmed_qty"), column("confirmed_on")};
}

}  // namespace supeval::io::dataset
