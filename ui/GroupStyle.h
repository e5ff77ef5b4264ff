#pragma once
#include <wx/colour.h>

#include "domain/FeatureGroup.h"

namespace kiosk::ui {

// Each group's colour, matching its icon, so a resident can find a group again by colour.
wxColour groupColour(GroupId id);

}  // namespace kiosk::ui
