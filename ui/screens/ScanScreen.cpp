#include "screens/ScanScreen.h"

#include <wx/image.h>
#include <wx/intl.h>

#include "log/Log.h"
#include "platform/CameraFactory.h"

namespace kiosk::ui {

ScanScreen::ScanScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "scan:camera"), resume_(this) {
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(_("Scan a code"), "step-scan"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    auto* body = makeBody();
    auto* content = new wxBoxSizer(wxVERTICAL);
    textWidth_ = std::min(bodyWidth(), theme.px(1400));
    instruction_ = makeText(body, _("Hold the QR code on your slip in front of the camera"), FontRole::Title, textWidth_);
    instruction_->SetName("scan-instruction");
    content->Add(instruction_, 0, wxBOTTOM, theme.px(16));

    // The picture takes what is left of the screen's height, at the camera's 16:9.
    const int pictureWidth = std::min(textWidth_, std::max(theme.px(320), (ctx_.area.y - theme.px(380)) * 16 / 9));
    pictureSize_ = wxSize(pictureWidth, pictureWidth * 9 / 16);
    picture_ = new wxStaticBitmap(body, wxID_ANY, wxBitmap(pictureSize_.x, pictureSize_.y), wxDefaultPosition, pictureSize_,
                                  0, "scan-preview");
    picture_->SetBackgroundColour(*wxBLACK);
    wxImage blank(pictureSize_.x, pictureSize_.y);
    blank.SetRGB(wxRect(0, 0, pictureSize_.x, pictureSize_.y), 40, 40, 40);
    picture_->SetBitmap(wxBitmap(blank));
    content->Add(picture_, 0, wxBOTTOM | wxALIGN_CENTER_HORIZONTAL, theme.px(16));

    status_ = makeText(body, _("Starting the camera..."), FontRole::Heading, textWidth_, Theme::mutedText());
    status_->SetName("scan-status");
    content->Add(status_, 0, wxBOTTOM, theme.px(12));
    hint_ = makeText(body, _("You can also type the code, or hold the handheld scanner over it."), FontRole::Body,
                     textWidth_, Theme::mutedText());
    content->Add(hint_, 0, wxBOTTOM, theme.px(12));
    fillBody(body, content);
    addBody(column, body);
    SetSizer(column);

    auto source = makeCameraSource(ctx_.kiosk.config.scanner.camera);
    if (!source) {
        picture_->Hide();
        instruction_->Hide();
        hint_->Hide();
        status_->SetForegroundColour(Theme::text());
        status_->SetName("scan-no-camera");
        status_->SetLabel(_("This kiosk has no camera for scanning. Please type the code on your slip, or use the "
                            "handheld scanner."));
        status_->Wrap(textWidth_);
        return;
    }
    scan::CameraScanService::Callbacks callbacks;
    callbacks.code = ctx_.dispatcher.bind<scan::ScannedCode>(this, [this](scan::ScannedCode code) {
        const bool known = !std::holds_alternative<scan::Unknown>(code);
        ctx_.navigator.openScanned(std::move(code));
        // Stay on this screen for a code that opens nothing: look again in a moment.
        resume_.StartOnce(known ? 6000 : 2500);
    });
    callbacks.preview = ctx_.dispatcher.bind<scan::PreviewImage>(this, [this](scan::PreviewImage image) { showPreview(image); });
    callbacks.problem = ctx_.dispatcher.bind<std::string>(this, [this](std::string) { showProblem(); });
    service_ = std::make_unique<scan::CameraScanService>(std::move(source), std::move(callbacks));
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (service_) service_->resume();
    }, resume_.GetId());
    service_->start();
}

ScanScreen::~ScanScreen() {
    resume_.Stop();
    scan::CameraScanService::retire(std::move(service_));  // ends on its own: nothing here waits
}

void ScanScreen::showPreview(const scan::PreviewImage& image) {
    if (image.width <= 0 || image.height <= 0 || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        return;
    if (status_->GetName() == "scan-status" && status_->GetLabel() == _("Starting the camera...")) {
        status_->SetLabel(_("Looking for a code..."));
        status_->Wrap(textWidth_);
    }
    // The pixels are only borrowed: Scale() makes the copy that is drawn.
    wxImage frame(image.width, image.height, const_cast<unsigned char*>(image.rgb.data()), true);
    const double scale = std::min(static_cast<double>(pictureSize_.x) / image.width,
                                  static_cast<double>(pictureSize_.y) / image.height);
    const wxImage scaled = frame.Scale(std::max(1, static_cast<int>(image.width * scale)),
                                       std::max(1, static_cast<int>(image.height * scale)), wxIMAGE_QUALITY_NORMAL);
    picture_->SetBitmap(wxBitmap(scaled));
}

void ScanScreen::showProblem() {
    // Said calmly, without the instruction that no longer applies: the resident has two other ways.
    picture_->Hide();
    instruction_->Hide();
    hint_->Hide();
    status_->SetName("scan-camera-failed");
    status_->SetForegroundColour(Theme::text());
    status_->SetLabel(_("The camera is not working right now. Please type the code on your slip, or use the handheld "
                        "scanner."));
    status_->Wrap(textWidth_);
    Layout();
}

}  // namespace kiosk::ui
