// Renders a LetterContent to A4 PDF bytes with Cairo and Pango (letter.hpp):
// the content becomes a list of measured blocks, the blocks are cut into
// pages (so the footer knows "page X of Y" before anything is drawn), then
// each page is painted.
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <utility>

#include "supeval/report/letter.hpp"

namespace supeval::report {

// ---------------------------------------------------------------------------
// Owned C objects

namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* description) const { pango_font_description_free(description); }
};

using LayoutPtr = std::shared_ptr<PangoLayout>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDestroy>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

// A4 in points, and the letter's geometry.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMarginLeft = 62;
constexpr double kMarginRight = 50;
constexpr double kMarginTop = 48;
constexpr double kContentBottom = kPageHeight - 64;
constexpr double kFooterBaseline = kPageHeight - 36;
constexpr double kContentWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr double kLogoHeight = 48;
constexpr double kLogoMaxWidth = 160;
constexpr double kChartHeight = 170;
constexpr double kTrendMax = 100;  // totals are 0..100 points (EVALUATION.md)

enum class Style : std::uint8_t { kBody, kBold, kSmall, kHeading, kTitle, kCount };

struct StyleSpec {
  Style style;
  std::string_view font;
};
constexpr std::array kStyles = {
    StyleSpec{Style::kBody, "DejaVu Sans 9.5"},      StyleSpec{Style::kBold, "DejaVu Sans Bold 9.5"},
    StyleSpec{Style::kSmall, "DejaVu Sans 7"},       StyleSpec{Style::kHeading, "DejaVu Sans Bold 11"},
    StyleSpec{Style::kTitle, "DejaVu Sans Bold 14"},
};

}  // namespace

// The private font set, its Pango context, and a font description per style.
struct LetterRenderer::Fonts {
  std::unique_ptr<PangoFontMap, GObjectUnref> map;
  std::unique_ptr<PangoContext, GObjectUnref> context;
  std::array<FontPtr, static_cast<std::size_t>(Style::kCount)> styles;
};

namespace {

// ---------------------------------------------------------------------------
// Blocks: measured pieces of the letter, painted at a top edge

struct Block {
  double height = 0;
  double space_before = 0;
  bool keep_with_next = false;  // a heading stays with what it heads
  std::function<void(cairo_t*, double top)> paint;
};

enum class Align : std::uint8_t { kLeft, kRight };

struct Column {
  double width = 0;
  Align align = Align::kLeft;
};

class Builder {
 public:
  Builder(const LetterRenderer::Fonts& fonts, Language language) : fonts_(fonts), language_(language) {}

  [[nodiscard]] std::string Say(Text text) const { return std::string(TextOf(text, language_)); }
  // The text with "{}" replaced by `values` in turn.
  [[nodiscard]] std::string Fill(Text text, std::initializer_list<std::string> values) const {
    std::string out = Say(text);
    for (const std::string& value : values) {
      const auto at = out.find("{}");
      if (at == std::string::npos) break;
      out.replace(at, 2, value);
    }
    return out;
  }
  [[nodiscard]] std::string Number(double value, int decimals) const {
    return FormatNumber(value, decimals, language_);
  }
  [[nodiscard]] std::string Date(core::Date date) const { return FormatDate(date, language_); }

  [[nodiscard]] LayoutPtr Layout(const std::string& text, Style style, double width, Align align = Align::kLeft) const {
    LayoutPtr layout(pango_layout_new(fonts_.context.get()), GObjectUnref{});
    pango_layout_set_font_description(layout.get(), fonts_.styles.at(static_cast<std::size_t>(style)).get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align == Align::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  static double HeightOf(const LayoutPtr& layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout.get(), &width, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  static void Show(cairo_t* cr, const LayoutPtr& layout, double x, double y) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
  }

  void Paragraph(const std::string& text, Style style = Style::kBody, double space_before = 6) {
    LayoutPtr layout = Layout(text, style, kContentWidth);
    blocks_.push_back({HeightOf(layout), space_before, false,
                       [layout](cairo_t* cr, double top) { Show(cr, layout, kMarginLeft, top); }});
  }

  void Heading(Text text) {
    LayoutPtr layout = Layout(Say(text), Style::kHeading, kContentWidth);
    blocks_.push_back({HeightOf(layout) + 3, 14, true, [layout](cairo_t* cr, double top) {
                         Show(cr, layout, kMarginLeft, top);
                         cairo_set_line_width(cr, 0.5);
                         cairo_move_to(cr, kMarginLeft, top + HeightOf(layout) + 1);
                         cairo_line_to(cr, kMarginLeft + kContentWidth, top + HeightOf(layout) + 1);
                         cairo_stroke(cr);
                       }});
  }

  // One row of a table: cells side by side, the row as tall as its tallest cell.
  void Row(const std::vector<Column>& columns, const std::vector<std::string>& cells, Style style,
           bool keep_with_next = false) {
    std::vector<std::pair<double, LayoutPtr>> placed;
    double x = kMarginLeft;
    double height = 0;
    for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      constexpr double kGap = 4;
      LayoutPtr layout = Layout(cells[i], style, columns[i].width - kGap, columns[i].align);
      height = std::max(height, HeightOf(layout));
      placed.emplace_back(x, std::move(layout));
      x += columns[i].width;
    }
    blocks_.push_back({height + 1.5, 0, keep_with_next, [placed = std::move(placed)](cairo_t* cr, double top) {
                         for (const auto& cell : placed) Show(cr, cell.second, cell.first, top);
                       }});
  }

  void Table(const std::vector<Column>& columns, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows) {
    Row(columns, header, Style::kBold, true);
    for (const auto& row : rows) Row(columns, row, Style::kBody);
  }

  void Custom(double height, double space_before, std::function<void(cairo_t*, double)> paint) {
    blocks_.push_back({height, space_before, false, std::move(paint)});
  }

  std::vector<Block>& blocks() { return blocks_; }

 private:
  const LetterRenderer::Fonts& fonts_;
  Language language_;
  std::vector<Block> blocks_;
};

// Columns of the given relative widths filling the content width.
std::vector<Column> Columns(std::initializer_list<std::pair<double, Align>> shares) {
  double sum = 0;
  for (const auto& share : shares) sum += share.first;
  std::vector<Column> columns;
  for (const auto& share : shares) columns.push_back({kContentWidth * share.first / sum, share.second});
  return columns;
}

// ---------------------------------------------------------------------------
// The letter's sections

core::Result<SurfacePtr> DecodeLogo(const std::string& png) {
  struct Reader {
    const std::string* bytes;
    std::size_t at = 0;
  } reader{&png};
  SurfacePtr logo(cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(data, r->bytes->data() + r->at, length);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader));
  if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS) {
    return core::BadInput("the letterhead's logo is not a PNG image", {"", 0, "logo"});
  }
  return logo;
}

void AddLetterhead(Builder& b, const LetterContent& c, std::shared_ptr<cairo_surface_t> logo) {
  std::string sender = c.letterhead.name;
  for (const std::string& line : c.letterhead.address) sender += "\n" + line;
  LayoutPtr sender_layout = b.Layout(sender, Style::kBold, kContentWidth - kLogoMaxWidth - 10);
  const double height = std::max(Builder::HeightOf(sender_layout), logo ? kLogoHeight : 0.0);
  b.Custom(height, 0, [sender_layout, logo](cairo_t* cr, double top) {
    Builder::Show(cr, sender_layout, kMarginLeft, top);
    if (!logo) return;
    const double w = cairo_image_surface_get_width(logo.get());
    const double h = cairo_image_surface_get_height(logo.get());
    const double scale = std::min(kLogoHeight / h, kLogoMaxWidth / w);
    cairo_save(cr);
    cairo_translate(cr, kMarginLeft + kContentWidth - w * scale, top);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, logo.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
  });
  b.Paragraph(c.supplier_name + "\n" + b.Say(Text::kSupplier) + " " + c.supplier_id, Style::kBody, 28);
  b.Paragraph(b.Say(Text::kDate) + ": " + b.Date(c.letter_date) + "   " + b.Say(Text::kPeriod) + ": " + c.period_label +
                  " (" + b.Date(c.period_first) + " – " + b.Date(c.period_last) + ")   " + b.Say(Text::kRun) + ": " +
                  std::to_string(c.run),
              Style::kBody, 14);
  b.Paragraph(b.Fill(Text::kTitle, {c.period_label}), Style::kTitle, 18);
  b.Paragraph(b.Say(Text::kSalutation), Style::kBody, 12);
  b.Paragraph(b.Fill(Text::kIntro, {c.period_label}));
}

void AddResult(Builder& b, const LetterContent& c) {
  if (!c.evaluated) {
    b.Paragraph(b.Say(Text::kNotEvaluated) + (c.not_evaluated_reason.empty() ? "" : ": " + c.not_evaluated_reason),
                Style::kHeading, 12);
    return;
  }
  b.Paragraph(b.Say(Text::kTotal) + ": " + b.Number(c.total.value_or(0), 1) + "    " + b.Say(Text::kClass) + ": " +
                  c.grade_class,
              Style::kTitle, 12);
}

std::string FigureText(const Builder& b, const Figure& f) {
  std::string text = f.subject.empty() ? "" : f.subject + " ";
  constexpr std::string_view kNoBreakSpace = "\u00a0";  // "100 pts" stays on one line
  if (f.qualifier) text += b.Number(*f.qualifier, f.qualifier_decimals) + std::string(kNoBreakSpace);
  text += b.Say(f.label);
  if (f.value) text += ": " + b.Number(*f.value, f.decimals);
  return text;
}

void AddScores(Builder& b, const LetterContent& c) {
  if (c.scores.empty()) return;
  b.Heading(Text::kScoresHeading);
  const auto columns = Columns({{2.6, Align::kLeft}, {1, Align::kRight}, {1, Align::kRight}, {4.4, Align::kLeft}});
  b.Row(columns, {b.Say(Text::kCriterion), b.Say(Text::kPoints), b.Say(Text::kWeight), b.Say(Text::kBasis)},
        Style::kBold, true);
  for (const SubScore& score : c.scores) {
    std::string basis = score.score ? "" : b.Say(Text::kNotTakenIntoAccount);
    for (const Figure& figure : score.figures) basis += (basis.empty() ? "" : "; ") + FigureText(b, figure);
    const bool main = score.criterion.size() == 2;  // QZ, LZ: the groups
    b.Row(columns,
          {score.criterion + " " + b.Say(score.name), score.score ? b.Number(*score.score, 1) : b.Say(Text::kNone),
           score.weight ? b.Number(*score.weight, 2) : b.Say(Text::kNone), basis},
          main ? Style::kBold : Style::kBody);
  }
}

// The totals over the runs as a line chart with the class edges dashed.
void AddTrend(Builder& b, const LetterContent& c) {
  if (c.trend.empty()) return;
  b.Heading(Text::kTrendHeading);
  std::vector<LayoutPtr> x_labels;
  std::vector<LayoutPtr> value_labels;
  const double slot = (kContentWidth - 40) / static_cast<double>(c.trend.size());
  for (const TrendEntry& entry : c.trend) {
    x_labels.push_back(b.Layout(entry.period + "\n#" + std::to_string(entry.run), Style::kSmall, slot, Align::kLeft));
    value_labels.push_back(b.Layout(entry.total ? b.Number(*entry.total, 1) : "", Style::kSmall, slot));
  }
  std::vector<std::pair<double, LayoutPtr>> bands;
  for (const ClassBand& band : c.classes) {
    if (band.min_total > 0) bands.emplace_back(band.min_total, b.Layout(band.name, Style::kSmall, 30));
  }
  std::vector<std::pair<double, LayoutPtr>> ticks;
  for (int tick = 0; tick <= 100; tick += 25)
    ticks.emplace_back(tick, b.Layout(std::to_string(tick), Style::kSmall, 24));
  std::vector<std::optional<double>> totals;
  for (const TrendEntry& entry : c.trend) totals.push_back(entry.total);

  b.Custom(kChartHeight, 8, [=](cairo_t* cr, double top) {
    const double left = kMarginLeft + 28;
    const double plot_height = kChartHeight - 30;
    const auto y_of = [&](double value) { return top + plot_height * (1 - value / kTrendMax); };
    cairo_set_line_width(cr, 0.4);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    for (const auto& [value, label] : ticks) {
      cairo_move_to(cr, left, y_of(value));
      cairo_line_to(cr, left + slot * static_cast<double>(totals.size()), y_of(value));
      cairo_stroke(cr);
      Builder::Show(cr, label, kMarginLeft, y_of(value) - 5);
    }
    const std::array<double, 2> dash = {3, 2};
    cairo_set_dash(cr, dash.data(), static_cast<int>(dash.size()), 0);
    cairo_set_source_rgb(cr, 0.75, 0.35, 0.1);
    for (const auto& [edge, label] : bands) {
      cairo_move_to(cr, left, y_of(edge));
      cairo_line_to(cr, left + slot * static_cast<double>(totals.size()), y_of(edge));
      cairo_stroke(cr);
      Builder::Show(cr, label, left + slot * static_cast<double>(totals.size()) + 2, y_of(edge) - 5);
    }
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_set_source_rgb(cr, 0.1, 0.25, 0.55);
    cairo_set_line_width(cr, 1.4);
    bool drawing = false;
    for (std::size_t i = 0; i < totals.size(); ++i) {
      const double x = left + slot * (static_cast<double>(i) + 0.5);
      if (!totals[i]) {
        drawing = false;
        continue;
      }
      if (drawing) cairo_line_to(cr, x, y_of(*totals[i]));
      else cairo_move_to(cr, x, y_of(*totals[i]));
      drawing = true;
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < totals.size(); ++i) {
      const double x = left + slot * (static_cast<double>(i) + 0.5);
      cairo_set_source_rgb(cr, 0.1, 0.25, 0.55);
      if (totals[i]) {
        cairo_new_path(cr);  // no line from where the last label ended
        cairo_arc(cr, x, y_of(*totals[i]), 2.5, 0, 2 * M_PI);
        cairo_fill(cr);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      if (totals[i]) Builder::Show(cr, value_labels[i], x - 6, y_of(*totals[i]) - 13);
      Builder::Show(cr, x_labels[i], x - slot / 2 + 2, top + plot_height + 4);
    }
  });
}

void AddWorst(Builder& b, Text heading, const std::vector<WorstDelivery>& rows, bool by_date) {
  if (rows.empty()) return;
  b.Heading(heading);
  const auto columns = Columns(
      {{2.2, Align::kLeft}, {1.3, Align::kLeft}, {1.3, Align::kLeft}, {1.2, Align::kRight}, {1, Align::kRight}});
  std::vector<std::string> header =
      by_date ? std::vector<std::string>{b.Say(Text::kDelivery), b.Say(Text::kDueDate), b.Say(Text::kReceiptDate),
                                         b.Say(Text::kWorkingDays), b.Say(Text::kPoints)}
              : std::vector<std::string>{b.Say(Text::kDelivery), b.Say(Text::kDueQuantity),
                                         b.Say(Text::kReceivedQuantity), b.Say(Text::kDeviation), b.Say(Text::kPoints)};
  std::vector<std::vector<std::string>> cells;
  for (const WorstDelivery& row : rows) {
    if (by_date) {
      cells.push_back({row.delivery_id, b.Date(row.due_date), b.Date(row.receipt_date),
                       std::to_string(row.working_days), b.Number(row.points, 1)});
    } else {
      cells.push_back(
          {row.delivery_id, row.due_qty, row.received_qty, b.Number(row.percent, 2), b.Number(row.points, 1)});
    }
  }
  b.Table(columns, header, cells);
}

void AddComplaints(Builder& b, const LetterContent& c) {
  if (c.complaints.empty()) return;
  b.Heading(Text::kComplaintsHeading);
  const auto columns = Columns({{2, Align::kLeft},
                                {1.2, Align::kLeft},
                                {0.9, Align::kLeft},
                                {1.1, Align::kLeft},
                                {1.3, Align::kRight},
                                {1.4, Align::kRight}});
  std::vector<std::vector<std::string>> cells;
  for (const CountedComplaint& row : c.complaints) {
    cells.push_back({row.complaint_id, b.Date(row.date), b.Say(row.justified ? Text::kYes : Text::kNo), row.defect_code,
                     row.counted_quantity ? b.Number(*row.counted_quantity, 3) : b.Say(Text::kNone),
                     row.adjustment_deadline ? b.Date(*row.adjustment_deadline) : b.Say(Text::kNone)});
  }
  b.Table(columns,
          {b.Say(Text::kComplaint), b.Say(Text::kDate), b.Say(Text::kJustified), b.Say(Text::kDefectCode),
           b.Say(Text::kCountedQuantity), b.Say(Text::kAdjustmentDeadline)},
          cells);
}

void AddAdjustmentRule(Builder& b, const LetterContent& c) {
  b.Heading(Text::kAdjustmentHeading);
  b.Paragraph(b.Fill(Text::kAdjustmentRule, {std::to_string(c.adjustment_months)}));
}

void AddSettlement(Builder& b, const LetterContent& c) {
  if (c.settlement.rows.empty()) return;
  b.Heading(Text::kSettlementHeading);
  std::vector<Column> columns(c.settlement.columns.size(),
                              Column{kContentWidth / static_cast<double>(c.settlement.columns.size()), Align::kLeft});
  b.Row(columns, c.settlement.columns, Style::kSmall, true);
  for (const auto& row : c.settlement.rows) b.Row(columns, row, Style::kSmall);
}

void AddClosing(Builder& b, const LetterContent& c) {
  b.Paragraph(b.Say(Text::kClosing), Style::kBody, 22);
  std::string signature = c.letterhead.signatory;
  if (!c.letterhead.signatory_title.empty()) signature += "\n" + c.letterhead.signatory_title;
  if (!signature.empty()) b.Paragraph(signature, Style::kBody, 26);
}

// ---------------------------------------------------------------------------
// Pages

struct Placed {
  const Block* block;
  double top;
};

// Cuts the blocks into pages: a block that does not fit starts a new page,
// and so does a heading whose next block would not fit beside it.
std::vector<std::vector<Placed>> Paginate(const std::vector<Block>& blocks) {
  std::vector<std::vector<Placed>> pages(1);
  double y = kMarginTop;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& block = blocks[i];
    double needed = block.space_before + block.height;
    if (block.keep_with_next && i + 1 < blocks.size()) needed += blocks[i + 1].space_before + blocks[i + 1].height;
    if (y + needed > kContentBottom && !pages.back().empty()) {
      pages.emplace_back();
      y = kMarginTop;
    } else {
      y += block.space_before;
    }
    pages.back().push_back({&block, y});
    y += block.height;
  }
  return pages;
}

void PaintFooter(Builder& b, cairo_t* cr, const LetterContent& c, std::size_t page, std::size_t pages) {
  const std::string text = b.Fill(Text::kFooterRun, {std::to_string(c.run)}) + " · " +
                           b.Fill(Text::kFooterRules, {c.rules_sha256}) + " · " +
                           b.Fill(Text::kFooterPage, {std::to_string(page), std::to_string(pages)});
  const LayoutPtr layout = b.Layout(text, Style::kSmall, kContentWidth);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.4);
  cairo_move_to(cr, kMarginLeft, kFooterBaseline - 4);
  cairo_line_to(cr, kMarginLeft + kContentWidth, kFooterBaseline - 4);
  cairo_stroke(cr);
  Builder::Show(cr, layout, kMarginLeft, kFooterBaseline);
  cairo_set_source_rgb(cr, 0, 0, 0);
}

cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

// ---------------------------------------------------------------------------
// LetterRenderer

LetterRenderer::LetterRenderer(std::unique_ptr<Fonts> fonts) : fonts_(std::move(fonts)) {}
LetterRenderer::LetterRenderer(LetterRenderer&&) noexcept = default;
LetterRenderer& LetterRenderer::operator=(LetterRenderer&&) noexcept = default;
LetterRenderer::~LetterRenderer() = default;

core::Result<LetterRenderer> LetterRenderer::Create(std::string font_dir) {
  FcConfig* config = FcConfigCreate();
  for (const char* file : {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}) {
    const std::string path = (std::filesystem::path(font_dir) / file).string();
    if (FcConfigAppFontAddFile(config, reinterpret_cast<const FcChar8*>(path.c_str())) == FcFalse) {
      FcConfigDestroy(config);
      return core::Internal("cannot load the letter's font " + path + " (Debian package fonts-dejavu-core)");
    }
  }
  auto fonts = std::make_unique<Fonts>();
  fonts->map.reset(pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map.get()), config);
  FcConfigDestroy(config);  // the font map holds its own reference
  fonts->context.reset(pango_font_map_create_context(fonts->map.get()));
  pango_cairo_context_set_resolution(fonts->context.get(), 72);  // one Pango point = one PDF point
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(fonts->context.get(), options);
  cairo_font_options_destroy(options);
  for (const StyleSpec& spec : kStyles) {
    fonts->styles.at(static_cast<std::size_t>(spec.style))
        .reset(pango_font_description_from_string(std::string(spec.font).c_str()));
  }
  return LetterRenderer(std::move(fonts));
}

core::Result<std::string> LetterRenderer::Render(const LetterContent& content) const {
  std::shared_ptr<cairo_surface_t> logo;
  if (!content.letterhead.logo_png.empty()) {
    auto decoded = DecodeLogo(content.letterhead.logo_png);
    if (!decoded.ok()) return decoded.error();
    logo = std::shared_ptr<cairo_surface_t>(decoded->release(), CairoDestroy{});
  }
  Builder b(*fonts_, content.language);
  AddLetterhead(b, content, logo);
  AddResult(b, content);
  AddScores(b, content);
  AddTrend(b, content);
  AddWorst(b, Text::kWorstByDateHeading, content.worst_by_date, true);
  AddWorst(b, Text::kWorstByQuantityHeading, content.worst_by_quantity, false);
  AddComplaints(b, content);
  AddAdjustmentRule(b, content);
  AddSettlement(b, content);
  AddClosing(b, content);
  const auto pages = Paginate(b.blocks());

  std::string pdf;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(AppendTo, &pdf, kPageWidth, kPageHeight));
  // Dated by the run, not the clock: the same run gives the same letter.
  const std::string created = content.letter_date.ToString() + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  const std::string title = b.Fill(Text::kTitle, {content.period_label}) + " – " + content.supplier_id;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
  for (std::size_t page = 0; page < pages.size(); ++page) {
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    for (const Placed& placed : pages[page]) placed.block->paint(cr.get(), placed.top);
    PaintFooter(b, cr.get(), content, page + 1, pages.size());
    cairo_show_page(cr.get());
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (const cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    return core::Internal(std::string("cannot write the letter's PDF: ") + cairo_status_to_string(status));
  }
  return pdf;
}

std::string LetterFileName(const LetterContent& content) {
  std::string name =
      "letter-" + content.supplier_id + "-" + content.period_label + "-run" + std::to_string(content.run) + ".pdf";
  for (char& c : name) {
    const bool safe =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!safe) c = '_';
  }
  return name;
}

}  // namespace supeval::report
