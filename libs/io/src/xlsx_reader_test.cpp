// Tests of the .xlsx reader on workbooks built here with libzip from XML
// this file controls: strings of every kind, dates by style, 1904, gaps,
// broken and hostile archives.
#include "supeval/io/xlsx_reader.hpp"

#include "sheet_folder.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace supeval::io {
namespace {

using Entries = std::map<std::string, std::string>;

// The bytes of a zip archive holding `entries` (deflated).
std::string Zip(const Entries& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, text] : entries) {
    zip_source_t* data = zip_source_buffer(archive, text.data(), text.size(), 0);
    zip_file_add(archive, name.c_str(), data, ZIP_FL_OVERWRITE);
  }
  zip_close(archive);  // the texts are read here, while they are alive
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

constexpr const char* kMain = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
constexpr const char* kRelations = R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

// A workbook of sheets given by name and <sheetData> content.
struct Book {
  std::vector<std::pair<std::string, std::string>> sheets;
  std::string shared_strings;  // the <si> items
  std::string styles;          // the styleSheet's content
  std::string workbook_properties;

  [[nodiscard]] Entries Parts() const {
    Entries parts;
    std::string list, relations;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      list += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
      relations += "<Relationship Id=\"rId" + n + "\" Target=\"worksheets/sheet" + n + ".xml\"/>";
      parts["xl/worksheets/sheet" + n + ".xml"] =
          std::string("<worksheet ") + kMain + "><sheetData>" + sheets[i].second + "</sheetData></worksheet>";
    }
    parts["xl/workbook.xml"] = std::string("<workbook ") + kMain + " " + kRelations + ">" + workbook_properties +
                               "<sheets>" + list + "</sheets></workbook>";
    parts["xl/_rels/workbook.xml.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + relations +
        "</Relationships>";
    if (!shared_strings.empty())
      parts["xl/sharedStrings.xml"] = std::string("<sst ") + kMain + ">" + shared_strings + "</sst>";
    if (!styles.empty()) parts["xl/styles.xml"] = std::string("<styleSheet ") + kMain + ">" + styles + "</styleSheet>";
    return parts;
  }
  [[nodiscard]] std::string Bytes() const { return Zip(Parts()); }
};

std::vector<Sheet> Read(const Book& book) {
  auto sheets = ReadWorkbook(book.Bytes(), "book.xlsx");
  EXPECT_TRUE(sheets.ok()) << (sheets.ok() ? "" : sheets.error().ToString());
  return sheets.ok() ? *sheets : std::vector<Sheet>{};
}

std::string Failure(const std::string& bytes, const XlsxLimits& limits = {}) {
  auto sheets = ReadWorkbook(bytes, "book.xlsx", limits);
  return sheets.ok() ? "" : sheets.error().ToString();
}

TEST(XlsxReaderTest, ReadsSharedInlineRichAndFormulaStrings) {
  Book book;
  book.shared_strings =
      "<si><t>S-1</t></si><si><r><t>Ma</t></r><r><rPr><b/></rPr><t>terial</t></r></si>"
      "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>";
  book.sheets = {{"suppliers", R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
                               R"(<c r="C1" t="s"><v>2</v></c></row>)"
                               R"(<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a, "b" </t></is></c>)"
                               R"(<c r="B2" t="str"><f>A2&amp;"x"</f><v>yx</v></c>)"
                               R"(<c r="C2" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>)"}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 1U);
  EXPECT_EQ(sheets[0].name, "suppliers");
  ASSERT_EQ(sheets[0].rows.size(), 2U);
  EXPECT_EQ(sheets[0].rows[0].cells, (std::vector<std::string>{"S-1", "Material", "漢字"}));
  EXPECT_EQ(sheets[0].rows[1].cells, (std::vector<std::string>{" a, \"b\" ", "yx", "inline"}));
}

TEST(XlsxReaderTest, NumbersAreTheShortestTextThatReadsBack) {
  Book book;
  book.sheets = {{"n",
                  R"(<row r="1"><c r="A1"><v>42</v></c><c r="B1"><v>0.1</v></c><c r="C1"><v>1000000</v></c>)"
                  R"(<c r="D1"><v>-2.5E-3</v></c><c r="E1"><v>-0</v></c><c r="F1"><v>12.000</v></c>)"
                  R"(<c r="G1" t="b"><v>1</v></c><c r="H1" t="e"><v>#N/A</v></c><c r="I1"><v>1e300</v></c></row>)"}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 1U);
  EXPECT_EQ(sheets[0].rows[0].cells,
            (std::vector<std::string>{"42", "0.1", "1000000", "-0.0025", "0", "12", "TRUE", "#N/A", "1e+300"}));
}

// Style 1: built-in 14 (a date); 2: custom "dd.mm.yyyy"; 3: custom "h:mm"
// (a time: stays a number); 4: built-in 20 (time); 0: General.
constexpr const char* kDateStyles =
    R"(<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy"/><numFmt numFmtId="165" formatCode="h:mm"/></numFmts>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
    R"(<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/></cellXfs>)";

TEST(XlsxReaderTest, DatesByStyleIn1900System) {
  Book book;
  book.styles = kDateStyles;
  book.sheets = {{"d",
                  R"(<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45292.75</v></c>)"
                  R"(<c r="C1" s="3"><v>0.5</v></c><c r="D1" s="4"><v>45292</v></c><c r="E1"><v>45292</v></c>)"
                  R"(<c r="F1" s="1"><v>59</v></c><c r="G1" s="1"><v>60</v></c><c r="H1" s="1"><v>61</v></c>)"
                  R"(<c r="I1" s="1"><v>1</v></c><c r="J1" t="inlineStr" s="1"><is><t>2024-01-01</t></is></c></row>)"}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 1U);
  EXPECT_EQ(sheets[0].rows[0].cells,
            (std::vector<std::string>{"2024-01-01", "2024-01-01", "0.5", "45292", "45292", "1900-02-28", "1900-02-29",
                                      "1900-03-01", "1900-01-01", "2024-01-01"}));
}

TEST(XlsxReaderTest, DatesIn1904System) {
  Book book;
  book.styles = kDateStyles;
  book.workbook_properties = R"(<workbookPr date1904="1"/>)";
  book.sheets = {{"d", R"(<row r="1"><c r="A1" s="1"><v>43830</v></c><c r="B1" s="1"><v>1</v></c></row>)"}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 1U);
  EXPECT_EQ(sheets[0].rows[0].cells, (std::vector<std::string>{"2024-01-01", "1904-01-02"}));
}

TEST(XlsxReaderTest, GapsKeepTheirPlacesAndEmptyRowsAreLeftOut) {
  Book book;
  book.sheets = {{"g", R"(<row r="3"><c r="B3" t="inlineStr"><is><t>b</t></is></c><c r="D3"><v>4</v></c></row>)"
                       R"(<row r="4"><c r="A4" t="inlineStr"><is><t></t></is></c></row>)"
                       R"(<row r="7"><c><v>1</v></c><c><v>2</v></c><c r="E7"><v>5</v></c></row>)"
                       R"(<row><c r="A8"><v>8</v></c></row><row r="9" spans="1:3"/>)"}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 1U);
  ASSERT_EQ(sheets[0].rows.size(), 3U);
  EXPECT_EQ(sheets[0].rows[0].number, 3U);
  EXPECT_EQ(sheets[0].rows[0].cells, (std::vector<std::string>{"", "b", "", "4"}));
  EXPECT_EQ(sheets[0].rows[1].number, 7U);
  EXPECT_EQ(sheets[0].rows[1].cells, (std::vector<std::string>{"1", "2", "", "", "5"}));
  EXPECT_EQ(sheets[0].rows[2].number, 8U);
}

TEST(XlsxReaderTest, SheetsComeInWorkbookOrderWithEscapesDecoded) {
  Book book;
  book.sheets = {{"b", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b_x005F_x0041_</t></is></c></row>)"},
                 {"a", ""}};
  const auto sheets = Read(book);
  ASSERT_EQ(sheets.size(), 2U);
  EXPECT_EQ(sheets[0].name, "b");
  EXPECT_EQ(sheets[0].rows[0].cells[0], "a\rb_x0041_");
  EXPECT_EQ(sheets[1].name, "a");
  EXPECT_TRUE(sheets[1].rows.empty());
}

TEST(XlsxReaderTest, RefusesWhatIsNoWorkbook) {
  EXPECT_NE(Failure("not a zip at all").find("book.xlsx: not an .xlsx workbook"), std::string::npos);
  EXPECT_NE(Failure(Zip({{"a.txt", "x"}})).find("xl/workbook.xml is missing"), std::string::npos);
  Book book;
  book.sheets = {{"s", ""}};
  Entries parts = book.Parts();
  parts.erase("xl/worksheets/sheet1.xml");
  EXPECT_NE(Failure(Zip(parts)).find("sheet 's': its part xl/worksheets/sheet1.xml is missing"), std::string::npos);
  parts = book.Parts();
  parts["xl/_rels/workbook.xml.rels"] = "<Relationships/>";
  EXPECT_NE(Failure(Zip(parts)).find("sheet 's' has no part"), std::string::npos);
}

TEST(XlsxReaderTest, RefusesBrokenCells) {
  Book book;
  book.sheets = {{"s", R"(<row r="1"><c r="A1" t="s"><v>3</v></c></row>)"}};
  EXPECT_NE(Failure(book.Bytes()).find("shared string '3' does not exist"), std::string::npos);
  book.sheets = {{"s", R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"}};
  EXPECT_NE(Failure(book.Bytes()).find("cell reference 'XFE1' out of range"), std::string::npos);
  book.sheets = {{"s", R"(<row r="2"><c r="A2"><v>1</v></c></row><row r="1"/>)"}};
  EXPECT_NE(Failure(book.Bytes()).find("row number '1' out of order"), std::string::npos);
  book.sheets = {{"s", R"(<row r="1"><c r="A1"><v>1</v></row>)"}};
  EXPECT_NE(Failure(book.Bytes()).find("xl/worksheets/sheet1.xml: malformed XML at line 1"), std::string::npos);
}

TEST(XlsxReaderTest, RefusesEntitiesAndDeepNesting) {
  Book book;
  book.sheets = {{"s", ""}};
  Entries parts = book.Parts();
  parts["xl/worksheets/sheet1.xml"] =
      R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet>&e;</worksheet>)";
  EXPECT_NE(Failure(Zip(parts)).find("a DOCTYPE declaration"), std::string::npos);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<x>";
  for (int i = 0; i < 100; ++i) deep += "</x>";
  parts["xl/worksheets/sheet1.xml"] = "<worksheet>" + deep + "</worksheet>";
  EXPECT_NE(Failure(Zip(parts)).find("nested deeper than 64"), std::string::npos);
}

TEST(XlsxReaderTest, RefusesZipBombsAndTooManyCells) {
  Book book;
  std::string rows;
  for (int r = 1; r <= 2000; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c><v>1</v></c><c><v>2</v></c></row>";
  book.sheets = {{"s", rows}};
  XlsxLimits limits;
  limits.max_cells = 3999;
  EXPECT_NE(Failure(book.Bytes(), limits).find("more cells than the limit"), std::string::npos);
  // One far cell a row counts as the empty fields before it.
  std::string far;
  for (int r = 1; r <= 100; ++r)
    far += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" + std::to_string(r) + "\"><v>1</v></c></row>";
  Book wide;
  wide.sheets = {{"s", far}};
  limits.max_cells = 1000000;
  EXPECT_NE(Failure(wide.Bytes(), limits).find("more cells than the limit"), std::string::npos);
  limits = {};
  limits.max_entry_bytes = 10000;
  EXPECT_NE(Failure(book.Bytes(), limits).find("larger than 10000 bytes uncompressed"), std::string::npos);
  // 8 MiB of blanks pack about a thousand to one.
  Entries parts = book.Parts();
  parts["xl/worksheets/sheet1.xml"] = "<worksheet>" + std::string(std::size_t{8} << 20, ' ') + "</worksheet>";
  limits = {};
  limits.max_ratio = 100;
  EXPECT_NE(Failure(Zip(parts), limits).find("taken for a zip bomb"), std::string::npos);
}

// The folder written from a workbook: its lines are the sheet's rows, also
// after a cell with a line break; problems are renamed to the sheets.
TEST(SheetFolderTest, NamesProblemsBySheetAndRow) {
  Book book;
  book.sheets = {{"deliveries.csv", R"(<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c>)"
                                    R"(<c r="B2" t="inlineStr"><is><t>b</t></is></c></row>)"
                                    R"(<row r="3"><c r="A3" t="inlineStr"><is><t>two&#10;lines</t></is></c></row>)"
                                    R"(<row r="4"><c r="B4"><v>4</v></c></row>)"},
                 {"notes", ""}};
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "sheet_folder_test.xlsx";
  std::ofstream(file, std::ios::binary) << book.Bytes();
  std::filesystem::path written;
  {
    auto folder = SheetFolder::Open(file, {"suppliers.csv", "deliveries.csv"});
    ASSERT_TRUE(folder.ok()) << folder.error().ToString();
    written = folder->path();
    std::ifstream in(written / "deliveries.csv");
    const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(csv, "\na,b\n\"two\nlines\",\n,4\n");
    EXPECT_FALSE(std::filesystem::exists(written / "notes.csv"));
    const auto relocated = [&](const std::string& name, std::uint64_t line) {
      core::Location location{(written / name).string(), line, "x"};
      folder->Relocate(location);
      return location.file + ":" + std::to_string(location.line);
    };
    EXPECT_EQ(relocated("deliveries.csv", 1), "deliveries.csv (sheet):2");  // a header's problem
    EXPECT_EQ(relocated("deliveries.csv", 3), "deliveries.csv (sheet):3");
    EXPECT_EQ(relocated("deliveries.csv", 5), "deliveries.csv (sheet):4");
    EXPECT_EQ(relocated("suppliers.csv", 0), "suppliers (sheet):0");  // a missing sheet
  }
  EXPECT_FALSE(std::filesystem::exists(written));
  std::filesystem::remove(file);
}

TEST(SheetFolderTest, RefusesTwoSheetsForOneFile) {
  Book book;
  book.sheets = {{"deliveries", ""}, {"deliveries.csv", ""}};
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "sheet_folder_twice_test.xlsx";
  std::ofstream(file, std::ios::binary) << book.Bytes();
  auto folder = SheetFolder::Open(file, {"deliveries.csv"});
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.error().ToString().find("sheets 'deliveries' and 'deliveries.csv' both stand for deliveries.csv"),
            std::string::npos);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace supeval::io
