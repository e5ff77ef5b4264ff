#pragma once
#include <wx/string.h>

#include <string>

#include "feedback/Open311.h"
#include "feedback/Outbox.h"
#include "net/ConnectivityMonitor.h"

namespace kiosk::ui {

// What the feedback screens say about a report, in the resident's words.

// "28/11/2026 09:15" in Ho Chi Minh City time (UTC+7), from any ISO 8601 time; "" for an empty
// or unreadable one.
wxString formatWhen(const std::string& iso);
// "28/11/2026" alone.
wxString formatDay(const std::string& iso);

// Where the report is, one short line: "Đã lưu — sẽ tự gửi khi có mạng", "Đang xử lý", …
wxString reportHeadline(const OutboxReport& report, NetState net);
// The icon that goes with the headline.
std::string reportIcon(const OutboxReport& report);
// A longer sentence on what happens next.
wxString reportNextStep(const OutboxReport& report, NetState net);

// A problem with one field, as the resident reads it: the kiosk's own checks are translated;
// the city's words are shown as the city wrote them.
wxString fieldErrorText(const open311::FieldError& error);

}  // namespace kiosk::ui
