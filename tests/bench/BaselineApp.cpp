// bench-baseline-app: the yardstick for bench-startup. It is about the smallest full-screen
// wxWidgets/GTK3 program that looks like a kiosk home screen: one borderless frame sized to the
// display and shown full screen, with a dozen labelled buttons in a grid. Its start-up time and
// peak memory are what wxWidgets, GTK, Pango/fontconfig and the X connection cost on this machine
// by themselves, so "kiosk / baseline" measures what the kiosk adds on top (config, data, theme,
// icons, screens) independently of how fast the machine or the display server is.
//
// It speaks the kiosk's protocol: with --exit-after-first-paint it prints "first-paint" on the
// first idle event after the frame is shown on screen (having flushed the pending paints with
// Update(), exactly like KioskApp), then closes.
#include <wx/app.h>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/frame.h>
#include <wx/panel.h>
#include <wx/sizer.h>

#include <iostream>

namespace {

// Labels of the length and script the kiosk shows (Vietnamese with diacritics), so the baseline
// pays the same font loading and shaping as the real home screen.
constexpr const char* kButtonLabels[] = {
    "Hộ tịch",          "Chứng thực",       "Đất đai",          "Xây dựng",
    "Kinh doanh",       "Lao động",         "Bảo hiểm xã hội",  "Giáo dục",
    "Y tế",             "Cư trú",           "Tư pháp",          "Hỗ trợ",
};

class BaselineApp final : public wxApp {
public:
    bool OnInit() override;

private:
    wxFrame* frame_ = nullptr;
    bool exitAfterFirstPaint_ = false;
    bool firstPaintSeen_ = false;
};

bool BaselineApp::OnInit() {
    // No wxApp::OnInit(): its command-line parser would reject the kiosk's protocol flag.
    for (int i = 1; i < argc; ++i) {
        const wxString arg = argv[i];
        if (arg == "--exit-after-first-paint") {
            exitAfterFirstPaint_ = true;
        } else {
            std::cerr << "bench-baseline-app: unknown argument '" << arg.utf8_str()
                      << "' (only --exit-after-first-paint is understood)\n";
            return false;
        }
    }

    const wxSize screen = wxDisplay(0u).GetGeometry().GetSize();
    frame_ = new wxFrame(nullptr, wxID_ANY, "Ward Kiosk baseline", wxPoint(0, 0), screen,
                         wxBORDER_NONE | wxSTAY_ON_TOP);
    auto* panel = new wxPanel(frame_, wxID_ANY);
    auto* grid = new wxGridSizer(3, 4, 24, 24);
    for (const char* label : kButtonLabels) {
        grid->Add(new wxButton(panel, wxID_ANY, wxString::FromUTF8(label)), wxSizerFlags().Expand());
    }
    auto* panelSizer = new wxBoxSizer(wxVERTICAL);
    panelSizer->Add(grid, wxSizerFlags(1).Expand().Border(wxALL, 48));
    panel->SetSizer(panelSizer);
    auto* frameSizer = new wxBoxSizer(wxVERTICAL);
    frameSizer->Add(panel, wxSizerFlags(1).Expand());
    frame_->SetSizer(frameSizer);

    frame_->ShowFullScreen(true);
    frame_->Show();

    if (exitAfterFirstPaint_) {
        Bind(wxEVT_IDLE, [this](wxIdleEvent&) {
            if (firstPaintSeen_) return;
            if (frame_->IsShownOnScreen()) {
                firstPaintSeen_ = true;
                frame_->Update();  // flush the pending paints of every child before reporting
                std::cout << "first-paint" << std::endl;
                frame_->Close(true);
            }
        });
    }
    return true;
}

}  // namespace

wxIMPLEMENT_APP(BaselineApp);
