#include "screens/ConstructionScreen.h"

#include <wx/intl.h>
#include <wx/stattext.h>

#include "Translations.h"
#include "directory/ProcedureScope.h"
#include "widgets/ResultRow.h"

namespace kiosk::ui {

ConstructionScreen::ConstructionScreen(wxWindow* parent, const ScreenContext& context)
    : DirectoryScreen(parent, context, GroupId::Construction, [context](wxWindow* body, int width) {
          return makeProceduresPanel(body, width, context);
      }) {}

wxWindow* ConstructionScreen::makeProceduresPanel(wxWindow* body, int width, const ScreenContext& context) {
    const auto& theme = context.theme;
    auto* panel = new wxPanel(body, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL,
                              "construction-procedures");
    panel->SetBackgroundColour(Theme::background());
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(panel, wxID_ANY, _("Building and housing procedures at the ward"));
    heading->SetFont(theme.font(FontRole::Heading));
    heading->SetForegroundColour(Theme::text());
    heading->Wrap(width);
    column->Add(heading, 0, wxBOTTOM, theme.px(12));
    auto* rows = new wxBoxSizer(wxVERTICAL);
    column->Add(rows, 0);
    panel->SetSizer(column);

    // The procedures live in Dịch vụ công's catalogue: asked for on the directory's thread, and
    // opened there, so a procedure has one page wherever it is found.
    DirectoryQuery query;
    query.group = GroupId::PublicServices;
    query.filterKey = DirectoryService::filterKeyFor(GroupId::PublicServices);
    query.filterValue = "xay_dung";
    query.limit = 20;
    Navigator* navigator = &context.navigator;
    const Theme* shown = &context.theme;
    context.kiosk.directory().search(
        DirectoryService::newChannel(), query,
        context.dispatcher.bind<DirectoryPage, std::string>(
            panel, [panel, heading, rows, width, navigator, shown](DirectoryPage page, std::string error) {
                panel->Freeze();
                if (!error.empty() || page.entries.empty()) {
                    // Never a heading over nothing: the catalogue could not be read (the service logs why).
                    heading->Destroy();
                } else {
                    for (const auto& entry : page.entries) {
                        const auto id = entry.id;
                        wxString facts = utf8(entry.attribute("processing_time"));
                        auto* row = new ResultRow(panel, *shown, utf8(entry.name), utf8(entry.address), facts, width,
                                                  [navigator, id] { navigator->openEntry(GroupId::PublicServices, id); });
                        row->SetName("construction-procedure");
                        rows->Add(row, 0, wxBOTTOM, shown->gap());
                    }
                }
                panel->Thaw();
                // The body scrolls over what came in.
                if (auto* scroller = dynamic_cast<wxScrolledWindow*>(panel->GetParent())) {
                    scroller->FitInside();
                    scroller->Layout();
                }
                if (auto* screen = panel->GetParent() ? panel->GetParent()->GetParent() : nullptr) screen->Layout();
            }));
    return panel;
}

}  // namespace kiosk::ui
