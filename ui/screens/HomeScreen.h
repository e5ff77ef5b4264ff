#pragma once
#include "screens/Screen.h"

namespace kiosk::ui {

// The attract and home screen: a greeting and a tile for "My services" and each enabled group.
class HomeScreen : public Screen {
public:
    HomeScreen(wxWindow* parent, const ScreenContext& context);
};

}  // namespace kiosk::ui
