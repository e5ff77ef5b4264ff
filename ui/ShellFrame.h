#pragma once
#include <wx/frame.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/timer.h>

#include <memory>
#include <optional>
#include <vector>

#include "KioskContext.h"
#include "Theme.h"
#include "WxDispatcher.h"
#include "domain/IdleTimer.h"
#include "domain/Session.h"
#include "net/ConnectivityMonitor.h"
#include "auth/DeviceLogin.h"
#include "speech/Speaker.h"
#include "sync/SyncEngine.h"
#include "screens/Navigator.h"

namespace kiosk::ui {

class HandheldScanner;
class HeaderBar;
class IdleOverlay;
class OnScreenKeyboard;
class Screen;
class TouchButton;

// The full-screen window: header, the current screen, and the footer with Back and Home.
// Owns the resident's Session and the idle rule, and rebuilds every widget when the resident
// changes language or text size, so no screen has to know how to re-translate itself.
class ShellFrame : public wxFrame, public Navigator {
public:
    ShellFrame(const KioskContext& kiosk, WxDispatcher& dispatcher, wxSize screen);
    ~ShellFrame() override;

    void openGroup(GroupId id) override;
    void openEntry(GroupId group, std::int64_t entryId) override;
    void openPage(GroupId group, const std::string& page, std::int64_t entry, bool replace) override;
    void goBack() override;
    void goHome() override;
    void refreshScreen() override;
    void identityChanged() override;
    void logout() override;
    void openScanned(scan::ScannedCode code) override;
    // The one wipe every way out of a session runs: logout ("Không phải Ông/Bà? Thoát"), the idle
    // timeout, Home after a finished task (see goHome), and a staff "End session". The access token is
    // handed back; the Session is wiped (identity, drafts, owned reports, lookups, scanned card,
    // pins, keyboard state, display choices); the clipboard and the primary selection are
    // cleared; reading aloud stops; every screen's widgets (the camera's with them) are rebuilt.
    // A crash leaves nothing to clean: none of this is ever written to disk, and core dumps are
    // off (main.cpp).
    void endSession(const char* reason);

    void setLanguage(Language language);
    void setTextSize(TextSize size);
    void setHighContrast(bool on);
    // Any touch, click or key press anywhere in the kiosk (reported by the app's event filter).
    void noteInput();
    // A key pressed on a real keyboard: in "auto" mode the on-screen one goes down for the session.
    void noteHardwareKey();
    // A text field of the current screen was touched: the on-screen keyboard slides up for it.
    void showKeyboardFor(wxWindow* field);
    void hideKeyboard();
    // The keyboard when it is fully up (not while sliding), else null.
    const OnScreenKeyboard* keyboardShown() const;
    // "Đọc to": reads the current screen's main text aloud, or stops reading.
    void toggleReadAloud();
    bool readingAloud() const { return speakingId_ != 0; }

    const Screen* currentScreen() const { return screen_; }
    Screen* currentScreen() { return screen_; }
    const Theme& theme() const { return *theme_; }
    const Session& session() const { return session_; }
    NetState netState() const override { return netState_; }
    bool countdownShown() const;
    void startNetworkMonitor();
    // Starts refreshing the directories from the city, once cache.db is open and writable.
    void startSync();
    // Starts sending what waits in outbox.db (and what residents save) to the 1022 system.
    void startFeedback();
    const FeedbackSnapshot& feedbackSnapshot() const { return feedbackSnapshot_; }
    // Reports of the logged-in resident the city changed since they last looked (the banner).
    int feedbackNews() const { return feedbackNews_; }
    // When the data residents see was last refreshed (the oldest of the synced datasets).
    std::optional<std::chrono::system_clock::time_point> dataSyncedAt() const { return dataSyncedAt_; }
    const SyncSnapshot& syncSnapshot() const { return syncSnapshot_; }

private:
    void rebuildAll();
    void showCurrent();
    // Where the resident is: home (no group), a group's screen, or one entry of a directory.
    struct Route {
        std::optional<GroupId> group;
        std::int64_t entry = 0;
        std::string page;  // "" for the group's own screen (or a directory entry's detail)
    };
    void push(Route route, bool replace = false);
    Screen* createScreen(const Route& route, wxWindow* parent);
    void onIdleTick();
    void clearClipboard();
    // Hands the logged-in resident's tokens back to the provider (off the UI thread).
    void revokeIdentity();
    void hideCountdown();
    void slideKeyboard();
    void stopReading();
    void updateReadButton();
    void ensureVisible(wxWindow* field);
    // At login: does the city have news about this resident's reports? Shown as a banner.
    void checkFeedbackNews(bool askCity);
    wxPanel* makeNewsBanner();
    // A short calm line under the header for a few seconds ("Không nhận ra mã này").
    void showNotice(const wxString& text, const wxString& name);

    const KioskContext& kiosk_;
    WxDispatcher& dispatcher_;
    wxSize screenSize_;
    Session session_;
    std::unique_ptr<Theme> theme_;
    IdleTimer idle_;
    wxTimer idleTick_;
    Route current_;
    std::vector<Route> history_;
    NetState netState_ = NetState::Unknown;
    std::unique_ptr<ConnectivityMonitor> monitor_;
    std::unique_ptr<SyncEngine> sync_;
    std::unique_ptr<TokenRevoker> revoker_;
    SyncSnapshot syncSnapshot_;
    FeedbackSnapshot feedbackSnapshot_;
    bool feedbackStarted_ = false;
    int feedbackNews_ = 0;
    wxPanel* newsBanner_ = nullptr;
    std::optional<std::chrono::system_clock::time_point> dataSyncedAt_;

    wxPanel* root_ = nullptr;
    HeaderBar* header_ = nullptr;
    wxPanel* content_ = nullptr;
    Screen* screen_ = nullptr;
    TouchButton* back_ = nullptr;
    TouchButton* home_ = nullptr;
    IdleOverlay* overlay_ = nullptr;
    wxPanel* footer_ = nullptr;
    wxStaticText* footerHelp_ = nullptr;
    TouchButton* read_ = nullptr;
    OnScreenKeyboard* keyboard_ = nullptr;  // made on first use: none is needed for the home screen
    wxTimer keyboardSlide_;
    int slideStep_ = 0;
    std::unique_ptr<Speaker> speaker_;  // made on first use
    std::uint64_t speakingId_ = 0;
    wxTimer helpRestore_;
    std::unique_ptr<HandheldScanner> scanner_;
    wxPanel* notice_ = nullptr;
    wxTimer noticeTimer_;
    std::string scannedDossier_;  // for the dossier screen about to open
    std::optional<ReportLookup> scannedReport_;  // a slip from another kiosk, for the feedback screen about to open
};

}  // namespace kiosk::ui
