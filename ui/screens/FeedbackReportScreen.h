#pragma once
#include <wx/scrolwin.h>

#include <cstdint>
#include <optional>

#include "feedback/Outbox.h"
#include "screens/Screen.h"

namespace kiosk::ui {

class TouchButton;

// One report, as the resident leaves with it and comes back to it: the tracking code in large
// type with its QR code, where the report is ("Đã lưu — sẽ tự gửi khi có mạng", sent, being
// handled, closed), what the city said (status notes, agency, expected date), and what the
// resident can do: correct a report the city refused; confirm a closed one as fixed, or report
// it again as a new report linked to it; print the tracking slip ("In phiếu"), with the QR on
// screen as the way out when the printer fails. Shown right after saving, from "Phản ánh của tôi" and
// from a tracking code typed on the feedback screen. Updates itself when the sender reports.
class FeedbackReportScreen : public Screen {
public:
    FeedbackReportScreen(wxWindow* parent, const ScreenContext& context, std::int64_t reportId);
    void feedbackChanged() override;

private:
    void load();
    void show(const OutboxReport& report);
    void amend(const OutboxReport& report);
    void reopen(const OutboxReport& report);
    void printSlip(OutboxReport report);

    std::int64_t reportId_;
    wxScrolledWindow* body_ = nullptr;
    std::optional<OutboxReport> shown_;
    bool loading_ = false;
    // "In phiếu": what the resident was last told about their slip (kept across redraws).
    bool printing_ = false;
    TouchButton* printButton_ = nullptr;
    wxString printNote_;
    bool printFailed_ = false;
};

}  // namespace kiosk::ui
