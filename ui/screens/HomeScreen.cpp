#include "screens/HomeScreen.h"

#include <wx/intl.h>

#include "widgets/TileGrid.h"

namespace kiosk::ui {

HomeScreen::HomeScreen(wxWindow* parent, const ScreenContext& context) : Screen(parent, context, "home") {
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    const int width = ctx_.area.x - 2 * margin();

    auto* greeting = makeText(this, _("Hello! What would you like to do today?"), FontRole::Heading, width);
    greeting->SetName("screen-title");
    auto* hint = makeText(this, _("Touch a box to begin."), FontRole::Body, width, Theme::mutedText());
    column->Add(greeting, 0, wxLEFT | wxRIGHT | wxTOP, margin());
    column->Add(hint, 0, wxLEFT | wxRIGHT, margin());
    column->AddSpacer(margin() / 4);

    std::vector<GroupId> groups{GroupId::MyServices};
    for (GroupId id : ctx_.kiosk.config.kiosk.enabledGroups) groups.push_back(id);

    // The grid gets what is left below the greeting.
    const int used = greeting->GetBestSize().y + hint->GetBestSize().y + margin() * 2 + margin() / 4 + theme.px(24);
    const wxSize gridArea(width, std::max(theme.px(200), ctx_.area.y - used));
    auto open = [this](GroupId id) { ctx_.navigator.openGroup(id); };
    if (const TilePlan plan = planTiles(this, theme, groups, gridArea); plan.fits) {
        column->Add(buildTileGrid(this, theme, groups, plan, ctx_.session, open), 1, wxEXPAND | wxALL, margin());
    } else {
        // Extra large text on a wide screen: names are wrapped at their size, never shrunk, so
        // the tiles no longer fit on one screen and scroll, with their sign and buttons.
        auto* body = makeBody();
        const wxSize area(bodyWidth(), gridArea.y);
        auto* content = new wxBoxSizer(wxVERTICAL);
        content->Add(buildTileGrid(body, theme, groups, area, ctx_.session, open), 0, wxEXPAND);
        fillBody(body, content);
        addBody(column, body, margin() / 2);
    }
    SetSizer(column);
}

}  // namespace kiosk::ui
