#pragma once
#include "screens/Screen.h"

namespace kiosk::ui {

// Dịch vụ của tôi: the groups this resident pinned, as tiles, and a switch per group to pin or
// unpin it. Pins live in the session and are wiped with it: the kiosk is shared.
class MyServicesScreen : public Screen {
public:
    MyServicesScreen(wxWindow* parent, const ScreenContext& context);
};

}  // namespace kiosk::ui
