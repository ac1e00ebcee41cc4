// Synthetic data sets: master data first (small, held in memory), then the
// deliveries streamed to disk with their complaints written alongside as they
// arise. Every random choice comes from one xoshiro256** stream per file, so
// the output depends only on the options and the seed.
#include "supeval/service/generate.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "generate_contracts.hpp"
#include "generate_random.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/csv_writer.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::service {
namespace {

using core::Date;
using core::Decimal;
using io::CsvWriter;

enum Stream : std::uint64_t {
  kStreamSuppliers = 1,
  kStreamMaterials,
  kStreamCertifications,
  kStreamHolds,
  kStreamDeliveries,
  kStreamCalendar,  // + plant index
};

// ---------------------------------------------------------------- ids

int DecimalDigits(std::int64_t value) {
  int digits = 1;
  for (; value >= 10; value /= 10) ++digits;
  return digits;
}

// A prefix and a zero-padded number ("D000000042") formatted without allocating.
class IdBuffer {
 public:
  std::string_view Format(char prefix, std::int64_t number, int width) {
    char digits[24];
    char* const end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    const int length = static_cast<int>(end - digits);
    chars_[0] = prefix;
    int at = 1;
    for (int pad = length; pad < width; ++pad) chars_[static_cast<std::size_t>(at++)] = '0';
    std::copy(digits, end, chars_.begin() + at);
    return {chars_.data(), static_cast<std::size_t>(at + length)};
  }

 private:
  std::array<char, 48> chars_{};
};

std::string MakeId(char prefix, std::int64_t number, int width) {
  IdBuffer buffer;
  return std::string(buffer.Format(prefix, number, width));
}

// ------------------------------------------------------------- plants and calendars

constexpr std::int32_t kCalendarMarginDays = 90;  // receipts may fall this far outside [from, to]
constexpr double kExtraSaturdayChance = 0.08;     // about four special shifts a year

struct PlantSpec {
  std::string_view id;
  std::string_view name;
  bool monday_to_saturday = false;
  bool year_end_shutdown = false;
  bool epiphany = false;        // Heilige Drei Könige (BW, BY)
  bool corpus_christi = false;  // Fronleichnam
  bool assumption = false;      // Mariä Himmelfahrt
  bool all_saints = false;      // Allerheiligen
  bool reformation = false;     // Reformationstag
  bool children = false;        // Weltkindertag (TH)
  std::string_view company;     // plants.csv company: the scope views' roll-up
};

constexpr std::array<PlantSpec, 4> kPlants = {{
    {"P01", "Werk Schweinfurt", false, true, true, true, true, true, false, false, "ACME-SUED"},
    {"P02", "Werk Bühl", true, false, true, true, false, true, false, false, "ACME-SUED"},
    {"P03", "Werk Homburg, Saar", false, false, false, true, true, true, false, false, "ACME-WEST"},
    {"P04", "Werk \"Ilmenau\" (Thüringen)", false, true, false, false, false, false, true, true, "ACME-OST"},
}};

struct CalendarEntry {
  bool working = false;
  std::string_view note;
};
using CalendarMap = std::map<std::int32_t, CalendarEntry>;  // day number → exception

// A due date, with its index in the plant's list of working days (-1 when the
// period holds no working day at all and due dates are plain calendar days).
struct DueDay {
  Date date;
  std::int32_t work_index = -1;
};

struct Plant {
  const PlantSpec* spec = nullptr;
  CalendarMap exceptions;
  std::vector<Date> work_days;   // over [from - margin, to + margin]
  std::vector<DueDay> due_days;  // working days in [from, to]
};

// Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus).
Date EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int h = (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30;
  const int l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date::FromCivil(year, month, day);
}

bool WorksOnWeekday(const PlantSpec& spec, Date date) {
  const int weekday = date.Weekday();
  return weekday < 5 || (weekday == 5 && spec.monday_to_saturday);
}

// German public holidays (national and the plant's regional ones) and the
// plant's year-end shutdown; the first entry for a day wins.
void AddHolidays(const PlantSpec& spec, int year, CalendarMap& map) {
  const auto add = [&map](Date date, std::string_view note) { map.emplace(date.days(), CalendarEntry{false, note}); };
  const Date easter = EasterSunday(year);
  add(Date::FromCivil(year, 1, 1), "Neujahr");
  if (spec.epiphany) add(Date::FromCivil(year, 1, 6), "Heilige Drei Könige");
  add(easter - 2, "Karfreitag");
  add(easter + 1, "Ostermontag");
  add(Date::FromCivil(year, 5, 1), "Tag der Arbeit");
  add(easter + 39, "Christi Himmelfahrt");
  add(easter + 50, "Pfingstmontag");
  if (spec.corpus_christi) add(easter + 60, "Fronleichnam");
  if (spec.assumption) add(Date::FromCivil(year, 8, 15), "Mariä Himmelfahrt");
  if (spec.children) add(Date::FromCivil(year, 9, 20), "Weltkindertag");
  add(Date::FromCivil(year, 10, 3), "Tag der Deutschen Einheit");
  if (spec.reformation) add(Date::FromCivil(year, 10, 31), "Reformationstag");
  if (spec.all_saints) add(Date::FromCivil(year, 11, 1), "Allerheiligen");
  add(Date::FromCivil(year, 12, 25), "1. Weihnachtstag");
  add(Date::FromCivil(year, 12, 26), "2. Weihnachtstag");
  if (!spec.year_end_shutdown) return;
  for (int day = 24; day <= 31; ++day) {
    const Date date = Date::FromCivil(year, 12, day);
    if (WorksOnWeekday(spec, date)) add(date, "Betriebsruhe");
  }
}

Plant MakePlant(const PlantSpec& spec, std::uint64_t seed, std::uint64_t stream, Date from, Date to) {
  Plant plant;
  plant.spec = &spec;
  const Date first = from - kCalendarMarginDays;
  const Date last = to + kCalendarMarginDays;
  for (int year = first.ToCivil().year; year <= last.ToCivil().year; ++year) AddHolidays(spec, year, plant.exceptions);
  Random random(seed, stream);
  for (Date date = first; date <= last; date = date + 1) {
    const bool saturday = date.Weekday() == 5;
    if (saturday && !spec.monday_to_saturday && random.Chance(kExtraSaturdayChance)) {
      plant.exceptions.emplace(date.days(), CalendarEntry{true, "Sonderschicht"});
    }
  }
  for (Date date = first; date <= last; date = date + 1) {
    const auto exception = plant.exceptions.find(date.days());
    const bool working = exception != plant.exceptions.end() ? exception->second.working : WorksOnWeekday(spec, date);
    if (!working) continue;
    if (date >= from && date <= to) {
      plant.due_days.push_back({date, static_cast<std::int32_t>(plant.work_days.size())});
    }
    plant.work_days.push_back(date);
  }
  if (plant.due_days.empty()) {
    for (Date date = from; date <= to; date = date + 1) plant.due_days.push_back({date, -1});
  }
  return plant;
}

// ------------------------------------------------------------- materials

enum class Unit : std::uint8_t { kPc, kKg, kM, kM2, kL };
constexpr std::array<std::string_view, 5> kUnitNames = {"pc", "kg", "m", "m2", "l"};

std::string_view UnitName(Unit unit) { return kUnitNames[static_cast<std::size_t>(unit)]; }

// Commodities that are not purchased parts counted in pieces; every other
// commodity is kind `purchased`, unit `pc`.
struct CommodityTraits {
  std::string_view commodity;
  bool raw = false;
  Unit unit = Unit::kPc;
  Unit other_unit = Unit::kPc;  // a second unit some of its materials use
  bool single_pieces = false;   // tools and moulds: lots of one to four
};

constexpr std::array<CommodityTraits, 13> kCommodityTraits = {{
    {"M011", true, Unit::kKg, Unit::kM, false},
    {"M012", true, Unit::kM, Unit::kM, false},
    {"M013", true, Unit::kKg, Unit::kKg, false},
    {"M017", true, Unit::kM, Unit::kM, false},
    {"M018", true, Unit::kKg, Unit::kKg, false},
    {"M022", true, Unit::kM, Unit::kKg, false},
    {"M031", true, Unit::kKg, Unit::kKg, false},
    {"M032", true, Unit::kM2, Unit::kKg, false},
    {"M051", false, Unit::kPc, Unit::kPc, true},
    {"M052", false, Unit::kPc, Unit::kPc, true},
    {"M111", true, Unit::kL, Unit::kPc, false},
    {"M131", true, Unit::kL, Unit::kKg, false},
    {"M141", true, Unit::kL, Unit::kKg, false},
}};

CommodityTraits TraitsOf(std::string_view commodity) {
  for (const CommodityTraits& traits : kCommodityTraits) {
    if (traits.commodity == commodity) return traits;
  }
  return CommodityTraits{commodity};
}

constexpr std::int64_t kPieceMicros = Decimal::kScale;         // pieces are whole numbers
constexpr std::int64_t kMilliMicros = Decimal::kScale / 1000;  // kg, m, m2, l: up to 3 decimals
constexpr double kMainUnitShare = 0.7;                         // materials in the commodity's main unit
constexpr std::array<std::int64_t, 10> kPieceLots = {50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000};

struct Material {
  std::string id;
  std::string commodity;
  Unit unit = Unit::kPc;
  bool raw = false;
  std::int64_t lot_micros = 0;   // the usual order quantity
  std::int64_t step_micros = 0;  // the smallest quantity step of its unit
};

// Every commodity of the default rule set's B table plus the indirect ones
// missing from it (M111), in a fixed order.
std::vector<std::string> AllCommodities() {
  const core::RuleSet rules = core::DefaultRuleSet();
  std::vector<std::string> commodities;
  for (const auto& entry : rules.commodity_factors) commodities.push_back(entry.first);
  for (const std::string& indirect : rules.indirect_commodities) {
    if (!rules.commodity_factors.contains(indirect)) commodities.push_back(indirect);
  }
  return commodities;
}

Material MakeMaterial(std::string id, const std::string& commodity, Random& random) {
  const CommodityTraits traits = TraitsOf(commodity);
  Material material{std::move(id), commodity, random.Chance(kMainUnitShare) ? traits.unit : traits.other_unit,
                    traits.raw};
  std::int64_t units = 0;
  switch (material.unit) {
    case Unit::kPc:
      units = traits.single_pieces ? random.Between(1, 4) : random.Pick(kPieceLots);
      break;
    case Unit::kKg:
      units = random.Between(2, 100) * 50;
      break;
    case Unit::kM:
      units = random.Between(1, 40) * 25;
      break;
    case Unit::kM2:
      units = random.Between(1, 50) * 10;
      break;
    case Unit::kL:
      units = random.Between(1, 20) * 50;
      break;
  }
  material.lot_micros = units * Decimal::kScale;
  material.step_micros = material.unit == Unit::kPc ? kPieceMicros : kMilliMicros;
  return material;
}

// ------------------------------------------------------------- suppliers

constexpr std::int64_t kSuppliersPerSparse = 40;  // one supplier in 40 has fewer than 3 deliveries

struct Supplier {
  std::string id;
  std::string name;
  std::string_view country;
  bool exempt = false;
  std::size_t first_material = 0;
  std::size_t material_count = 0;
  std::size_t primary_plant = 0;
  double complaint_factor = 1;  // multiplies the complaint rate
  double on_time = 0.8;         // share of punctual deliveries
  int sparse_deliveries = -1;   // >= 0: exactly this many deliveries, outside the skewed draw
};

struct Country {
  std::string_view code;
  bool german_speaking = false;
  std::array<std::string_view, 3> legal_forms;
};

constexpr std::array<Country, 16> kCountries = {{
    {"DE", true, {"GmbH", "GmbH & Co. KG", "AG"}},
    {"AT", true, {"GmbH", "Ges.m.b.H.", "AG"}},
    {"CH", true, {"AG", "GmbH", "SA"}},
    {"CZ", false, {"s.r.o.", "a.s.", "s.r.o."}},
    {"PL", false, {"Sp. z o.o.", "S.A.", "Sp. z o.o."}},
    {"HU", false, {"Kft.", "Zrt.", "Kft."}},
    {"SK", false, {"s.r.o.", "a.s.", "s.r.o."}},
    {"RO", false, {"S.R.L.", "S.A.", "S.R.L."}},
    {"IT", false, {"S.p.A.", "S.r.l.", "S.r.l."}},
    {"FR", false, {"SAS", "S.A.", "SARL"}},
    {"ES", false, {"S.L.", "S.A.", "S.L."}},
    {"US", false, {"Inc.", ", Inc.", "LLC"}},
    {"MX", false, {"S.A. de C.V.", "S. de R.L.", "S.A. de C.V."}},
    {"CN", false, {"Co., Ltd.", "Co., Ltd.", "Ltd."}},
    {"IN", false, {"Pvt. Ltd.", "Ltd.", "Pvt. Ltd."}},
    {"JP", false, {"Co., Ltd.", "K.K.", "Corporation"}},
}};
constexpr double kGermanSupplierShare = 0.5;

constexpr std::array<std::string_view, 24> kGermanFamilies = {
    "Müller",  "Schmidt",    "Schneider", "Fischer", "Weber",    "Meyer", "Wagner",   "Becker",
    "Schulz",  "Hoffmann",   "Koch",      "Richter", "Klein",    "Wolf",  "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun",     "Krüger",  "Hartmann", "Lange", "Köhler",   "König"};
constexpr std::array<std::string_view, 20> kOtherFamilies = {
    "Novak", "Kowalski", "Rossi",  "Bianchi", "Dubois", "Horvath", "Popescu", "Garcia", "Silva",  "Wang",
    "Zhang", "Smith",    "Tanaka", "Kim",     "Yilmaz", "Patel",   "Jansen",  "Moreau", "Kovacs", "Lopez"};
constexpr std::array<std::string_view, 13> kGermanTrades = {
    "Präzisionstechnik", "Metallwerk", "Kunststofftechnik", "Umformtechnik",      "Gießerei",
    "Federnwerk",        "Drehteile",  "Stanztechnik",      "Oberflächentechnik", "Antriebstechnik",
    "Drahtwerk",         "Wälzlager",  "Dichtungstechnik"};
constexpr std::array<std::string_view, 13> kOtherTrades = {
    "Precision Parts", "Metal Works",        "Plastics",      "Forming", "Foundry",  "Springs", "Turned Parts",
    "Stamping",        "Surface Technology", "Drive Systems", "Wire",    "Bearings", "Seals"};
constexpr std::array<std::string_view, 6> kNicknames = {"Nord", "Süd", "Phoenix", "Atlas", "Vulcan", "Merkur"};

// A plausible company name; `style` 1 forces a quoted nickname, 2 a comma.
std::string MakeSupplierName(const Country& country, Random& random, int style) {
  const bool german = country.german_speaking;
  const std::string_view family = german ? random.Pick(kGermanFamilies) : random.Pick(kOtherFamilies);
  const std::string_view trade = german ? random.Pick(kGermanTrades) : random.Pick(kOtherTrades);
  std::string_view legal = random.Pick(country.legal_forms);
  std::string name;
  if (style == 1 || (style == 0 && random.Chance(0.04))) {
    name = std::string(trade) + " \"" + std::string(random.Pick(kNicknames)) + "\"";
  } else if (random.Chance(0.15)) {
    name = std::string(family) + " & " +
           std::string(german ? random.Pick(kGermanFamilies) : random.Pick(kOtherFamilies)) + " " + std::string(trade);
  } else {
    name = std::string(family) + " " + std::string(trade);
  }
  if (style == 2) legal = "Co., Ltd.";
  if (legal.front() != ',') name += ' ';
  name += legal;
  return name;
}

Supplier MakeSupplier(std::int64_t index, int id_width, Random& random) {
  Supplier supplier;
  supplier.id = MakeId('S', index + 1, id_width);
  const Country& country = random.Chance(kGermanSupplierShare) ? kCountries[0] : random.Pick(kCountries);
  supplier.country = country.code;
  supplier.name = MakeSupplierName(country, random, index < 2 ? static_cast<int>(index) + 1 : 0);
  supplier.exempt = index == 7 || random.Chance(0.02);
  supplier.primary_plant = random.Below(kPlants.size());
  // Quality tiers with a mean factor of about 1: half good, a third average, the rest poor.
  const std::uint64_t quality = random.Below(100);
  supplier.complaint_factor = quality < 50 ? 0.3 : quality < 85 ? 1.0 : 3.0;
  const std::uint64_t delivery = random.Below(100);
  supplier.on_time = delivery < 50 ? 0.9 : delivery < 85 ? 0.75 : 0.5;
  if (index % kSuppliersPerSparse == kSuppliersPerSparse / 2) {
    supplier.sparse_deliveries = static_cast<int>((index / kSuppliersPerSparse) % 3);
  }
  return supplier;
}

// Suppliers and their materials: the first suppliers take one commodity each
// in a shuffled order, so that every commodity is delivered once there are as
// many suppliers as commodities; commodities left over get a material no one
// delivers.
void MakeSuppliersAndMaterials(std::int64_t count, std::uint64_t seed, std::vector<Supplier>& suppliers,
                               std::vector<Material>& materials) {
  std::vector<std::string> commodities = AllCommodities();
  Random random(seed, kStreamSuppliers);
  Random material_random(seed, kStreamMaterials);
  std::vector<std::string> order = commodities;
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.Below(i)]);
  const int id_width = std::max(5, DecimalDigits(count));
  const int material_width = std::max(6, DecimalDigits(count * 8 + static_cast<std::int64_t>(order.size())));
  const auto add_material = [&](const std::string& commodity) {
    materials.push_back(MakeMaterial(MakeId('M', static_cast<std::int64_t>(materials.size()) + 1, material_width),
                                     commodity, material_random));
  };
  suppliers.reserve(static_cast<std::size_t>(count));
  for (std::int64_t index = 0; index < count; ++index) {
    Supplier supplier = MakeSupplier(index, id_width, random);
    const auto position = static_cast<std::size_t>(index);
    const std::string& primary = position < order.size() ? order[position] : random.Pick(commodities);
    const std::string& secondary = random.Chance(0.2) ? random.Pick(commodities) : primary;
    supplier.first_material = materials.size();
    supplier.material_count = static_cast<std::size_t>(random.Between(1, 6));
    for (std::size_t m = 0; m < supplier.material_count; ++m) add_material(m % 2 == 1 ? secondary : primary);
    suppliers.push_back(std::move(supplier));
  }
  for (std::size_t position = suppliers.size(); position < order.size(); ++position) add_material(order[position]);
}

// ------------------------------------------------------------- certifications and holds

struct CertificateRow {
  std::size_t supplier = 0;
  std::string_view standard;
  Date valid_from;
  Date valid_to;
};

constexpr int kCertificateMonths = 36;

// Certificate profiles: which standards a supplier holds. The first suppliers
// take them in turn so that every standard appears.
constexpr std::array<std::array<std::string_view, 2>, 9> kCertificateProfiles = {{
    {"IATF16949", "ISO14001"},
    {"IATF16949", ""},
    {"ISO9001", "ISO14001"},
    {"ISO9001", ""},
    {"ISO/TS16949", "EMAS"},
    {"AS9100", "ISO14001"},
    {"ISO9001", "EMAS"},
    {"", ""},
    {"IATF16949", "EMAS"},
}};
constexpr std::array<int, 9> kCertificateProfileWeights = {35, 15, 12, 15, 5, 4, 4, 5, 5};

std::size_t PickProfile(std::size_t supplier, Random& random) {
  if (supplier < kCertificateProfiles.size()) return supplier;
  std::int64_t ticket = random.Between(1, 100);
  for (std::size_t profile = 0; profile < kCertificateProfileWeights.size(); ++profile) {
    ticket -= kCertificateProfileWeights[profile];
    if (ticket <= 0) return profile;
  }
  return 0;
}

// A chain of three-year certificates of one standard starting on
// `valid_from`, renewed (mostly seamlessly) while it runs out before `to`.
void AddCertificateChain(std::size_t supplier, std::string_view standard, Date valid_from, Date to, Random& random,
                         std::vector<CertificateRow>& rows) {
  Date valid_to = valid_from.AddMonths(kCertificateMonths) - 1;
  rows.push_back({supplier, standard, valid_from, valid_to});
  while (valid_to < to && random.Chance(0.75)) {
    valid_from = valid_to + (random.Chance(0.8) ? 1 : random.Days(5, 60));
    valid_to = valid_from.AddMonths(kCertificateMonths) - 1;
    rows.push_back({supplier, standard, valid_from, valid_to});
  }
}

// One standard's certificates, the first issued up to three years before the
// period. ISO/TS 16949 ran out for good (before `to`); its holder moves on to
// IATF 16949 the next day or lets it lapse.
void AddCertificates(std::size_t supplier, std::string_view standard, Date from, Date to, Random& random,
                     std::vector<CertificateRow>& rows) {
  if (standard.empty()) return;
  if (standard == "ISO/TS16949") {
    const Date valid_to = from + random.Days(-400, std::max(0, to - from - 1));
    rows.push_back({supplier, standard, valid_to.AddMonths(-kCertificateMonths) + 1, valid_to});
    if (random.Chance(0.6)) AddCertificateChain(supplier, "IATF16949", valid_to + 1, to, random, rows);
    return;
  }
  AddCertificateChain(supplier, standard, from - random.Days(0, 1100), to, random, rows);
}

struct HoldRow {
  std::size_t supplier = 0;
  bool quality = true;
  Date imposed_on;
  std::optional<Date> withdrawn_on;
};

constexpr double kHoldChance = 0.03;

// A few holds; the suppliers at positions 2, 3 and 6 always get one each (an
// active quality hold, a delivery hold, a withdrawn quality hold).
std::vector<HoldRow> MakeHolds(std::size_t suppliers, Date from, Date to, Random& random) {
  std::vector<HoldRow> holds;
  const std::int32_t span = to - from;
  for (std::size_t supplier = 0; supplier < suppliers; ++supplier) {
    const bool chosen = random.Chance(kHoldChance);
    if (supplier == 2) {
      holds.push_back({supplier, true, from + span / 4, std::nullopt});
    } else if (supplier == 3) {
      holds.push_back({supplier, false, from + span / 3, std::nullopt});
    } else if (supplier == 6) {
      holds.push_back({supplier, true, from - 30, from + span / 2});
    } else if (chosen) {
      HoldRow hold{supplier, random.Chance(0.6), from + random.Days(-120, std::max(0, span - 1)), std::nullopt};
      if (random.Chance(0.4)) hold.withdrawn_on = hold.imposed_on + random.Days(14, 150);
      holds.push_back(hold);
    }
  }
  return holds;
}

// ------------------------------------------------------------- deliveries and complaints

constexpr double kSampleShare = 0.03;
constexpr double kSecondaryPlantShare = 0.2;
constexpr double kSeriesComplaintRate = 0.0075;  // per series delivery, times the supplier's factor
constexpr double kSampleComplaintRate = 0.06;
constexpr double kMaterialOnlyComplaintRate = 0.0005;
constexpr double kWeekendReceiptChance = 0.003;
constexpr double kSingleLotShare = 0.7;    // due one lot; else two to four lots
constexpr double kOddQuantityShare = 0.2;  // kg, m, l orders with decimals
constexpr double kJustifiedShare = 0.85;
constexpr double kComplaintTypeShare = 0.72;  // series: `complaint`, else `notification`
constexpr double kSampleTypeShare = 0.9;      // sample deliveries: `sample`, else `notification`
constexpr double kClosedShareOld = 0.85;      // raised more than a month before `to`
constexpr double kClosedShareRecent = 0.3;
constexpr std::int32_t kRecentDays = 30;
constexpr double kNamesMaterialShare = 0.92;  // a complaint naming its delivery also names the material
constexpr double kRejectedShare = 0.85;
constexpr double kAffectedShare = 0.6;
constexpr double kReturnedShare = 0.55;   // of complaints with a rejected quantity
constexpr double kConfirmedShare = 0.65;  // of returned ones
constexpr double kConfirmedUnreturnedShare = 0.03;

// LZ2's spread: per mille of due received over (+) or under (−), by share
// (per mille of deliveries, cumulative). The remainder hits whole percents.
struct DeviationBand {
  std::uint32_t up_to;
  std::int32_t min_permille;
  std::int32_t max_permille;
};
constexpr std::array<DeviationBand, 8> kQuantityDeviation = {{
    {860, 0, 0},
    {900, -30, -1},
    {935, 1, 30},
    {958, -150, -31},
    {975, 31, 150},
    {986, -600, -151},
    {993, 151, 400},
    {996, -1000, -1000},  // nothing received
}};

// LZ1's spread for deliveries that are not punctual: working days late (+) or
// early (−), by share (per mille, cumulative).
struct DelayBand {
  std::uint32_t up_to;
  std::int32_t min_days;
  std::int32_t max_days;
};
constexpr std::array<DelayBand, 8> kDelay = {{
    {350, 1, 1},
    {600, 2, 5},
    {750, 6, 12},
    {830, 13, 25},
    {850, 26, 40},
    {930, -3, -1},
    {980, -12, -4},
    {1000, -30, -13},
}};

std::int64_t RoundToStep(std::int64_t micros, std::int64_t step) { return (micros + step / 2) / step * step; }

// Cumulative integer weights of a Zipf-like law (weight 1 / (rank + 2)) over
// the suppliers that take part in the skewed draw, ranked in shuffled order.
struct SupplierDraw {
  std::vector<std::uint64_t> cumulative;
  std::vector<std::size_t> supplier;
};

SupplierDraw MakeSupplierDraw(const std::vector<Supplier>& suppliers, Random& random) {
  SupplierDraw draw;
  for (std::size_t s = 0; s < suppliers.size(); ++s) {
    if (suppliers[s].sparse_deliveries < 0) draw.supplier.push_back(s);
  }
  for (std::size_t i = draw.supplier.size(); i > 1; --i)
    std::swap(draw.supplier[i - 1], draw.supplier[random.Below(i)]);
  constexpr std::uint64_t kWeightScale = std::uint64_t{1} << 40;
  std::uint64_t total = 0;
  for (std::size_t rank = 0; rank < draw.supplier.size(); ++rank) {
    total += kWeightScale / (rank + 2);
    draw.cumulative.push_back(total);
  }
  return draw;
}

struct Delivery {
  std::string_view id;
  const Supplier* supplier = nullptr;
  std::size_t plant = 0;
  const Material* material = nullptr;
  bool sample = false;
  Date due_date;
  Date receipt_date;
  std::int64_t due_micros = 0;
  std::int64_t received_micros = 0;
};

constexpr std::array<std::string_view, 8> kDeliveriesHeader = {
    "delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty", "receipt_date", "received_qty"};

// Writes deliveries.csv and complaints.csv together, one delivery at a time.
class DeliveryStream {
 public:
  DeliveryStream(const GenerateOptions& options, const std::vector<Supplier>& suppliers,
                 const std::vector<Material>& materials, const std::vector<Plant>& plants, CsvWriter& deliveries,
                 CsvWriter& complaints)
      : options_(options),
        suppliers_(suppliers),
        materials_(materials),
        plants_(plants),
        deliveries_(deliveries),
        complaints_(complaints),
        random_(options.seed, kStreamDeliveries),
        delivery_width_(std::max(9, DecimalDigits(options.deliveries))),
        complaint_width_(std::max(7, DecimalDigits(options.deliveries * 2))),
        rules_(core::DefaultRuleSet()) {
    draw_ = MakeSupplierDraw(suppliers_, random_);
    for (std::size_t s = 0; s < suppliers_.size(); ++s) {
      for (int k = 0; k < suppliers_[s].sparse_deliveries; ++k) sparse_.push_back(s);
    }
    if (sparse_.size() > static_cast<std::size_t>(options.deliveries))
      sparse_.resize(static_cast<std::size_t>(options.deliveries));
    if (draw_.supplier.empty()) sparse_.clear();  // no skewed draw possible: the sparse rule gives way
  }

  void Run() {
    WriteHeaders();
    const auto total = static_cast<std::uint64_t>(options_.deliveries);
    std::size_t next_sparse = 0;
    for (std::uint64_t i = 0; i < total; ++i) {
      // Sparse suppliers' deliveries sit at evenly spread positions k·N/S.
      std::size_t supplier = 0;
      if (next_sparse < sparse_.size() && i == Uint128{next_sparse} * total / sparse_.size()) {
        supplier = sparse_[next_sparse++];
      } else {
        supplier = DrawSupplier();
      }
      MakeDelivery(i, total, suppliers_[supplier]);
    }
  }

  [[nodiscard]] std::int64_t complaints() const { return complaint_count_; }

 private:
  void WriteHeaders() {
    for (const std::string_view column : kDeliveriesHeader) deliveries_.Field(column);
    deliveries_.Field("type");
    deliveries_.EndRow();
    complaints_.Row({"complaint_id", "supplier_id", "plant_id", "date", "type", "justified", "status", "delivery_id",
                     "material_id", "defect", "rejected_qty", "affected_qty", "returned_on", "confirmed_qty",
                     "confirmed_on"});
  }

  std::size_t DrawSupplier() {
    if (draw_.supplier.empty()) return random_.Below(suppliers_.size());
    const std::uint64_t ticket = random_.Below(draw_.cumulative.back());
    const auto it = std::upper_bound(draw_.cumulative.begin(), draw_.cumulative.end(), ticket);
    return draw_.supplier[static_cast<std::size_t>(it - draw_.cumulative.begin())];
  }

  void MakeDelivery(std::uint64_t index, std::uint64_t total, const Supplier& supplier) {
    Delivery delivery;
    delivery.id = delivery_id_.Format('D', static_cast<std::int64_t>(index) + 1, delivery_width_);
    delivery.supplier = &supplier;
    delivery.plant = random_.Chance(kSecondaryPlantShare) ? random_.Below(plants_.size()) : supplier.primary_plant;
    delivery.material = &materials_[supplier.first_material + random_.Below(supplier.material_count)];
    delivery.sample = random_.Chance(kSampleShare);
    // Due dates follow the file order, so the file reads like an ERP extract.
    const Plant& plant = plants_[delivery.plant];
    const DueDay& due = plant.due_days[static_cast<std::size_t>(Uint128{index} * plant.due_days.size() / total)];
    delivery.due_date = due.date;
    delivery.receipt_date = ReceiptDate(plant, due, supplier.on_time);
    delivery.due_micros = DueQuantity(*delivery.material, delivery.sample);
    delivery.received_micros = ReceivedQuantity(delivery.due_micros, delivery.material->step_micros);
    WriteDelivery(delivery);
    MaybeComplain(delivery);
  }

  Date ReceiptDate(const Plant& plant, const DueDay& due, double on_time) {
    std::int32_t delta = 0;
    if (!random_.Chance(on_time)) {
      const auto ticket = static_cast<std::uint32_t>(random_.Below(1000));
      const DelayBand* band = &kDelay.back();
      for (const DelayBand& candidate : kDelay) {
        if (ticket < candidate.up_to) {
          band = &candidate;
          break;
        }
      }
      delta = random_.Days(band->min_days, band->max_days);
    }
    Date receipt = due.date + delta;
    const std::int64_t target = std::int64_t{due.work_index} + delta;
    if (due.work_index >= 0 && target >= 0 && target < static_cast<std::int64_t>(plant.work_days.size())) {
      receipt = plant.work_days[static_cast<std::size_t>(target)];
    }
    if (delta != 0 && random_.Chance(kWeekendReceiptChance)) receipt = receipt + 1;
    return receipt;
  }

  std::int64_t DueQuantity(const Material& material, bool sample) {
    const bool pieces = material.unit == Unit::kPc;
    if (sample) return pieces ? random_.Between(1, 50) * kPieceMicros : random_.Between(1, 20'000) * kMilliMicros;
    std::int64_t due = material.lot_micros * (random_.Chance(kSingleLotShare) ? 1 : random_.Between(2, 4));
    if (!pieces && random_.Chance(kOddQuantityShare)) due += random_.Between(1, 999) * kMilliMicros;
    return due;
  }

  std::int64_t ReceivedQuantity(std::int64_t due, std::int64_t step) {
    const auto ticket = static_cast<std::uint32_t>(random_.Below(1000));
    std::int64_t permille = 0;
    bool found = false;
    for (const DeviationBand& band : kQuantityDeviation) {
      if (ticket < band.up_to) {
        permille = random_.Between(band.min_permille, band.max_permille);
        found = true;
        break;
      }
    }
    if (!found) permille = random_.Between(1, 28) * 10 * (random_.Chance(0.5) ? 1 : -1);  // whole percents
    if (permille == 0) return due;
    const std::int64_t received = RoundToStep(due + due * permille / 1000, step);
    return std::max<std::int64_t>(received, 0);
  }

  void WriteDelivery(const Delivery& delivery) {
    deliveries_.Field(delivery.id);
    deliveries_.Field(delivery.supplier->id);
    deliveries_.Field(plants_[delivery.plant].spec->id);
    deliveries_.Field(delivery.material->id);
    deliveries_.Field(delivery.due_date);
    deliveries_.Field(Decimal::FromMicros(delivery.due_micros));
    deliveries_.Field(delivery.receipt_date);
    deliveries_.Field(Decimal::FromMicros(delivery.received_micros));
    deliveries_.Field(delivery.sample ? std::string_view("sample") : std::string_view("series"));
    deliveries_.EndRow();
  }

  void MaybeComplain(const Delivery& delivery) {
    const double rate =
        delivery.sample ? kSampleComplaintRate : kSeriesComplaintRate * delivery.supplier->complaint_factor;
    if (delivery.received_micros > 0 && random_.Chance(rate)) {
      // Raised some days after receipt, inside the period; none for receipts after it.
      Date date = delivery.receipt_date + random_.Days(0, 20);
      if (date > options_.to) date = delivery.receipt_date;
      if (date < options_.from) date = options_.from;
      if (date <= options_.to) WriteComplaint(delivery, date, true);
    }
    if (random_.Chance(kMaterialOnlyComplaintRate)) {
      // A complaint about a material without naming the delivery.
      Delivery about = delivery;
      about.material =
          &materials_[delivery.supplier->first_material + random_.Below(delivery.supplier->material_count)];
      about.received_micros = about.material->lot_micros;
      WriteComplaint(about, options_.from + random_.Days(0, options_.to - options_.from), false);
    }
  }

  std::string_view ComplaintType(bool sample) {
    if (sample) return random_.Chance(kSampleTypeShare) ? "sample" : "notification";
    return random_.Chance(kComplaintTypeShare) ? "complaint" : "notification";
  }

  // Quantity between `permille_low` and `permille_high` of `lot`, at least one step, at most the lot.
  std::int64_t ShareOf(std::int64_t lot, std::int64_t step, std::int64_t permille_low, std::int64_t permille_high) {
    const std::int64_t share = lot / 1000 * random_.Between(permille_low, permille_high) / step * step;
    return std::clamp<std::int64_t>(share, std::min(step, lot), lot);
  }

  void WriteComplaint(const Delivery& delivery, Date date, bool names_delivery) {
    const std::int64_t lot = delivery.received_micros;
    const std::int64_t step = delivery.material->step_micros;
    complaints_.Field(complaint_id_.Format('K', ++complaint_count_, complaint_width_));
    complaints_.Field(delivery.supplier->id);
    complaints_.Field(plants_[delivery.plant].spec->id);
    complaints_.Field(date);
    complaints_.Field(ComplaintType(delivery.sample));
    complaints_.Field(random_.Chance(kJustifiedShare) ? std::string_view("yes") : std::string_view("no"));
    const bool old = options_.to - date > kRecentDays;
    complaints_.Field(random_.Chance(old ? kClosedShareOld : kClosedShareRecent) ? std::string_view("closed")
                                                                                 : std::string_view("open"));
    if (names_delivery) {
      complaints_.Field(delivery.id);
    } else {
      complaints_.EmptyField();
    }
    if (!names_delivery || random_.Chance(kNamesMaterialShare)) {
      complaints_.Field(delivery.material->id);
    } else {
      complaints_.EmptyField();
    }
    // Empty defect three times as often as any one code.
    const std::uint64_t defect = random_.Below(rules_.defects.size() + 3);
    complaints_.Field(defect < 3 ? std::string_view() : std::string_view(rules_.defects[defect - 3].code));
    WriteComplaintQuantities(date, lot, step);
    complaints_.EndRow();
  }

  // rejected ≤ affected ≤ lot; returns and confirmations inside and outside
  // the adjustment window (returned_on + 2 months), its edge included
  // (spec: QZ2, "Adjustment").
  void WriteComplaintQuantities(Date date, std::int64_t lot, std::int64_t step) {
    const std::uint64_t size = random_.Below(100);
    const std::int64_t rejected = size < 60   ? ShareOf(lot, step, 1, 10)
                                  : size < 90 ? ShareOf(lot, step, 10, 50)
                                              : ShareOf(lot, step, 50, 1000);
    const bool has_rejected = random_.Chance(kRejectedShare);
    const bool has_affected = random_.Chance(kAffectedShare);
    OptionalQuantity(has_rejected, rejected);
    OptionalQuantity(has_affected, rejected + (lot - rejected) / 1000 * random_.Between(0, 1000) / step * step);
    const bool returned = has_rejected && random_.Chance(kReturnedShare);
    const Date returned_on = date + random_.Days(1, 14);
    OptionalDate(returned, returned_on);
    const bool confirmed =
        returned ? random_.Chance(kConfirmedShare) : has_rejected && random_.Chance(kConfirmedUnreturnedShare);
    OptionalQuantity(confirmed, rejected / 1000 * random_.Between(0, 1000) / step * step);
    const Date base = returned ? returned_on : date;
    const Date window_end = base.AddMonths(rules_.adjustment_months);
    const std::uint64_t when = random_.Below(100);
    const Date confirmed_on = when < 65   ? base + random_.Days(1, 50)
                              : when < 70 ? window_end
                              : when < 75 ? window_end + 1
                                          : window_end + random_.Days(1, 90);
    OptionalDate(confirmed, confirmed_on);
  }

  void OptionalQuantity(bool present, std::int64_t micros) {
    if (present) {
      complaints_.Field(Decimal::FromMicros(micros));
    } else {
      complaints_.EmptyField();
    }
  }
  void OptionalDate(bool present, Date date) {
    if (present) {
      complaints_.Field(date);
    } else {
      complaints_.EmptyField();
    }
  }

  const GenerateOptions& options_;
  const std::vector<Supplier>& suppliers_;
  const std::vector<Material>& materials_;
  const std::vector<Plant>& plants_;
  CsvWriter& deliveries_;
  CsvWriter& complaints_;
  Random random_;
  int delivery_width_;
  int complaint_width_;
  const core::RuleSet rules_;  // the defect codes and the adjustment window
  SupplierDraw draw_;
  std::vector<std::size_t> sparse_;  // supplier of each sparse delivery
  IdBuffer delivery_id_;
  IdBuffer complaint_id_;
  std::int64_t complaint_count_ = 0;
};

// ------------------------------------------------------------- files

// Opens `name` in `dir`, lets `fill` write it, and checks that every byte got out.
core::Status WriteFile(const std::filesystem::path& dir, std::string_view name,
                       const std::function<void(CsvWriter&)>& fill) {
  const std::filesystem::path path = dir / name;
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream.is_open()) return core::Internal("cannot create " + path.string());
  {
    CsvWriter writer(stream);
    fill(writer);
    writer.Flush();
  }
  stream.close();
  if (stream.fail()) return core::Internal("cannot write " + path.string());
  return core::Ok{};
}

core::Status CheckOptions(const GenerateOptions& options) {
  const auto bad = [](std::string message, std::string field) {
    return core::BadInput(std::move(message), core::Location{"", 0, std::move(field)});
  };
  if (options.suppliers < 1 || options.suppliers > kMaxGeneratedSuppliers) {
    return bad("the number of suppliers must lie in 1.." + std::to_string(kMaxGeneratedSuppliers) + ", not " +
                   std::to_string(options.suppliers),
               "--suppliers");
  }
  if (options.contracts < -1 || options.contracts > options.suppliers) {
    return bad("the number of contracts must lie in 0.." + std::to_string(options.suppliers) +
                   " (one per supplier at most), not " + std::to_string(options.contracts),
               "--contracts");
  }
  if (options.deliveries < 0) {
    return bad("the number of deliveries must not be negative, not " + std::to_string(options.deliveries),
               "--deliveries");
  }
  if (options.to < options.from) {
    return bad("the period ends (" + options.to.ToString() + ") before it starts (" + options.from.ToString() + ")",
               "--to");
  }
  if (options.to - options.from >= kMaxGeneratedPeriodDays) {
    return bad("the period may span at most " + std::to_string(kMaxGeneratedPeriodDays) + " days", "--to");
  }
  if (options.from.ToCivil().year < 1001 || options.to.ToCivil().year > 9998) {
    return bad("the period must lie within the years 1001..9998", "--from");
  }
  if (options.out_dir.empty()) return bad("no output folder given", "--out");
  return core::Ok{};
}

// A data set already in `dir` is the user's, perhaps edited by hand: it is
// replaced only when asked (GenerateOptions::replace).
core::Status CheckNoDataSetIn(const std::filesystem::path& dir) {
  std::string found;
  for (const std::string& name : io::DatasetReader::FileNames()) {
    std::error_code error;
    if (!std::filesystem::exists(dir / name, error)) continue;
    found += (found.empty() ? "" : ", ") + name;
  }
  if (found.empty()) return core::Ok{};
  return core::BadInput(dir.string() + " already holds a data set (" + found + "); give --force to replace it",
                        core::Location{"", 0, "--out"});
}

core::Status PrepareFolder(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir, error)) {
    return core::BadInput("cannot create the output folder " + dir.string() +
                              (error ? ": " + error.message() : std::string(": not a folder")),
                          core::Location{"", 0, "--out"});
  }
  return core::Ok{};
}

void WriteSuppliers(CsvWriter& out, const std::vector<Supplier>& suppliers) {
  out.Row({"supplier_id", "name", "country", "qz3"});
  for (const Supplier& supplier : suppliers) {
    out.Row({supplier.id, supplier.name, supplier.country, supplier.exempt ? "exempt" : "evaluate"});
  }
}

void WritePlants(CsvWriter& out, const std::vector<Plant>& plants) {
  out.Row({"plant_id", "name", "workweek", "company"});
  for (const Plant& plant : plants) {
    out.Row({plant.spec->id, plant.spec->name, plant.spec->monday_to_saturday ? "Mon-Sat" : "Mon-Fri",
             plant.spec->company});
  }
}

std::int64_t WriteCalendar(CsvWriter& out, const std::vector<Plant>& plants) {
  std::int64_t rows = 0;
  out.Row({"plant_id", "date", "working", "note"});
  for (const Plant& plant : plants) {
    for (const auto& [day, entry] : plant.exceptions) {
      out.Field(plant.spec->id);
      out.Field(Date::FromDays(day));
      out.Field(entry.working ? std::string_view("1") : std::string_view("0"));
      out.Field(entry.note);
      out.EndRow();
      ++rows;
    }
  }
  return rows;
}

void WriteMaterials(CsvWriter& out, const std::vector<Material>& materials) {
  out.Row({"material_id", "commodity", "unit", "kind"});
  for (const Material& material : materials) {
    out.Row({material.id, material.commodity, UnitName(material.unit), material.raw ? "raw" : "purchased"});
  }
}

void WriteCertifications(CsvWriter& out, const std::vector<CertificateRow>& rows,
                         const std::vector<Supplier>& suppliers) {
  out.Row({"supplier_id", "standard", "valid_from", "valid_to"});
  for (const CertificateRow& row : rows) {
    out.Field(suppliers[row.supplier].id);
    out.Field(row.standard);
    out.Field(row.valid_from);
    out.Field(row.valid_to);
    out.EndRow();
  }
}

void WriteHolds(CsvWriter& out, const std::vector<HoldRow>& holds, const std::vector<Supplier>& suppliers) {
  out.Row({"supplier_id", "status", "reason", "imposed_on", "withdrawn_on"});
  for (const HoldRow& hold : holds) {
    out.Field(suppliers[hold.supplier].id);
    out.Field("new_business_hold");
    out.Field(hold.quality ? std::string_view("quality") : std::string_view("delivery"));
    out.Field(hold.imposed_on);
    if (hold.withdrawn_on) {
      out.Field(*hold.withdrawn_on);
    } else {
      out.EmptyField();
    }
    out.EndRow();
  }
}

// Deliveries and complaints, streamed into two files at once.
core::Result<std::int64_t> WriteDeliveriesAndComplaints(const GenerateOptions& options,
                                                        const std::vector<Supplier>& suppliers,
                                                        const std::vector<Material>& materials,
                                                        const std::vector<Plant>& plants) {
  const std::filesystem::path complaints_path = options.out_dir / "complaints.csv";
  std::ofstream complaints_stream(complaints_path, std::ios::binary | std::ios::trunc);
  if (!complaints_stream.is_open()) return core::Internal("cannot create " + complaints_path.string());
  std::int64_t complaints = 0;
  core::Status written = WriteFile(options.out_dir, "deliveries.csv", [&](CsvWriter& deliveries) {
    CsvWriter complaint_writer(complaints_stream);
    DeliveryStream stream(options, suppliers, materials, plants, deliveries, complaint_writer);
    stream.Run();
    complaints = stream.complaints();
  });
  if (!written) return written.error();
  complaints_stream.close();
  if (complaints_stream.fail()) return core::Internal("cannot write " + complaints_path.string());
  return complaints;
}

// The contract files (CONTRACTS.md §3) for `options.contracts` of the suppliers.
core::Result<std::int64_t> WriteContracts(const GenerateOptions& options, const std::vector<Supplier>& suppliers,
                                          const std::vector<Material>& materials) {
  std::vector<ContractedSupplier> contracted;
  contracted.reserve(suppliers.size());
  for (const Supplier& supplier : suppliers) {
    ContractedSupplier& entry = contracted.emplace_back();
    entry.id = supplier.id;
    entry.plant_id = kPlants[supplier.primary_plant].id;
    for (std::size_t m = supplier.first_material; m < supplier.first_material + supplier.material_count; ++m) {
      entry.material_ids.push_back(materials[m].id);
      entry.lot_units.push_back(std::max<std::int64_t>(1, materials[m].lot_micros / Decimal::kScale));
    }
  }
  const std::int64_t count = options.contracts >= 0 ? options.contracts : (options.suppliers + 9) / 10;
  const ContractFilesPlan plan{count, options.from, options.to, options.seed};
  return WriteContractFiles(contracted, plan, [&](std::string_view name, const std::function<void(CsvWriter&)>& fill) {
    return WriteFile(options.out_dir, name, fill);
  });
}

}  // namespace

core::Result<GenerateSummary> GenerateDataset(const GenerateOptions& options) {
  if (core::Status valid = CheckOptions(options); !valid) return valid.error();
  if (!options.replace) {
    if (core::Status free = CheckNoDataSetIn(options.out_dir); !free) return free.error();
  }
  if (core::Status folder = PrepareFolder(options.out_dir); !folder) return folder.error();

  std::vector<Supplier> suppliers;
  std::vector<Material> materials;
  MakeSuppliersAndMaterials(options.suppliers, options.seed, suppliers, materials);
  std::vector<Plant> plants;
  for (std::size_t p = 0; p < kPlants.size(); ++p) {
    plants.push_back(MakePlant(kPlants[p], options.seed, kStreamCalendar + p, options.from, options.to));
  }
  Random certificate_random(options.seed, kStreamCertifications);
  std::vector<CertificateRow> certificates;
  for (std::size_t s = 0; s < suppliers.size(); ++s) {
    for (const std::string_view standard : kCertificateProfiles[PickProfile(s, certificate_random)]) {
      AddCertificates(s, standard, options.from, options.to, certificate_random, certificates);
    }
  }
  Random hold_random(options.seed, kStreamHolds);
  const std::vector<HoldRow> holds = MakeHolds(suppliers.size(), options.from, options.to, hold_random);

  GenerateSummary summary;
  const std::filesystem::path& dir = options.out_dir;
  const std::array<core::Status, 6> small_files = {
      WriteFile(dir, "suppliers.csv", [&](CsvWriter& out) { WriteSuppliers(out, suppliers); }),
      WriteFile(dir, "plants.csv", [&](CsvWriter& out) { WritePlants(out, plants); }),
      WriteFile(dir, "calendar.csv", [&](CsvWriter& out) { summary.calendar_days = WriteCalendar(out, plants); }),
      WriteFile(dir, "materials.csv", [&](CsvWriter& out) { WriteMaterials(out, materials); }),
      WriteFile(dir, "certifications.csv", [&](CsvWriter& out) { WriteCertifications(out, certificates, suppliers); }),
      WriteFile(dir, "holds.csv", [&](CsvWriter& out) { WriteHolds(out, holds, suppliers); }),
  };
  for (const core::Status& status : small_files) {
    if (!status) return status.error();
  }
  core::Result<std::int64_t> complaints = WriteDeliveriesAndComplaints(options, suppliers, materials, plants);
  if (!complaints) return complaints.error();
  core::Result<std::int64_t> contracts = WriteContracts(options, suppliers, materials);
  if (!contracts) return contracts.error();
  summary.contracts = *contracts;

  summary.suppliers = static_cast<std::int64_t>(suppliers.size());
  summary.plants = static_cast<std::int64_t>(plants.size());
  summary.materials = static_cast<std::int64_t>(materials.size());
  summary.deliveries = options.deliveries;
  summary.complaints = *complaints;
  summary.certifications = static_cast<std::int64_t>(certificates.size());
  summary.holds = static_cast<std::int64_t>(holds.size());
  return summary;
}

}  // namespace supeval::service
