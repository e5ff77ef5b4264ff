#include "screens/AgenciesScreen.h"

#include <wx/intl.h>

#include "GroupStyle.h"
#include "Translations.h"
#include "directory/ResidentText.h"

namespace kiosk::ui {
namespace {
wxStaticText* label(wxWindow* parent, const wxString& text, const Theme& theme, FontRole role, int wrap,
                    const wxColour& colour) {
    auto* l = new wxStaticText(parent, wxID_ANY, text);
    l->SetFont(theme.font(role));
    l->SetForegroundColour(colour);
    if (wrap > 0) l->Wrap(wrap);
    return l;
}
}  // namespace

AgenciesScreen::AgenciesScreen(wxWindow* parent, const ScreenContext& context)
    : DirectoryScreen(parent, context, GroupId::Agencies, [context](wxWindow* body, int width) {
          return makeEmergencyPanel(body, width, context);
      }) {}

wxWindow* AgenciesScreen::makeEmergencyPanel(wxWindow* body, int width, const ScreenContext& context) {
    const auto& theme = context.theme;
    const bool english = context.session.language() == Language::English;
    auto* panel = new wxPanel(body, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "emergency-numbers");
    panel->SetBackgroundColour(Theme::background());
    auto* content = new wxBoxSizer(wxVERTICAL);

    const auto ward = context.kiosk.wards.find(context.kiosk.config.kiosk.wardCode);
    const wxString wardName = ward ? utf8(english ? ward->fullNameEn : ward->fullName) : wxString();
    content->Add(label(panel,
                       wxString::Format(_("This kiosk belongs to the People's Committee of %s. "
                                          "Emergency numbers are free of charge from any phone."),
                                        wardName),
                       theme, FontRole::Body, width, Theme::text()),
                 0, wxBOTTOM, theme.px(16));

    const auto& hotlines = context.kiosk.hotlines.all();
    if (hotlines.empty()) {
        // The bundled list is missing or damaged (logged at start); never show an empty page.
        content->Add(label(panel,
                           _("The list of numbers cannot be shown right now. In an emergency call 113 (police), "
                             "114 (fire) or 115 (ambulance). For the city, call 1022."),
                           theme, FontRole::Heading, width, Theme::bad()),
                     0, wxBOTTOM, theme.px(16));
    } else {
        const int gap = theme.px(16);
        const int cols = theme.portrait() || width < theme.px(1100) ? 1 : 2;
        const int cardWidth = (width - gap * (cols - 1)) / cols;
        auto* grid = new wxFlexGridSizer(cols, gap, gap);
        for (const auto& hotline : hotlines) grid->Add(makeHotlineCard(panel, hotline, cardWidth, context), 0, wxEXPAND);
        content->Add(grid, 0, wxBOTTOM, theme.px(12));
    }
    content->Add(label(panel, _("Source: compiled from public information pages of the emergency services and of the 1022 portal."),
                       theme, FontRole::Small, width, Theme::mutedText()),
                 0, wxBOTTOM, theme.px(16));
    content->Add(label(panel, _("Search below for the People's Committee of any ward, also by the name of a ward before 2025."),
                       theme, FontRole::Heading, width, Theme::text()));
    panel->SetSizer(content);
    return panel;
}

wxPanel* AgenciesScreen::makeHotlineCard(wxWindow* parent, const Hotline& hotline, int width,
                                         const ScreenContext& context) {
    const auto& theme = context.theme;
    const bool english = context.session.language() == Language::English;
    auto* card = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE,
                             "hotline-" + hotline.number);
    card->SetBackgroundColour(Theme::surface());
    const int pad = theme.px(16);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* number = label(card, utf8(hotline.number), theme, FontRole::Huge, 0,
                         hotline.number == "1022" && !Theme::palette().highContrast ? groupColour(GroupId::Agencies) : Theme::bad());
    const int numberWidth = std::max(number->GetBestSize().x, theme.textPx(160));
    row->Add(number, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    auto* text = new wxBoxSizer(wxVERTICAL);
    const int textWidth = width - numberWidth - 3 * pad - 2;
    text->Add(label(card, utf8(english ? hotline.nameEn : hotline.nameVi), theme, FontRole::Heading, textWidth,
                    Theme::text()),
              0, wxBOTTOM, theme.px(4));
    // The bundled descriptions are Vietnamese only; in English the name says enough.
    if (!english && !hotline.descriptionVi.empty())
        text->Add(label(card, utf8(resident::plainText(hotline.descriptionVi)), theme, FontRole::Body, textWidth,
                        Theme::mutedText()));
    row->Add(text, 1, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxRIGHT, pad);
    row->SetItemMinSize(static_cast<size_t>(0), wxSize(numberWidth, -1));
    card->SetSizer(row);
    card->SetMinSize(wxSize(width, -1));
    return card;
}

}  // namespace kiosk::ui
