#pragma once
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/timer.h>

#include <memory>

#include "scan/CameraScanService.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// "Quét mã": the camera's live picture (about 10 a second, scaled to the screen) under one
// large instruction; the first code it reads goes to the shell, which opens what it is. The
// camera is opened and read on CameraScanService's thread: this screen only draws what the
// dispatcher brings. No camera set up, or one that fails: it says so plainly and tells the
// resident to type the code or use the handheld scanner.
class ScanScreen : public Screen {
public:
    ScanScreen(wxWindow* parent, const ScreenContext& context);
    ~ScanScreen() override;

private:
    void showPreview(const scan::PreviewImage& image);
    void showProblem();

    std::unique_ptr<scan::CameraScanService> service_;
    wxStaticBitmap* picture_ = nullptr;
    wxStaticText* status_ = nullptr;
    wxStaticText* instruction_ = nullptr;
    wxStaticText* hint_ = nullptr;
    wxSize pictureSize_;
    int textWidth_ = 0;
    wxTimer resume_;
};

}  // namespace kiosk::ui
