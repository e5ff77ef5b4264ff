#include "screens/VneidScreen.h"

#include <wx/intl.h>
#include <wx/statbmp.h>
#include <wx/wrapsizer.h>

#include "IconCache.h"
#include "Translations.h"
#include "core/Clock.h"
#include "domain/FeatureCatalog.h"
#include "log/Log.h"
#include "printing/QrCode.h"
#include "widgets/QrWidget.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

VneidScreen::VneidScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "group:vneid"), countdown_(this) {
    column_ = new wxBoxSizer(wxVERTICAL);
    column_->Add(makeTitleRow(_("Log in with VNeID"), "group-vneid"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    SetSizer(column_);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateCountdown(); }, countdown_.GetId());
    if (ctx_.session.identity()) {
        showWelcome();
    } else {
        // "Preparing…" is painted first; the request starts once the screen is up, so the
        // provider's answer finds the UI thread free to show the code at once.
        showPreparing();
        CallAfter([this] { startLogin(); });
    }
}

VneidScreen::~VneidScreen() {
    countdown_.Stop();
    if (login_) login_->cancel();  // never blocks; the login's thread ends by itself
}

wxBoxSizer* VneidScreen::resetStage() {
    countdown_.Stop();
    countdownLabel_ = nullptr;
    if (stage_) {
        column_->Detach(stage_);
        stage_->Destroy();
    }
    stage_ = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "vneid-stage");
    stage_->SetBackgroundColour(Theme::background());
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    stage_->SetSizer(sizer);
    column_->Add(stage_, 1, wxEXPAND | wxALL, margin());
    return sizer;
}

void VneidScreen::startLogin() {
    showPreparing();
    if (login_) login_->cancel();
    auto onEvent = ctx_.dispatcher.bind<LoginEvent>(this, [this](LoginEvent event) { onLoginEvent(event); });
    login_ = std::make_unique<DeviceLogin>(
        std::make_shared<CurlHttpClient>(ctx_.kiosk.config.city, userAgentFor(ctx_.kiosk.config)),
        LoginSettings::from(ctx_.kiosk.config), SystemClock::instance(), onEvent);
}

void VneidScreen::onLoginEvent(const LoginEvent& event) {
    lastEvent_ = event.kind;
    switch (event.kind) {
        case LoginEvent::Kind::ShowCode: showCode(event.code); break;
        case LoginEvent::Kind::Approved:
            // Only the ResidentIdentity part: the citizen ID and birth date stay out of the session.
            ctx_.session.setIdentity(static_cast<const ResidentIdentity&>(event.identity));
            ctx_.navigator.identityChanged();  // the header greets the resident; this screen is rebuilt
            break;
        case LoginEvent::Kind::Denied:
            showEnding(_("The login was declined"),
                       _("You chose \"Decline\" in VNeID, so you are not logged in. Touch \"Try again\" for a new code."),
                       "warning");
            break;
        case LoginEvent::Kind::Expired:
            showEnding(_("The code has expired"),
                       _("The code is valid for a few minutes only. Touch \"Try again\" for a new code."), "clock");
            break;
        case LoginEvent::Kind::Failed:
            showEnding(_("Cannot log in right now"),
                       // What happened and what to do, in plain words: not the resident's fault.
                       _("The kiosk could not reach the VNeID login service just now. This is not something you did. "
                         "Touch \"Try again\" in a minute, or ask the staff at the reception desk. You can still use "
                         "every service that does not need a login."),
                       "warning");
            break;
    }
}

void VneidScreen::showPreparing() {
    auto* sizer = resetStage();
    sizer->Add(makeText(stage_, _("Preparing your login code..."), FontRole::Heading, bodyWidth()), 0);
    Layout();
}

void VneidScreen::showCode(const DeviceAuthorization& code) {
    auto* sizer = resetStage();
    const auto& theme = ctx_.theme;
    const bool portrait = theme.portrait();
    const int width = ctx_.area.x - 2 * margin();
    const int qrSide = std::min(portrait ? width * 2 / 3 : ctx_.area.y * 11 / 20, theme.px(560));
    auto* row = new wxBoxSizer(portrait ? wxVERTICAL : wxHORIZONTAL);

    if (code.qrAllowed) {
        try {
            auto* qr = new QrWidget(stage_, QrCode::encode(code.verificationUriComplete), qrSide, "vneid-qr");
            row->Add(qr, 0, (portrait ? wxALIGN_CENTER_HORIZONTAL | wxBOTTOM : wxRIGHT), theme.px(40));
        } catch (const std::exception& error) {
            log::get("auth")->warn("no QR code for the login: {}", error.what());
        }
    }
    const int textWidth = portrait || !code.qrAllowed ? width : width - qrSide - theme.px(40);
    auto* info = new wxBoxSizer(wxVERTICAL);
    info->Add(makeText(stage_, code.qrAllowed ? _("Scan this code with the VNeID app on your phone")
                                              : _("Open VNeID on your phone and enter this code"),
                       FontRole::Heading, textWidth),
              0, wxBOTTOM, theme.px(16));
    // The steps, each with its picture.
    const struct {
        const char* icon;
        const char* text;
    } steps[] = {{"step-open-app", N_("1. Open VNeID")}, {"step-scan", N_("2. Scan the QR code")},
                 {"step-confirm", N_("3. Confirm")}};
    auto* stepRow = new wxBoxSizer(wxHORIZONTAL);
    for (const auto& step : steps) {
        auto* one = new wxBoxSizer(wxVERTICAL);
        one->Add(new wxStaticBitmap(stage_, wxID_ANY, IconCache::bitmap(step.icon, theme.px(72))), 0,
                 wxALIGN_CENTER_HORIZONTAL);
        auto* label = makeText(stage_, wxGetTranslation(step.text), FontRole::Body, textWidth / 3 - theme.px(12));
        one->Add(label, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.px(6));
        stepRow->Add(one, 1, wxRIGHT, theme.px(12));
    }
    info->Add(stepRow, 0, wxEXPAND | wxBOTTOM, theme.px(20));
    info->Add(makeText(stage_, _("Login code"), FontRole::Body, textWidth, Theme::mutedText()), 0);
    auto* userCode = makeText(stage_, utf8(code.userCode), FontRole::Huge, textWidth, Theme::emphasis());
    userCode->SetName("vneid-user-code");
    info->Add(userCode, 0, wxBOTTOM, theme.px(12));
    auto* address = makeText(stage_, wxString::Format(_("Or open %s and enter the code."), utf8(code.verificationUri)),
                             FontRole::Body, textWidth);
    address->SetName("vneid-address");
    info->Add(address, 0, wxBOTTOM, theme.px(12));
    countdownLabel_ = makeText(stage_, wxEmptyString, FontRole::Body, textWidth, Theme::mutedText());
    countdownLabel_->SetName("vneid-countdown");
    info->Add(countdownLabel_, 0, wxBOTTOM, theme.px(20));
    auto* cancel = new TouchButton(stage_, theme, _("Cancel"), {}, TouchButton::Style::Secondary, "vneid-cancel");
    cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (login_) login_->cancel();
        ctx_.navigator.goBack();
    });
    info->Add(cancel, 0);
    row->Add(info, 1);
    sizer->Add(row, 1, wxEXPAND);

    expiresAt_ = code.answeredAt + code.expiresIn;
    updateCountdown();
    countdown_.Start(1000);
    Layout();
    Update();  // paint now: the resident is waiting for the code
    codeShownAfter_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - code.answeredAt);
    log::get("ui")->info("login code on screen {} ms after the provider's answer", codeShownAfter_.count());
}

void VneidScreen::updateCountdown() {
    if (!countdownLabel_) return;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(expiresAt_ - std::chrono::steady_clock::now());
    const long seconds = std::max<long>(0, static_cast<long>(left.count()));
    // TRANSLATORS: minutes:seconds until the login code expires, e.g. "9:05".
    countdownLabel_->SetLabel(wxString::Format(_("The code expires in %ld:%02ld"), seconds / 60, seconds % 60));
}

void VneidScreen::showEnding(const wxString& title, const wxString& message, const std::string& icon) {
    login_.reset();
    auto* sizer = resetStage();
    const auto& theme = ctx_.theme;
    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    heading->Add(new wxStaticBitmap(stage_, wxID_ANY, IconCache::bitmap(icon, theme.px(56))), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
    auto* titleText = makeText(stage_, title, FontRole::Heading, bodyWidth() - theme.px(72));
    titleText->SetName("vneid-outcome");
    heading->Add(titleText, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(heading, 0, wxBOTTOM, theme.px(16));
    sizer->Add(makeText(stage_, message, FontRole::Body, bodyWidth()), 0, wxBOTTOM, theme.px(24));
    auto* retry = new TouchButton(stage_, theme, _("Try again"), {}, TouchButton::Style::Primary, "vneid-retry");
    retry->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { CallAfter([this] { startLogin(); }); });
    sizer->Add(retry, 0, wxBOTTOM, theme.px(32));
    if (lastEvent_ == LoginEvent::Kind::Failed) addWithoutLogin(sizer);
    Layout();
}

void VneidScreen::addWithoutLogin(wxSizer* sizer) {
    // The login cannot work (no network, or VNeID does not answer): the resident is not left
    // at a dead end. These all work offline: the directories are on the kiosk and a report is
    // kept and sent once the network is back.
    const auto& theme = ctx_.theme;
    const auto groups = FeatureCatalog::commonlyUsed(ctx_.kiosk.config.kiosk.enabledGroups);
    if (groups.empty()) return;
    auto* heading = makeText(stage_, _("Without logging in, you can still use:"), FontRole::Heading, bodyWidth());
    heading->SetName("vneid-without-login");
    sizer->Add(heading, 0, wxBOTTOM, theme.px(16));
    auto* buttons = new wxWrapSizer(wxHORIZONTAL);
    for (const GroupId id : groups) {
        const auto& info = FeatureCatalog::get(id);
        auto* open = new TouchButton(stage_, theme, tr(info.name), info.icon, TouchButton::Style::Secondary,
                                     wxString::FromUTF8("vneid-open-" + std::string(toString(id))));
        open->Bind(wxEVT_BUTTON, [this, id](wxCommandEvent&) { ctx_.navigator.openGroup(id); });
        buttons->Add(open, 0, wxRIGHT | wxBOTTOM, theme.gap());
    }
    sizer->Add(buttons, 0, wxEXPAND);
}

void VneidScreen::showWelcome() {
    auto* sizer = resetStage();
    const auto& theme = ctx_.theme;
    const auto& identity = *ctx_.session.identity();
    auto* welcome = makeText(stage_, wxString::Format(_("Hello, %s"), utf8(identity.name)), FontRole::Title, bodyWidth(),
                             Theme::emphasis());
    welcome->SetName("vneid-welcome");
    sizer->Add(welcome, 0, wxBOTTOM, theme.px(16));
    sizer->Add(makeText(stage_,
                        _("You are logged in with VNeID. Services that need your identity will use it until you log "
                          "out or leave the kiosk; nothing about you is kept on this kiosk afterwards."),
                        FontRole::Body, bodyWidth()),
               0, wxBOTTOM, theme.px(24));
    // Back to what the resident was doing (a report, "Phản ánh của tôi"), or home.
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* proceed = new TouchButton(stage_, theme, _("Continue"), {}, TouchButton::Style::Primary, "vneid-continue");
    proceed->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.goBack(); });
    buttons->Add(proceed, 0, wxRIGHT, theme.px(24));
    auto* logout = new TouchButton(stage_, theme, _("Not you? Log out"), {}, TouchButton::Style::Secondary, "vneid-logout");
    logout->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.logout(); });
    buttons->Add(logout, 0);
    sizer->Add(buttons, 0);
    Layout();
}

wxString VneidScreen::readAloudText() const {
    wxString text = Screen::readAloudText();
    const auto* code = dynamic_cast<const wxStaticText*>(FindWindow("vneid-user-code"));
    if (!code) return text;
    wxString shown = code->GetLabel();
    shown.Replace("\n", "");
    wxString spelled;
    for (const auto c : shown) {
        if (c == '-' || c == ' ') continue;
        if (!spelled.empty()) spelled += ", ";
        spelled += c;
    }
    text.Replace(shown, spelled);
    return text;
}

}  // namespace kiosk::ui
