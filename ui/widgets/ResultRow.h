#pragma once
#include <wx/panel.h>

#include <functional>

#include "Theme.h"

namespace kiosk::ui {

// One search result: a white card with the name, the address and a short line of facts. The
// whole card is the touch target, labels included, and it shows when it is pressed.
class ResultRow : public wxPanel {
public:
    ResultRow(wxWindow* parent, const Theme& theme, const wxString& name, const wxString& address,
              const wxString& facts, int width, std::function<void()> onOpen);
    // The finger moved on to scroll the list: the touch that began on this row opens nothing.
    void cancelPress();

private:
    void bindTouch(wxWindow* window);
    std::function<void()> onOpen_;
    bool pressed_ = false;
};

}  // namespace kiosk::ui
