#pragma once
#include <wx/timer.h>

#include <chrono>
#include <memory>

#include "auth/DeviceLogin.h"
#include "screens/Screen.h"

namespace kiosk::ui {

class TouchButton;

// "Đăng nhập VNeID": the resident scans a QR code with the VNeID app and approves on the
// phone; nothing is typed. The screen runs one DeviceLogin (its own thread) and shows, in turn:
// preparing → the code (QR, user code, address, countdown, three illustrated steps, Cancel) →
// welcome, or declined / expired / failed with "Thử lại". Leaving the screen (Cancel, Back,
// Home, the idle timeout) cancels the login at once. An expired code is renewed only when the
// resident touches "Thử lại". Logged in already: the welcome and "Không phải Ông/Bà? Thoát".
class VneidScreen : public Screen {
public:
    VneidScreen(wxWindow* parent, const ScreenContext& context);
    ~VneidScreen() override;
    // How long after the provider's answer the last code was on screen (laid out and painted).
    std::chrono::milliseconds codeShownAfter() const { return codeShownAfter_; }
    // The code is read letter by letter ("A, B, C, D"), as a resident types it on a phone.
    wxString readAloudText() const override;

private:
    void startLogin();
    void onLoginEvent(const LoginEvent& event);
    void showPreparing();
    void showCode(const DeviceAuthorization& code);
    void showEnding(const wxString& title, const wxString& message, const std::string& icon);
    void showWelcome();
    // Under a login that cannot work now: the services that work without it, to open.
    void addWithoutLogin(wxSizer* sizer);
    void updateCountdown();
    // Replaces what is under the title row.
    wxBoxSizer* resetStage();

    wxWindow* stage_ = nullptr;
    wxBoxSizer* column_ = nullptr;
    std::unique_ptr<DeviceLogin> login_;
    wxTimer countdown_;
    std::chrono::steady_clock::time_point expiresAt_{};
    wxStaticText* countdownLabel_ = nullptr;
    std::chrono::milliseconds codeShownAfter_{-1};
    LoginEvent::Kind lastEvent_ = LoginEvent::Kind::ShowCode;
};

}  // namespace kiosk::ui
