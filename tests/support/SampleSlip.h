#pragma once
#include <chrono>
#include <string>

#include "printing/Slip.h"

namespace kiosk::test {

// A filed report's slip as the kiosk prints it (msgids untranslated), with a synthetic service
// marked as such: for the print tests and bench-slip.
inline Slip sampleFeedbackSlip(const std::string& trackingCode, const std::string& requestId) {
    SlipSetting setting;
    setting.wardName = "Phường Sài Gòn";
    setting.feedbackWeb = "https://1022.hochiminhcity.gov.vn";
    setting.now = std::chrono::system_clock::now();
    setting.translate = [](const char* msgid) { return std::string(msgid); };
    OutboxReport report;
    report.trackingCode = trackingCode;
    report.createdAt = "2026-11-28T01:00:00Z";
    report.draft.serviceName = "Đèn đường hư hỏng, cây xanh gãy đổ (dữ liệu mô phỏng)";
    report.state = ReportState::Filed;
    report.serviceRequestId = requestId;
    return feedbackSlip(report, setting);
}

}  // namespace kiosk::test
