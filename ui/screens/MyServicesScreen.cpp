#include "screens/MyServicesScreen.h"

#include <wx/intl.h>

#include <algorithm>

#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "widgets/TileGrid.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

MyServicesScreen::MyServicesScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "group:my_services") {
    const auto& theme = ctx_.theme;
    const auto& info = FeatureCatalog::get(GroupId::MyServices);
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    auto* body = makeBody();
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = bodyWidth();

    std::vector<GroupId> pinned;
    for (GroupId id : ctx_.kiosk.config.kiosk.enabledGroups)
        if (ctx_.session.isPinned(id)) pinned.push_back(id);

    // What this screen is, in one line, before anything else.
    auto* explain = makeText(body, _("Pin the services you use often: they wait for you here, one touch away."),
                             FontRole::Body, width);
    explain->SetName("my-services-explain");
    content->Add(explain, 0, wxBOTTOM, theme.px(20));

    // Big tiles of `groups`, as many to a row as fit.
    auto addTiles = [&](const std::vector<GroupId>& groups) {
        // Tiles grow with the text (names wrap, never shrink: issue 18).
        const int tile = std::max(theme.px(240), theme.textPx(200));
        const int perRow = std::max(1, width / (tile + theme.px(20)));
        const int rows = (static_cast<int>(groups.size()) + perRow - 1) / perRow;
        const wxSize area(width, rows * tile + (rows - 1) * theme.px(20));
        auto* grid = buildTileGrid(body, theme, groups, wxSize(std::min(width, perRow * (tile + theme.px(20))), area.y),
                                   ctx_.session, [this](GroupId id) { ctx_.navigator.openGroup(id); });
        auto* holder = new wxBoxSizer(wxVERTICAL);
        holder->Add(grid, 1, wxEXPAND);
        holder->SetMinSize(wxSize(std::min(width, static_cast<int>(groups.size()) * (tile + theme.px(20))), area.y));
        content->Add(holder, 0, wxBOTTOM, theme.px(24));
    };

    if (pinned.empty()) {
        // A new resident has pinned nothing: the services most people come for, to open now,
        // and the dossier lookup, which lives inside Dịch vụ công.
        const auto common = FeatureCatalog::commonlyUsed(ctx_.kiosk.config.kiosk.enabledGroups);
        auto* heading = makeText(body, _("Often used: touch one to open it"), FontRole::Heading, width);
        heading->SetName("my-services-common");
        content->Add(heading, 0, wxBOTTOM, theme.px(16));
        if (!common.empty()) addTiles(common);
        if (std::find(common.begin(), common.end(), GroupId::PublicServices) != common.end()) {
            auto* dossier = new TouchButton(body, theme, _("Look up a dossier"), "search", TouchButton::Style::Primary,
                                            "my-services-dossier");
            dossier->SetMinSize(wxSize(std::min(width, std::max(dossier->GetBestSize().x, theme.px(480))),
                                       dossier->GetBestSize().y));
            dossier->Bind(wxEVT_BUTTON,
                          [this](wxCommandEvent&) { ctx_.navigator.openPage(GroupId::PublicServices, "dossier"); });
            content->Add(dossier, 0, wxBOTTOM, theme.px(32));
        }
    } else {
        content->Add(makeText(body, _("Your services. Touch one to open it."), FontRole::Heading, width), 0, wxBOTTOM,
                     theme.px(16));
        addTiles(pinned);
    }

    content->Add(makeText(body, _("Choose your services: touch one to pin it or unpin it"), FontRole::Heading, width), 0,
                 wxBOTTOM, theme.px(16));
    std::vector<TouchButton*> toggles;
    int widest = 0;
    for (GroupId id : ctx_.kiosk.config.kiosk.enabledGroups) {
        const bool isPinned = ctx_.session.isPinned(id);
        auto* toggle = new TouchButton(body, theme, tr(FeatureCatalog::get(id).name), isPinned ? "pinned" : "pin",
                                       TouchButton::Style::Toggle,
                                       wxString::Format("pin-%s", wxString::FromUTF8(std::string(toString(id)))));
        toggle->setChecked(isPinned);
        toggle->Bind(wxEVT_BUTTON, [this, id](wxCommandEvent&) {
            ctx_.session.togglePin(id);
            ctx_.navigator.refreshScreen();
        });
        widest = std::max(widest, toggle->GetMinSize().x);
        toggles.push_back(toggle);
    }
    // As many columns as the longest name allows (3 at most), so no label is cut.
    const int gap = theme.gap();
    const int cols = std::clamp((width + gap) / (widest + gap), 1, 3);
    const int buttonWidth = (width - gap * (cols - 1)) / cols;
    auto* choices = new wxGridSizer(cols, gap, gap);
    for (auto* toggle : toggles) {
        toggle->SetMinSize(wxSize(buttonWidth, toggle->GetMinSize().y));
        choices->Add(toggle, 0, wxEXPAND);
    }
    content->Add(choices, 0, wxBOTTOM, theme.px(24));
    content->Add(makeText(body, _("This list is cleared when you finish, so the next person does not see it."),
                          FontRole::Small, width, Theme::mutedText()));

    fillBody(body, content);
    addBody(column, body);
    SetSizer(column);
}

}  // namespace kiosk::ui
