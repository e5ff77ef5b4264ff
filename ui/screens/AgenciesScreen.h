#pragma once
#include "screens/Screen.h"

namespace kiosk::ui {

// Cơ quan nhà nước: the emergency numbers and the city's 1022 switchboard from the bundled
// hotline list, and the ward this kiosk belongs to.
class AgenciesScreen : public Screen {
public:
    AgenciesScreen(wxWindow* parent, const ScreenContext& context);

private:
    wxPanel* makeHotlineCard(wxWindow* parent, const Hotline& hotline, int width);
};

}  // namespace kiosk::ui
