#include "screens/GroupInfoScreen.h"

#include <wx/intl.h>

#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

TouchButton* makePinButton(wxWindow* parent, const ScreenContext& context, GroupId group) {
    const bool pinned = context.session.isPinned(group);
    auto* button = new TouchButton(parent, context.theme, pinned ? _("Pinned to My services") : _("Pin to My services"),
                                   pinned ? "pinned" : "pin", TouchButton::Style::Toggle, "pin-toggle");
    button->setChecked(pinned);
    Navigator* navigator = &context.navigator;
    Session* session = &context.session;
    button->Bind(wxEVT_BUTTON, [navigator, session, group](wxCommandEvent&) {
        session->togglePin(group);
        navigator->refreshScreen();
    });
    return button;
}

GroupInfoScreen::GroupInfoScreen(wxWindow* parent, const ScreenContext& context, GroupId group)
    : Screen(parent, context, "group:" + std::string(toString(group))), group_(group) {
    const auto& info = FeatureCatalog::get(group);
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon, makePinButton(this, ctx_, group)), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    auto* body = makeBody();
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = bodyWidth();
    content->Add(makeText(body, tr(info.summary), FontRole::Body, width), 0, wxBOTTOM, theme.px(24));

    std::vector<wxString> offers;
    for (const char* item : info.offers) offers.push_back(tr(item));
    std::vector<wxString> today;
    for (const char* item : info.today) today.push_back(tr(item));

    // Side by side on a wide screen, one under the other in portrait or with large text.
    const int gap = theme.px(24);
    const bool sideBySide = !theme.portrait() && width >= theme.px(1200);
    const int cardWidth = sideBySide ? (width - gap) / 2 : width;
    auto* cards = new wxBoxSizer(sideBySide ? wxHORIZONTAL : wxVERTICAL);
    cards->Add(makeCard(body, _("What this service offers"), offers, cardWidth, "info"), 0,
               sideBySide ? wxRIGHT : wxBOTTOM, gap);
    cards->Add(makeCard(body, _("How to get it today"), today, cardWidth, "phone"), 0);
    content->Add(cards, 0);

    fillBody(body, content);
    addBody(column, body);
    SetSizer(column);
}

}  // namespace kiosk::ui
