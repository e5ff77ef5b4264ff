#include "widgets/HeaderBar.h"

#include <wx/intl.h>
#include <wx/sizer.h>

#include <ctime>

#include "IconCache.h"
#include "core/CityTime.h"
#include "log/Log.h"
#include "widgets/TextWrap.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

wxString formatDate(const std::tm& when) {
    // Built here rather than by strftime: the kiosk's language is not the process locale.
    static const char* const days[] = {wxTRANSLATE("Sunday"),   wxTRANSLATE("Monday"), wxTRANSLATE("Tuesday"),
                                       wxTRANSLATE("Wednesday"), wxTRANSLATE("Thursday"), wxTRANSLATE("Friday"),
                                       wxTRANSLATE("Saturday")};
    // TRANSLATORS: weekday, then day/month/year, e.g. "Friday, 27/11/2026".
    return wxString::Format(_("%1$s, %2$02d/%3$02d/%4$d"), wxGetTranslation(days[when.tm_wday % 7]), when.tm_mday,
                            when.tm_mon + 1, when.tm_year + 1900);
}

wxString formatClock(std::chrono::system_clock::time_point now) {
    const std::tm at = cityCalendar(now).value_or(std::tm{});
    return wxString::Format("%02d:%02d", at.tm_hour, at.tm_min);
}

wxString formatCityDate(std::chrono::system_clock::time_point now) {
    return formatDate(cityCalendar(now).value_or(std::tm{}));
}

wxString formatDataAge(std::optional<std::chrono::system_clock::time_point> syncedAt, std::time_t now) {
    if (!syncedAt) return _("Data stored on this kiosk");
    const std::time_t then = std::chrono::system_clock::to_time_t(*syncedAt);
    const long long seconds = static_cast<long long>(now) - static_cast<long long>(then);
    if (seconds < 60) return _("Data updated just now");
    if (seconds < 3600) return wxString::Format(_("Data updated %d min ago"), static_cast<int>(seconds / 60));
    const std::tm at = cityCalendar(*syncedAt).value_or(std::tm{});
    const std::tm today = cityCalendar(std::chrono::system_clock::from_time_t(now)).value_or(std::tm{});
    if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
        return wxString::Format(_("Data updated at %02d:%02d"), at.tm_hour, at.tm_min);
    // TRANSLATORS: the date the directories were last refreshed: day/month/year.
    return wxString::Format(_("Data of %02d/%02d/%d"), at.tm_mday, at.tm_mon + 1, at.tm_year + 1900);
}

HeaderBar::HeaderBar(wxWindow* parent, const Theme& theme, const wxString& wardName, Language language, NetState net,
                     Actions actions, const wxString& residentName)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "header"),
      theme_(theme), actions_(std::move(actions)), clock_(this) {
    SetBackgroundColour(Theme::primary());
    layoutRows(wardName, language, residentName);
    setNetState(net);
    updateClock();
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateClock(); });
    clock_.Start(1000);
}

void HeaderBar::layoutRows(const wxString& wardName, Language language, const wxString& residentName) {
    const int pad = theme_.px(20);
    // Header text uses the body size, not a smaller one: easier to read, and one font size fewer
    // to load before the first screen appears.
    auto makeLabel = [this](const wxString& text, FontRole role) {
        auto* label = new wxStaticText(this, wxID_ANY, text);
        label->SetFont(theme_.font(role));
        label->SetForegroundColour(Theme::onPrimary());
        return label;
    };

    auto* clock = new wxBoxSizer(wxVERTICAL);
    time_ = makeLabel("00:00", FontRole::Clock);
    time_->SetName("header-time");
    date_ = makeLabel(wxEmptyString, FontRole::Body);
    date_->SetName("header-date");
    clock->Add(time_, 0, wxALIGN_CENTER_HORIZONTAL);
    clock->Add(date_, 0, wxALIGN_CENTER_HORIZONTAL);

    auto* identity = new wxBoxSizer(wxVERTICAL);
    auto* ward = makeLabel(wardName, FontRole::Heading);
    ward->SetName("header-ward");
    identity->Add(ward);
    if (residentName.empty()) {
        identity->Add(makeLabel(_("Digital Citizen kiosk"), FontRole::Body));
    } else {
        // The logged-in resident, greeted by name, with the way out right beside it.
        auto* greeting = makeLabel(wxString::Format(_("Hello, %s"), residentName), FontRole::Body);
        greeting->SetName("header-greeting");
        auto* logout = new TouchButton(this, theme_, _("Not you? Log out"), {}, TouchButton::Style::OnHeader, "header-logout");
        logout->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            if (actions_.logout) actions_.logout();
        });
        // Beside the greeting when the clock leaves room for both (portrait and extra large
        // text do not): then under it.
        const int besideWidth = textExtentIn(*greeting, greeting->GetLabel()).x + theme_.px(16) + logout->GetMinSize().x;
        const int clockWidth = textExtentIn(*date_, formatCityDate(std::chrono::system_clock::now())).x;
        const bool beside = besideWidth + clockWidth + pad * 4 <= theme_.screen().x;
        auto* who = new wxBoxSizer(beside ? wxHORIZONTAL : wxVERTICAL);
        who->Add(greeting, 0, beside ? (wxALIGN_CENTER_VERTICAL | wxRIGHT) : wxBOTTOM, theme_.px(beside ? 16 : 6));
        who->Add(logout, 0, beside ? wxALIGN_CENTER_VERTICAL : 0);
        identity->Add(who, 0, wxTOP, theme_.px(6));
    }

    // The network sign sits on a light panel: its green and red icons do not read on the red band.
    auto* netPanel = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "header-network-panel");
    netPanel->SetBackgroundColour(Theme::surface());
    auto* netRow = new wxBoxSizer(wxHORIZONTAL);
    netIcon_ = new wxStaticBitmap(netPanel, wxID_ANY, IconCache::bitmap("net-offline", theme_.textPx(36)));
    netLabel_ = new wxStaticText(netPanel, wxID_ANY, _("Checking network"));
    netLabel_->SetFont(theme_.font(FontRole::Body));
    netLabel_->SetForegroundColour(Theme::text());
    netLabel_->SetName("header-network");
    // Its second line is the data's age (one label for both: a widget fewer before first paint).
    netRow->Add(netIcon_, 0, wxALIGN_CENTER_VERTICAL | wxALL, theme_.px(8));
    netRow->Add(netLabel_, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxRIGHT, theme_.px(8));
    netPanel->SetSizer(netRow);
    auto* net = new wxBoxSizer(wxHORIZONTAL);
    net->Add(netPanel, 0, wxALIGN_CENTER_VERTICAL);

    // Each button names the choice it offers, in that choice's own language.
    auto* lang = new TouchButton(this, theme_,
                                 language == Language::Vietnamese ? wxString("English") : wxString::FromUTF8("Tiếng Việt"),
                                 {}, TouchButton::Style::OnHeader, "header-language");
    lang->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { actions_.toggleLanguage(); });
    // The size button names the next size, so a resident who wants bigger text just presses
    // it again; from the largest it offers the normal size back.
    wxString sizeLabel = _("Larger text");
    if (theme_.textSize() == TextSize::Large) sizeLabel = _("Extra large text");
    if (theme_.textSize() == TextSize::ExtraLarge) sizeLabel = _("Normal text");
    auto* size = new TouchButton(this, theme_, sizeLabel, {}, TouchButton::Style::OnHeader, "header-textsize");
    size->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { actions_.toggleTextSize(); });
    auto* contrast = new TouchButton(this, theme_, theme_.highContrast() ? _("Normal colours") : _("High contrast"), {},
                                     TouchButton::Style::OnHeader, "header-contrast");
    contrast->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { actions_.toggleContrast(); });

    // Measured from the texts with their fonts (GTK's own sizes are for the default font until
    // the labels are realised): the ward, today's date, and the network sign's longest first
    // line over a data-age line, which varies; hence the spare room.
    auto textWidth = [](wxWindow* label, const wxString& text) { return textExtentIn(*label, text).x; };
    const std::time_t seconds = std::time(nullptr);
    wxString longest;
    for (const wxString& state : {_("Checking network"), _("Connected"), _("No network")})
        if (textWidth(netLabel_, state) > textWidth(netLabel_, longest)) longest = state;
    int buttons = 0;
    for (const auto* button : {lang, size, contrast}) buttons += button->GetMinSize().x + theme_.gap();
    const int identityWidth = std::max(textWidth(ward, wardName), residentName.empty() ? 0 : theme_.px(420));
    const int oneRow = identityWidth + textWidth(date_, formatCityDate(std::chrono::system_clock::from_time_t(seconds))) + pad * 4 + theme_.textPx(36) +
                       theme_.px(24) + textWidth(netLabel_, longest + "\n" + formatDataAge(std::nullopt, seconds)) +
                       pad + buttons + pad * 2 + theme_.px(60);
    log::get("ui")->debug("header: one row needs {} of {} px", oneRow, theme_.screen().x);
    const bool twoRows = theme_.portrait() || oneRow > theme_.screen().x;
    // On two rows the settings may still be wider than the screen (portrait, extra large): then
    // the network sign and the buttons take a row each rather than run off the edge.
    const int netWidth = theme_.textPx(36) + theme_.px(24) +
                         textWidth(netLabel_, longest + "\n" + formatDataAge(std::nullopt, seconds));
    const bool splitSettings = twoRows && netWidth + pad + buttons + 2 * pad + theme_.px(40) > theme_.screen().x;
    const int gap = theme_.gap();
    auto* buttonRow = new wxBoxSizer(wxHORIZONTAL);
    buttonRow->Add(lang, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    buttonRow->Add(size, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    buttonRow->Add(contrast, 0, wxALIGN_CENTER_VERTICAL);

    // Extra large text on a landscape screen too small for one full row: one compact row of
    // clock, network sign and buttons (the ward's name and the date give way), so that a list
    // below still shows three results at 1366x768 (issue 18). Not while a resident is logged
    // in: the greeting and the way out matter more than list height.
    const int timeWidth = textWidth(time_, "00:00");
    const int compactRow = pad + timeWidth + pad * 2 + netWidth + pad + buttons + pad * 2;
    const bool compact = twoRows && !theme_.portrait() && residentName.empty() &&
                         theme_.textSize() == TextSize::ExtraLarge && compactRow <= theme_.screen().x;
    auto* outer = new wxBoxSizer(wxVERTICAL);
    // Everything on one row when it fits; otherwise (portrait, or larger text on a small
    // screen) ward and clock on one row and the settings below, so nothing is cut off.
    if (compact) {
        log::get("ui")->debug("header: compact row of {} px", compactRow);
        // The ward and clock columns are not used: freed first, so that the clock can join the row.
        delete identity;
        delete clock;
        for (auto* child : GetChildren())
            if (child != netPanel && !dynamic_cast<TouchButton*>(child) && child != time_) child->Hide();
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        row->Add(time_, 0, wxALIGN_CENTER_VERTICAL);
        row->AddStretchSpacer();
        row->Add(net, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, pad);
        row->Add(buttonRow, 0, wxALIGN_CENTER_VERTICAL);
        outer->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP | wxBOTTOM, theme_.px(12));
    } else if (twoRows) {
        auto* top = new wxBoxSizer(wxHORIZONTAL);
        top->Add(identity, 1, wxALIGN_CENTER_VERTICAL);
        top->Add(clock, 0, wxALIGN_CENTER_VERTICAL);
        outer->Add(top, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, pad);
        if (splitSettings) {
            outer->Add(net, 0, wxLEFT | wxRIGHT | wxTOP, pad);
            outer->Add(buttonRow, 0, wxALIGN_RIGHT | wxALL, pad);
        } else {
            auto* settings = new wxBoxSizer(wxHORIZONTAL);
            settings->Add(net, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, pad);
            settings->Add(buttonRow, 0, wxALIGN_CENTER_VERTICAL);
            outer->Add(settings, 0, wxALIGN_RIGHT | wxALL, pad);
        }
    } else {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        row->Add(identity, 1, wxALIGN_CENTER_VERTICAL);
        row->Add(clock, 0, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, pad * 2);
        auto* right = new wxBoxSizer(wxHORIZONTAL);
        right->AddStretchSpacer();
        right->Add(net, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, pad);
        right->Add(buttonRow, 0, wxALIGN_CENTER_VERTICAL);
        row->Add(right, 1, wxALIGN_CENTER_VERTICAL);
        outer->Add(row, 0, wxEXPAND | wxALL, pad);
    }
    SetSizer(outer);
}

void HeaderBar::setNetState(NetState state) {
    wxString text;
    std::string icon = "net-offline";
    switch (state) {
        case NetState::Unknown: text = _("Checking network"); break;
        case NetState::Online: text = _("Connected"); icon = "net-online"; break;
        case NetState::Offline: text = _("No network"); break;
    }
    netText_ = text;
    netLabel_->SetLabel(netText_ + "\n" + formatDataAge(dataSyncedAt_, std::time(nullptr)));
    wxBitmap bitmap = IconCache::bitmap(icon, theme_.textPx(36));
    netIcon_->SetBitmap(bitmap);
    netLabel_->GetParent()->Layout();
    Layout();
}

void HeaderBar::updateClock() {
    // City time, as every other time on screen and on paper (a machine set to UTC once showed
    // 14:15 above a receipt saved at 21:15).
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const wxString time = formatClock(now);
    if (time_->GetLabel() != time) {
        time_->SetLabel(time);
        date_->SetLabel(formatCityDate(now));
        updateDataAge(seconds);
        Layout();
    }
}

void HeaderBar::setDataSyncedAt(std::optional<std::chrono::system_clock::time_point> when) {
    dataSyncedAt_ = when;
    updateDataAge(std::time(nullptr));
    Layout();
}

void HeaderBar::updateDataAge(std::time_t nowSeconds) {
    const wxString text = formatDataAge(dataSyncedAt_, nowSeconds);
    if (netLabel_->GetLabel() == netText_ + "\n" + text) return;
    netLabel_->SetLabel(netText_ + "\n" + text);
    netLabel_->GetParent()->Layout();
}

}  // namespace kiosk::ui
