#include "screens/AgenciesScreen.h"

#include <wx/intl.h>

#include "GroupStyle.h"
#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "screens/GroupInfoScreen.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

AgenciesScreen::AgenciesScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "group:agencies") {
    const auto& theme = ctx_.theme;
    const auto& info = FeatureCatalog::get(GroupId::Agencies);
    const bool english = ctx_.session.language() == Language::English;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon, makePinButton(this, ctx_, GroupId::Agencies)), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    auto* body = makeBody();
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = bodyWidth();

    const auto ward = ctx_.kiosk.wards.find(ctx_.kiosk.config.kiosk.wardCode);
    const wxString wardName = ward ? utf8(english ? ward->fullNameEn : ward->fullName) : wxString();
    content->Add(makeText(body,
                          wxString::Format(_("This kiosk belongs to the People's Committee of %s. "
                                             "Emergency numbers are free of charge from any phone."),
                                           wardName),
                          FontRole::Body, width),
                 0, wxBOTTOM, theme.px(24));

    const auto& hotlines = ctx_.kiosk.hotlines.all();
    if (hotlines.empty()) {
        // The bundled list is missing or damaged (logged at start); never show an empty page.
        content->Add(makeText(body,
                              _("The list of numbers cannot be shown right now. In an emergency call 113 (police), "
                                "114 (fire) or 115 (ambulance). For the city, call 1022."),
                              FontRole::Heading, width, Theme::bad()),
                     0, wxBOTTOM, theme.px(24));
    } else {
        const int gap = theme.px(20);
        const int cols = theme.portrait() || width < theme.px(1100) ? 1 : 2;
        const int cardWidth = (width - gap * (cols - 1)) / cols;
        auto* grid = new wxFlexGridSizer(cols, gap, gap);
        for (const auto& hotline : hotlines) grid->Add(makeHotlineCard(body, hotline, cardWidth), 0, wxEXPAND);
        content->Add(grid, 0, wxBOTTOM, theme.px(24));
    }
    content->Add(makeText(body, _("Source: compiled from public information pages of the emergency services and of the 1022 portal."),
                          FontRole::Small, width, Theme::mutedText()));

    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(content, 0, wxALL, margin());
    body->SetSizer(outer);
    body->FitInside();
    column->Add(body, 1, wxEXPAND | wxTOP, theme.px(8));
    SetSizer(column);
}

wxPanel* AgenciesScreen::makeHotlineCard(wxWindow* parent, const Hotline& hotline, int width) {
    const auto& theme = ctx_.theme;
    const bool english = ctx_.session.language() == Language::English;
    auto* card = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE,
                             "hotline-" + hotline.number);
    card->SetBackgroundColour(Theme::surface());
    const int pad = theme.px(20);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* number = makeText(card, utf8(hotline.number), FontRole::Huge, 0,
                            hotline.number == "1022" ? groupColour(GroupId::Agencies) : Theme::bad());
    const int numberWidth = std::max(number->GetBestSize().x, theme.textPx(160));
    row->Add(number, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    auto* text = new wxBoxSizer(wxVERTICAL);
    const int textWidth = width - numberWidth - 3 * pad - 2;
    text->Add(makeText(card, utf8(english ? hotline.nameEn : hotline.nameVi), FontRole::Heading, textWidth), 0,
              wxBOTTOM, theme.px(6));
    // The bundled descriptions are Vietnamese only; in English the name says enough.
    if (!english && !hotline.descriptionVi.empty())
        text->Add(makeText(card, utf8(hotline.descriptionVi), FontRole::Body, textWidth, Theme::mutedText()));
    row->Add(text, 1, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxRIGHT, pad);
    row->SetItemMinSize(static_cast<size_t>(0), wxSize(numberWidth, -1));
    card->SetSizer(row);
    card->SetMinSize(wxSize(width, -1));
    return card;
}

}  // namespace kiosk::ui
