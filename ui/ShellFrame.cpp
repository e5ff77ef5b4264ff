#include "ShellFrame.h"

#include <wx/clipbrd.h>
#include <wx/intl.h>
#include <wx/scrolwin.h>
#include <wx/textctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "Translations.h"
#include "core/IsoTime.h"
#include "log/Log.h"
#include "privacy/Privacy.h"
#include "HandheldScanner.h"
#include "screens/AgenciesScreen.h"
#include "screens/ConstructionScreen.h"
#include "screens/DirectoryScreen.h"
#include "screens/DossierRatingScreen.h"
#include "screens/DossierScreen.h"
#include "screens/EntryDetailScreen.h"
#include "screens/FeedbackComposeScreen.h"
#include "screens/FeedbackReportScreen.h"
#include "screens/FeedbackScreen.h"
#include "screens/GroupInfoScreen.h"
#include "screens/HomeScreen.h"
#include "screens/MyReportsScreen.h"
#include "screens/MyServicesScreen.h"
#include "screens/ScanScreen.h"
#include "screens/VneidScreen.h"
#include "IconCache.h"
#include "widgets/HeaderBar.h"
#include "widgets/IdleOverlay.h"
#include "widgets/OnScreenKeyboard.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

ShellFrame::ShellFrame(const KioskContext& kiosk, WxDispatcher& dispatcher, wxSize screen)
    : wxFrame(nullptr, wxID_ANY, "Ward Kiosk", wxPoint(0, 0), screen,
              kiosk.config.kiosk.fullscreen ? (wxBORDER_NONE | wxSTAY_ON_TOP) : wxDEFAULT_FRAME_STYLE, "shell"),
      kiosk_(kiosk), dispatcher_(dispatcher), screenSize_(screen),
      session_(kiosk.config.kiosk.language, kiosk.config.kiosk.textSize, kiosk.config.kiosk.highContrast),
      theme_(std::make_unique<Theme>(screen, session_.textSize(), session_.highContrast())),
      idle_(*kiosk.clock, kiosk.config.kiosk.idleTimeout, kiosk.config.kiosk.idleCountdown),
      idleTick_(this), keyboardSlide_(this), helpRestore_(this), noticeTimer_(this) {
    SetBackgroundColour(Theme::background());
    root_ = new wxPanel(this, wxID_ANY, wxDefaultPosition, screen, wxTAB_TRAVERSAL, "root");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(root_, 1, wxEXPAND);
    SetSizer(sizer);
    rebuildAll();
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onIdleTick(); }, idleTick_.GetId());
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { slideKeyboard(); }, keyboardSlide_.GetId());
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (footerHelp_) footerHelp_->SetLabel(_("Need help? Please ask the staff at the reception desk."));
        if (footerHelp_) footerHelp_->GetParent()->Layout();
    }, helpRestore_.GetId());
    idleTick_.Start(250);
    // Every key passes the handheld scanner's burst detector first; what it hands on as scanned
    // text is classified here and never logged.
    scanner_ = std::make_unique<HandheldScanner>(
        this, [this](std::string text) {
            auto code = scan::classifyScan(text);
            scan::wipeString(text);
            openScanned(std::move(code));
        },
        [this] { noteHardwareKey(); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        noteInput();
        scanner_->onKey(event, std::chrono::steady_clock::now());
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (!notice_) return;
        notice_->Destroy();
        notice_ = nullptr;
        root_->Layout();
    }, noticeTimer_.GetId());
}

ShellFrame::~ShellFrame() {
    idleTick_.Stop();
    noticeTimer_.Stop();
    scanner_.reset();
    keyboardSlide_.Stop();
    speaker_.reset();  // kills what it is reading and joins its thread
    monitor_.reset();  // joins the probe thread before the window it reports to goes away
    sync_.reset();     // cancels a transfer in progress and joins the sync thread
    revokeIdentity();
    revoker_.reset();  // sends what is queued (each request has a timeout)
}

void ShellFrame::revokeIdentity() {
    auto identity = session_.takeIdentity();
    if (!identity) return;
    if (!revoker_)
        revoker_ = std::make_unique<TokenRevoker>(
            std::make_shared<CurlHttpClient>(kiosk_.config.city, userAgentFor(kiosk_.config)),
            LoginSettings::from(kiosk_.config));
    revoker_->revoke(std::move(*identity), std::nullopt);
    log::get("auth")->info("resident logged out");
}

void ShellFrame::identityChanged() {
    CallAfter([this] {
        rebuildAll();
        checkFeedbackNews(true);
    });
}

void ShellFrame::startFeedback() {
    if (feedbackStarted_) return;
    feedbackStarted_ = true;
    auto onChange = dispatcher_.bind<FeedbackSnapshot>(this, [this](FeedbackSnapshot snapshot) {
        feedbackSnapshot_ = std::move(snapshot);
        if (screen_) screen_->feedbackChanged();
    });
    // The retention rules of README "Personal data", hourly on the sender's thread.
    kiosk_.feedback().start(onChange, [policy = kiosk_.config.privacy,
                                       places = privacy::placesFor(kiosk_.config, kiosk_.paths.stateDir)](
                                          Outbox& outbox, std::chrono::system_clock::time_point now) {
        privacy::applyRetention(outbox, policy, places, now);
    });
}

void ShellFrame::checkFeedbackNews(bool askCity) {
    const auto& identity = session_.identity();
    if (!identity) return;
    const auto generation = session_.generation();
    if (askCity) {
        // What the outbox knows is shown at once; the city is asked too, and any news it has
        // since the last periodic pull is shown when it answers.
        auto onTracked = dispatcher_.bind<TrackReport>(this, [this, generation](TrackReport report) {
            if (session_.generation() == generation && report.updated > 0) checkFeedbackNews(false);
        });
        kiosk_.feedback().refreshStatus(onTracked);
    }
    auto onReports = dispatcher_.bind<std::vector<OutboxReport>>(this, [this, generation](std::vector<OutboxReport> reports) {
        if (session_.generation() != generation || !session_.identity()) return;  // someone else's session by now
        const auto news = std::count_if(reports.begin(), reports.end(), [](const OutboxReport& r) { return r.statusChanged; });
        if (news == 0 || (current_.group == GroupId::Feedback && current_.page == "mine")) return;
        feedbackNews_ = static_cast<int>(news);
        log::get("feedback")->info("{} report(s) of the resident have news from the city", feedbackNews_);
        rebuildAll();
    });
    kiosk_.feedback().reportsFor(identity->subject, onReports);
}

wxPanel* ShellFrame::makeNewsBanner() {
    const Theme& theme = *theme_;
    auto* banner = new wxPanel(root_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "feedback-news");
    banner->SetBackgroundColour(Theme::warningBg());
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    const int pad = theme.px(16);
    const int iconSize = theme.textPx(48);
    row->Add(new wxStaticBitmap(banner, wxID_ANY, IconCache::bitmap("bell", iconSize)), 0, wxALIGN_CENTER_VERTICAL | wxALL,
             pad);
    auto* view = new TouchButton(banner, theme, _("See my reports"), {}, TouchButton::Style::Primary, "feedback-news-open");
    auto* close = new TouchButton(banner, theme, _("Later"), {}, TouchButton::Style::Secondary, "feedback-news-close");
    const int textWidth = screenSize_.x - iconSize - view->GetBestSize().x - close->GetBestSize().x - 6 * pad;
    auto* text = new wxStaticText(banner, wxID_ANY,
                                  wxString::Format(wxPLURAL("The city has news about %d of your reports.",
                                                            "The city has news about %d of your reports.", feedbackNews_),
                                                   feedbackNews_),
                                  wxDefaultPosition, wxDefaultSize, 0, "feedback-news-text");
    text->SetFont(theme.font(FontRole::Heading));
    text->SetForegroundColour(Theme::text());
    text->Wrap(std::max(theme.px(200), textWidth));
    view->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        feedbackNews_ = 0;
        CallAfter([this] {
            history_.push_back(current_);
            current_ = Route{GroupId::Feedback, 0, "mine"};
            rebuildAll();
        });
    });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        feedbackNews_ = 0;
        CallAfter([this] { rebuildAll(); });
    });
    row->Add(text, 1, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM, pad);
    row->Add(view, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    row->Add(close, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxRIGHT, pad);
    banner->SetSizer(row);
    return banner;
}

void ShellFrame::logout() {
    // "Không phải Ông/Bà? Thoát": whoever is at the screen is not the resident who logged in, so
    // nothing of that resident stays: the same wipe as the idle timeout.
    CallAfter([this] {
        endSession("logout");
        showNotice(_("You are logged out. What you entered has been cleared from this kiosk."), "session-ended");
    });
}

void ShellFrame::startNetworkMonitor() {
    auto onChange = dispatcher_.bind<NetState, std::string>(this, [this](NetState state, std::string) {
        // The city is back: refresh now rather than at the next interval (backoff still applies).
        if (state == NetState::Online && netState_ == NetState::Offline && sync_) sync_->requestNow();
        if (state == NetState::Online && netState_ == NetState::Offline && feedbackStarted_) kiosk_.feedback().requestNow();
        netState_ = state;
        if (header_) header_->setNetState(state);
    });
    monitor_ = std::make_unique<ConnectivityMonitor>(kiosk_.config.city, onChange);
}

void ShellFrame::startSync() {
    if (sync_ || !kiosk_.config.sync.enabled) return;
    auto onChange = dispatcher_.bind<SyncSnapshot>(this, [this](SyncSnapshot snapshot) {
        // The data's age is that of its oldest synced dataset; none synced: the shipped data.
        std::optional<std::chrono::system_clock::time_point> oldest;
        for (const auto& dataset : snapshot.datasets) {
            if (dataset.version == 0) continue;
            if (const auto when = parseIsoUtc(dataset.lastSuccess); when && (!oldest || *when < *oldest)) oldest = when;
        }
        syncSnapshot_ = std::move(snapshot);
        dataSyncedAt_ = oldest;
        if (header_) header_->setDataSyncedAt(oldest);
    });
    // The engine's thread does all the work; constructing it touches neither disk nor network.
    sync_ = std::make_unique<SyncEngine>(kiosk_.paths.cacheDir / "cache.db", kiosk_.config,
                                         std::make_shared<CurlHttpClient>(kiosk_.config.city, userAgentFor(kiosk_.config)),
                                         SystemClock::instance());
    sync_->start(onChange);
}

void ShellFrame::rebuildAll() {
    hideCountdown();
    if (overlay_) {
        overlay_->Destroy();
        overlay_ = nullptr;
    }
    stopReading();
    keyboardSlide_.Stop();
    // Widgets hold a reference to the theme: destroy them before replacing it.
    root_->DestroyChildren();
    notice_ = nullptr;
    screen_ = nullptr;
    keyboard_ = nullptr;
    theme_ = std::make_unique<Theme>(screenSize_, session_.textSize(), session_.highContrast());
    const Theme& theme = *theme_;
    root_->SetBackgroundColour(Theme::background());

    const bool english = session_.language() == Language::English;
    const auto ward = kiosk_.wards.find(kiosk_.config.kiosk.wardCode);
    const wxString wardName =
        ward ? wxString::Format(_("%s People's Committee"), utf8(english ? ward->fullNameEn : ward->fullName)) : wxString();
    header_ = new HeaderBar(root_, theme, wardName, session_.language(), netState_,
                            {[this] {
                                 setLanguage(session_.language() == Language::Vietnamese ? Language::English
                                                                                         : Language::Vietnamese);
                             },
                             [this] {
                                 const auto size = session_.textSize();
                                 setTextSize(size == TextSize::Normal  ? TextSize::Large
                                             : size == TextSize::Large ? TextSize::ExtraLarge
                                                                       : TextSize::Normal);
                             },
                             [this] { setHighContrast(!session_.highContrast()); },
                             [this] { logout(); }},
                            session_.identity() ? utf8(session_.identity()->name) : wxString());
    if (dataSyncedAt_) header_->setDataSyncedAt(dataSyncedAt_);

    content_ = new wxPanel(root_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "content");
    content_->SetBackgroundColour(Theme::background());
    content_->SetSizer(new wxBoxSizer(wxVERTICAL));

    footer_ = new wxPanel(root_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "footer");
    footer_->SetBackgroundColour(Theme::surface());
    wxBoxSizer* footerRow = new wxBoxSizer(wxHORIZONTAL);
    back_ = new TouchButton(footer_, theme, _("Back"), "nav-back", TouchButton::Style::Secondary, "nav-back");
    back_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { goBack(); });
    home_ = new TouchButton(footer_, theme, _("Home"), "nav-home", TouchButton::Style::Secondary, "nav-home");
    home_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { goHome(); });
    const int pad = theme.gap();
    int helpWidth = screenSize_.x - back_->GetMinSize().x - home_->GetMinSize().x - 6 * pad;
    read_ = nullptr;
    if (kiosk_.config.speech.enabled) {
        // Sized for its longer label, so the footer does not jump when it changes.
        read_ = new TouchButton(footer_, theme, _("Stop reading"), "read-aloud", TouchButton::Style::Secondary,
                                "read-aloud");
        const wxSize widest = read_->GetMinSize();
        read_->setLabel(_("Read aloud"), "read-aloud");
        read_->SetMinSize(widest);
        read_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { toggleReadAloud(); });
        helpWidth -= widest.x + 2 * pad;
    }
    footerHelp_ = new wxStaticText(footer_, wxID_ANY, _("Need help? Please ask the staff at the reception desk."),
                                   wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL, "footer-help");
    footerHelp_->SetFont(theme.font(FontRole::Body));
    footerHelp_->SetForegroundColour(Theme::mutedText());
    // Too narrow between the buttons (portrait, extra large text): the help line gets a row of its own.
    const bool helpOnItsOwnRow = helpWidth < theme.textPx(360);
    footerHelp_->Wrap(helpOnItsOwnRow ? screenSize_.x - 2 * pad : std::max(theme.px(200), helpWidth));
    footerRow->Add(back_, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    if (helpOnItsOwnRow) footerRow->AddStretchSpacer();
    else footerRow->Add(footerHelp_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, pad);
    if (read_) footerRow->Add(read_, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxLEFT, pad);
    footerRow->Add(home_, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    if (helpOnItsOwnRow) {
        auto* rows = new wxBoxSizer(wxVERTICAL);
        rows->Add(footerHelp_, 0, wxALIGN_CENTER_HORIZONTAL | wxLEFT | wxRIGHT | wxTOP, pad);
        rows->Add(footerRow, 0, wxEXPAND);
        footerRow = rows;
    }
    footer_->SetSizer(footerRow);

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(header_, 0, wxEXPAND);
    newsBanner_ = feedbackNews_ > 0 ? makeNewsBanner() : nullptr;
    if (newsBanner_) column->Add(newsBanner_, 0, wxEXPAND);
    column->Add(content_, 1, wxEXPAND);
    column->Add(footer_, 0, wxEXPAND);
    root_->SetSizer(column, true);
    root_->SetSize(GetClientSize());
    root_->Layout();

    showCurrent();
}

Screen* ShellFrame::createScreen(const Route& route, wxWindow* parent) {
    const ScreenContext context{kiosk_, *theme_, session_, *this, dispatcher_, parent->GetClientSize()};
    if (!route.group) return new HomeScreen(parent, context);
    if (*route.group == GroupId::Feedback) {
        if (route.page == "compose") return new FeedbackComposeScreen(parent, context);
        if (route.page == "report") return new FeedbackReportScreen(parent, context, route.entry);
        if (route.page == "mine") return new MyReportsScreen(parent, context);
        if (route.page == "scan") return new ScanScreen(parent, context);
        return new FeedbackScreen(parent, context, std::exchange(scannedReport_, std::nullopt));
    }
    if (route.entry) return new EntryDetailScreen(parent, context, *route.group, route.entry);
    switch (*route.group) {
        case GroupId::Agencies: return new AgenciesScreen(parent, context);  // a directory with the hotlines first
        case GroupId::MyServices: return new MyServicesScreen(parent, context);
        case GroupId::Construction: return new ConstructionScreen(parent, context);  // the ward's procedures first
        case GroupId::Education:
        case GroupId::Health:
        case GroupId::Tourism: return new DirectoryScreen(parent, context, *route.group);
        case GroupId::PublicServices:  // the procedures, with the dossier lookup on top
            if (route.page == "dossier") return new DossierScreen(parent, context, std::exchange(scannedDossier_, {}));
            if (route.page == "rate") return new DossierRatingScreen(parent, context);
            if (route.page == "scan") return new ScanScreen(parent, context);
            return new DirectoryScreen(parent, context, *route.group, DossierScreen::introFor(context));
        case GroupId::Vneid: return new VneidScreen(parent, context);
        default: return new GroupInfoScreen(parent, context, *route.group);
    }
}

void ShellFrame::showCurrent() {
    stopReading();
    hideKeyboard();
    content_->Freeze();
    if (screen_) screen_->Destroy();
    screen_ = createScreen(current_, content_);
    content_->GetSizer()->Clear();
    content_->GetSizer()->Add(screen_, 1, wxEXPAND);
    content_->Layout();
    content_->Thaw();
    back_->Enable(current_.group.has_value());
    home_->Enable(current_.group.has_value());
    log::get("ui")->info("screen {}", screen_->screenId());
}

void ShellFrame::push(Route route, bool replace) {
    // Deferred: the request comes from a widget of the screen about to be destroyed.
    CallAfter([this, route, replace] {
        if (!replace) history_.push_back(current_);
        current_ = route;
        if (feedbackNews_ > 0 && route.group == GroupId::Feedback && route.page == "mine") {
            feedbackNews_ = 0;  // the news is on the screen now: the banner goes
            rebuildAll();
            return;
        }
        showCurrent();
    });
}

void ShellFrame::openGroup(GroupId id) {
    push({id, 0});
}

void ShellFrame::openEntry(GroupId group, std::int64_t entryId) {
    push({group, entryId});
}

void ShellFrame::openPage(GroupId group, const std::string& page, std::int64_t entry, bool replace) {
    push({group, entry, page}, replace);
}

void ShellFrame::goBack() {
    CallAfter([this] {
        if (!current_.group) return;
        current_ = history_.empty() ? Route{} : history_.back();
        if (!history_.empty()) history_.pop_back();
        showCurrent();
    });
}

void ShellFrame::goHome() {
    // Home after a finished task (a report saved, a dossier rated) ends the session as soon as
    // nothing typed would be lost (no report or rating being written). A draft in progress is
    // kept until it is saved or the idle timeout clears it; Home after only logging in or
    // looking something up just goes home, the resident is still using the kiosk.
    CallAfter([this] {
        if (session_.nothingUnsaved() && session_.finishedTask()) {
            endSession("home after a finished task");
            showNotice(_("Your session has ended. What you entered has been cleared from this kiosk."), "session-ended");
            return;
        }
        history_.clear();
        current_ = Route{};
        showCurrent();
    });
}

void ShellFrame::refreshScreen() {
    CallAfter([this] { showCurrent(); });
}

void ShellFrame::setLanguage(Language language) {
    CallAfter([this, language] {
        session_.setLanguage(language);
        if (!applyLanguage(language, kiosk_.paths.localeDir))
            log::get("ui")->error("Vietnamese catalog not found under {}; showing English", kiosk_.paths.localeDir.string());
        log::get("ui")->info("language {}", toString(language));
        rebuildAll();
    });
}

void ShellFrame::setTextSize(TextSize size) {
    CallAfter([this, size] {
        session_.setTextSize(size);
        log::get("ui")->info("text size {}", toString(size));
        rebuildAll();
    });
}

void ShellFrame::setHighContrast(bool on) {
    CallAfter([this, on] {
        session_.setHighContrast(on);
        log::get("ui")->info("high contrast {}", on ? "on" : "off");
        rebuildAll();
    });
}

void ShellFrame::noteHardwareKey() {
    if (kiosk_.config.keyboard.mode != KeyboardMode::Auto || session_.hardwareKeyboardSeen()) return;
    session_.noteHardwareKeyboard();
    log::get("ui")->info("a real keyboard is in use: the on-screen keyboard stays down for this session");
    hideKeyboard();
}

void ShellFrame::showKeyboardFor(wxWindow* window) {
    auto* field = dynamic_cast<wxTextCtrl*>(window);
    if (!field || !screen_ || !screen_->IsDescendant(field) || !field->IsEditable()) return;
    const auto mode = kiosk_.config.keyboard.mode;
    if (mode == KeyboardMode::Never || (mode == KeyboardMode::Auto && session_.hardwareKeyboardSeen())) return;
    if (!keyboard_) {
        keyboard_ = new OnScreenKeyboard(root_, *theme_, kiosk_.config.keyboard, [this] { hideKeyboard(); });
        keyboard_->Hide();
        // Between the screen and the footer (a banner or notice may sit above the screen).
        const auto& rows = root_->GetSizer()->GetChildren();
        const auto footerAt = std::find_if(rows.begin(), rows.end(), [this](const wxSizerItem* item) {
            return item->GetWindow() == footer_;
        });
        root_->GetSizer()->Insert(static_cast<std::size_t>(std::distance(rows.begin(), footerAt)), keyboard_, 0, wxEXPAND);
    }
    keyboard_->attach(field);
    if (keyboard_->IsShown() && !keyboardSlide_.IsRunning()) {
        // Letters and the numeric pad differ in height.
        if (keyboard_->GetMinSize().y != keyboard_->fullHeight()) {
            keyboard_->SetMinSize(wxSize(-1, keyboard_->fullHeight()));
            root_->Layout();
        }
        ensureVisible(field);
        return;
    }
    if (keyboardSlide_.IsRunning()) return;
    // Slides up in about 150 ms: quick enough not to wait for, slow enough to see where it came from.
    slideStep_ = 0;
    keyboard_->SetMinSize(wxSize(-1, 0));
    keyboard_->Show();
    keyboardSlide_.Start(18);
    log::get("ui")->info("on-screen keyboard up ({})", toString(keyboard_->method()));
}

void ShellFrame::slideKeyboard() {
    if (!keyboard_) {
        keyboardSlide_.Stop();
        return;
    }
    constexpr int steps = 8;
    ++slideStep_;
    if (slideStep_ <= steps) {
        keyboard_->SetMinSize(wxSize(-1, keyboard_->fullHeight() * slideStep_ / steps));
        root_->Layout();
    }
    // One more tick with nothing to do: GTK places the keys in the layout pass after the last step.
    if (slideStep_ > steps) {
        keyboardSlide_.Stop();
        if (keyboard_->field()) ensureVisible(keyboard_->field());
    }
}

void ShellFrame::hideKeyboard() {
    keyboardSlide_.Stop();
    if (!keyboard_ || !keyboard_->IsShown()) return;
    keyboard_->detach();
    keyboard_->Hide();
    keyboard_->SetMinSize(wxSize(-1, 0));
    root_->Layout();
}

const OnScreenKeyboard* ShellFrame::keyboardShown() const {
    return keyboard_ && keyboard_->IsShown() && !keyboardSlide_.IsRunning() ? keyboard_ : nullptr;
}

void ShellFrame::ensureVisible(wxWindow* field) {
    // The keyboard took the bottom of the screen: if the field is now below what is visible of
    // its scrolling body (or above it), scroll the body so the field sits in view.
    for (wxWindow* w = field->GetParent(); w && w != content_; w = w->GetParent()) {
        auto* body = dynamic_cast<wxScrolledWindow*>(w);
        if (!body) continue;
        const wxRect visible = body->GetScreenRect();
        const wxRect target = field->GetScreenRect();
        int unitX = 0;
        int unitY = 0;
        body->GetScrollPixelsPerUnit(&unitX, &unitY);
        if (unitY <= 0) return;
        int x = 0;
        int y = 0;
        body->GetViewStart(&x, &y);
        const int margin = theme_->px(24);
        if (target.GetBottom() + margin > visible.GetBottom())
            y += (target.GetBottom() + margin - visible.GetBottom() + unitY - 1) / unitY;
        else if (target.GetTop() - margin < visible.GetTop())
            y -= (visible.GetTop() - target.GetTop() + margin + unitY - 1) / unitY;
        body->Scroll(-1, std::max(0, y));
        return;
    }
}

void ShellFrame::toggleReadAloud() {
    if (speakingId_) {
        stopReading();
        return;
    }
    if (!screen_) return;
    if (!speaker_) {
        auto done = dispatcher_.bind<std::uint64_t, Speaker::Outcome, std::string>(
            this, [this](std::uint64_t id, Speaker::Outcome outcome, std::string detail) {
                if (id != speakingId_) return;  // an earlier reading, already stopped here
                speakingId_ = 0;
                updateReadButton();
                if (outcome == Speaker::Outcome::Failed) {
                    log::get("speech")->error("read-aloud failed: {}", detail);
                    if (footerHelp_) {
                        footerHelp_->SetLabel(_("Reading aloud is not available right now. Please ask the staff."));
                        footerHelp_->GetParent()->Layout();
                        helpRestore_.StartOnce(6000);
                    }
                }
            });
        speaker_ = std::make_unique<Speaker>(kiosk_.config.speech, done);
    }
    const wxString text = screen_->readAloudText();
    speakingId_ = speaker_->speak(text.utf8_string(), session_.language());
    log::get("speech")->info("reading {} aloud ({} characters)", screen_->screenId(), text.length());
    updateReadButton();
}

void ShellFrame::stopReading() {
    if (!speakingId_) return;
    speakingId_ = 0;
    if (speaker_) speaker_->stop();  // never waits: the child is killed, its thread reaps it
    updateReadButton();
}

void ShellFrame::updateReadButton() {
    if (!read_) return;
    read_->setLabel(speakingId_ ? _("Stop reading") : _("Read aloud"), speakingId_ ? "read-stop" : "read-aloud");
    read_->SetMinSize(read_->GetSize());
}

void ShellFrame::noteInput() {
    idle_.touch();
    hideCountdown();
}

bool ShellFrame::countdownShown() const {
    return overlay_ && overlay_->IsShown();
}

void ShellFrame::hideCountdown() {
    if (overlay_ && overlay_->IsShown()) {
        overlay_->Hide();
        log::get("idle")->info("countdown cancelled by a touch");
    }
}

void ShellFrame::onIdleTick() {
    // Nothing to clear on an untouched home screen: stay quiet instead of nagging passers-by.
    if (!current_.group && session_.pristine()) {
        idle_.touch();
        return;
    }
    switch (idle_.phase()) {
        case IdleTimer::Phase::Active: break;
        case IdleTimer::Phase::Countdown:
            if (!overlay_) overlay_ = new IdleOverlay(this, *theme_, [this] { noteInput(); });
            if (!overlay_->IsShown()) {
                log::get("idle")->info("no input for {} s: countdown", kiosk_.config.kiosk.idleTimeout.count());
                overlay_->showCountdown(idle_.countdownRemaining());
                overlay_->Show();
                overlay_->Layout();
                overlay_->Raise();
            }
            overlay_->showCountdown(idle_.countdownRemaining());
            break;
        case IdleTimer::Phase::Expired: endSession("idle timeout"); break;
    }
}

void ShellFrame::endSession(const char* reason) {
    revokeIdentity();
    scanner_->clear();
    stopReading();
    session_.wipe();
    feedbackNews_ = 0;
    history_.clear();
    current_ = Route{};
    scannedDossier_.clear();
    scannedReport_.reset();
    clearClipboard();
    idle_.touch();
    log::get("idle")->info("session ended and wiped ({})", reason);
    // Every widget goes, the keyboard with its half-typed syllable and the camera's screen with
    // its frames: nothing a resident typed survives in a hidden window.
    applyLanguage(session_.language(), kiosk_.paths.localeDir);
    rebuildAll();
}

void ShellFrame::clearClipboard() {
    // Copying out of the kiosk's fields is refused (TextField.cpp), but GTK also owns the
    // primary selection of whatever was selected, and a paste from outside may sit on the
    // clipboard: both are emptied.
    for (const bool primary : {false, true}) {
        wxTheClipboard->UsePrimarySelection(primary);
        if (wxTheClipboard->Open()) {
            wxTheClipboard->Clear();
            wxTheClipboard->SetData(new wxTextDataObject(wxString()));
            wxTheClipboard->Close();
        }
    }
    wxTheClipboard->UsePrimarySelection(false);
}

void ShellFrame::openScanned(scan::ScannedCode code) {
    auto logger = log::get("scan");
    // A scan from a screen that is going away: carried out after the current handler returns.
    if (auto* report = std::get_if<scan::OurReport>(&code)) {
        logger->info("scanned: a report slip{}", report->serviceRequestId.empty() ? "" : " with the city's id");
        const auto generation = session_.generation();
        auto onFound = dispatcher_.bind<ReportLookup>(this, [this, generation](ReportLookup found) {
            if (session_.generation() != generation) return;  // someone else is at the screen by now
            const bool onScan = current_.page == "scan";
            if (found.kind == ReportLookup::Kind::Here) {
                openPage(GroupId::Feedback, "report", found.report->id, onScan);
                return;
            }
            // Another kiosk's slip: the feedback screen says what the city (or the slip) tells.
            const bool onHub = current_.group == GroupId::Feedback && current_.page.empty() && !current_.entry;
            scannedReport_ = std::move(found);
            openPage(GroupId::Feedback, {}, 0, onScan || onHub);
        });
        // This outbox first, then the city, on the feedback service's threads.
        kiosk_.feedback().lookUp(ReportKey{report->trackingCode, report->serviceRequestId}, onFound);
    } else if (auto* dossier = std::get_if<scan::Dossier>(&code)) {
        logger->info("scanned: a dossier receipt");
        scannedDossier_ = dossier->code;
        const bool replace = current_.page == "dossier" || current_.page == "scan";
        openPage(GroupId::PublicServices, "dossier", 0, replace);
    } else if (auto* card = std::get_if<scan::Cccd>(&code)) {
        logger->info("scanned: a citizen ID card (pre-fills forms only)");
        session_.setScannedCard(std::move(card->card));
        scan::wipe(card->card);
        if (!screen_ || !screen_->fillFromCard(*session_.scannedCard()))
            showNotice(_("ID card read. Please open the form to have it filled in automatically."), "scan-notice-card");
    } else {
        logger->info("scanned: not a code the kiosk knows ({})", std::get<scan::Unknown>(code).reason);
        showNotice(_("This code was not recognised"), "scan-notice-unknown");
    }
}

void ShellFrame::showNotice(const wxString& text, const wxString& name) {
    const Theme& theme = *theme_;
    if (notice_) notice_->Destroy();
    notice_ = new wxPanel(root_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "scan-notice");
    notice_->SetBackgroundColour(Theme::warningBg());
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    const int pad = theme.px(16);
    const int iconSize = theme.textPx(40);
    row->Add(new wxStaticBitmap(notice_, wxID_ANY, IconCache::bitmap("info", iconSize)), 0,
             wxALIGN_CENTER_VERTICAL | wxALL, pad);
    auto* label = new wxStaticText(notice_, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, 0, name);
    label->SetFont(theme.font(FontRole::Heading));
    label->SetForegroundColour(Theme::text());
    label->Wrap(screenSize_.x - iconSize - 4 * pad);
    row->Add(label, 1, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM | wxRIGHT, pad);
    notice_->SetSizer(row);
    root_->GetSizer()->Insert(1, notice_, 0, wxEXPAND);  // under the header (the keyboard goes above the footer)
    root_->Layout();
    noticeTimer_.StartOnce(6000);
}

}  // namespace kiosk::ui
