#pragma once
#include "screens/DirectoryScreen.h"

namespace kiosk::ui {

// Cơ quan nhà nước: the emergency numbers and the city's 1022 switchboard first (from the
// bundled hotline list), then the searchable directory of agencies: hotlines and the People's
// Committee of every ward, findable by the names of the old wards merged into it.
class AgenciesScreen : public DirectoryScreen {
public:
    AgenciesScreen(wxWindow* parent, const ScreenContext& context);

private:
    static wxWindow* makeEmergencyPanel(wxWindow* body, int width, const ScreenContext& context);
    static wxPanel* makeHotlineCard(wxWindow* parent, const Hotline& hotline, int width, const ScreenContext& context);
};

}  // namespace kiosk::ui
