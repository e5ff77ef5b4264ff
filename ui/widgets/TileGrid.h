#pragma once
#include <wx/sizer.h>

#include <functional>
#include <vector>

#include "Theme.h"
#include "domain/FeatureGroup.h"
#include "domain/Session.h"

namespace kiosk::ui {

// Lays out group tiles in the grid that makes them largest in `area`: 5 columns on a wide
// screen, 3 in portrait, fewer when fewer groups are enabled. Tiles are named "tile-<group>".
wxSizer* buildTileGrid(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, wxSize area,
                       const Session& session, std::function<void(GroupId)> onOpen);

// How tiles of `groups` are laid out in `area`: columns, and whether every name fits wrapped
// (never shrunk) with room for its icon. When no layout fits (extra large text), `tile` is the
// size of a tile in the most columns whose names do fit, and the grid must scroll.
struct TilePlan {
    int columns = 1;
    bool fits = true;
    wxSize tile;
};
TilePlan planTiles(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, wxSize area);
// The grid of a plan already made (the home screen plans once to choose between a fixed and a
// scrolling grid).
wxSizer* buildTileGrid(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, const TilePlan& plan,
                       const Session& session, std::function<void(GroupId)> onOpen);

// Columns chosen for n tiles in an area (exposed for tests).
int bestColumns(int tiles, wxSize area, int gap);
// The same, taking the best-shaped layout whose tile size `labelsFit` accepts.
int bestColumns(int tiles, wxSize area, int gap, const std::function<bool(wxSize)>& labelsFit);

}  // namespace kiosk::ui
