// GET /api/v1/suppliers/{id}/letter.pdf?run=N&language=de|en: one
// supplier's scorecard letter as a PDF attachment (docs/letters.md). The
// service gathers and authorizes (a supplier user: its own only, another's
// is a 404), the report library renders; the letterhead is serve
// --letterhead's.
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/letters.hpp"
#include "supeval/store/settlements.hpp"

namespace supeval::server {
namespace {

core::Result<report::Language> LanguageOf(const Request& request) {
  const std::string code = QueryString(request, "language").value_or("en");
  if (const auto language = report::ParseLanguage(code)) return *language;
  return core::BadInput("language is de or en", {"", 0, "language"});
}

core::Result<Reply> Letter(Api::Impl& api, const Request& request) {
  service::LetterRequest letter;
  letter.run = service::RunSelector{QueryString(request, "period"), QueryString(request, "run")};
  auto language = LanguageOf(request);
  if (!language.ok()) return language.error();
  letter.language = *language;
  letter.letterhead = api.options.letterhead;
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto settlement_store = store::SettlementStore::Open(api.options.db_url, {.read_only = true});
    if (!settlement_store.ok()) return settlement_store.error();
    service::SettlementLookup settlements(**settlement_store);
    auto content = service::GatherLetter(db, api.cache, CallerOf(request), id, letter, &settlements);
    if (!content.ok()) return content.error();
    // A renderer per request: it holds a font map, used by one thread at a time.
    auto renderer = report::LetterRenderer::Create();
    if (!renderer.ok()) return renderer.error();
    auto pdf = renderer->Render(*content);
    if (!pdf.ok()) return pdf.error();
    Reply reply;
    reply.content_type = "application/pdf";
    reply.body = std::move(*pdf);
    // The name is ours (LetterFileName: letters, digits, '-', '_', '.'); quoted as RFC 6266 asks.
    reply.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"" + report::LetterFileName(*content) + "\"");
    return reply;
  });
}

}  // namespace

RouteTable LetterRoutes(Api::Impl& api) {
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/letter.pdf",
                    service::UseCase::kSupplierLetter,
                    Bind(api, Letter),
                    BodyKind::kNone,
                    std::nullopt,
                    "One supplier's scorecard letter of a run (PDF; run, period, language de|en)",
                    {"", "SupplierLetter"}});
  return routes;
}

}  // namespace supeval::server
