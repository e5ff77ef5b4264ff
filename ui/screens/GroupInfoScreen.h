#pragma once
#include "domain/FeatureGroup.h"
#include "screens/Screen.h"

namespace kiosk::ui {

class TouchButton;

// A feature group's own page while its interactive service is not on this kiosk: what the
// group offers and how a resident gets it today (counter, hotline, web, app), from the core's
// FeatureCatalog. It can be pinned to "My services" like any group.
class GroupInfoScreen : public Screen {
public:
    GroupInfoScreen(wxWindow* parent, const ScreenContext& context, GroupId group);

private:
    GroupId group_;
};

// The "pin to My services" toggle every group page has in its title row.
TouchButton* makePinButton(wxWindow* parent, const ScreenContext& context, GroupId group);

}  // namespace kiosk::ui
