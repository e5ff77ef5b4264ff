#include "widgets/TileGrid.h"

#include <algorithm>

#include "GroupStyle.h"
#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "widgets/TileButton.h"

namespace kiosk::ui {

int bestColumns(int tiles, wxSize area, int gap) {
    int best = 1;
    double bestSide = 0;
    for (int cols = 1; cols <= std::max(1, tiles); ++cols) {
        const int rows = (tiles + cols - 1) / cols;
        const double w = (area.x - gap * (cols - 1)) / static_cast<double>(cols);
        const double h = (area.y - gap * (rows - 1)) / static_cast<double>(rows);
        // A tile should be near square; its usable side is the smaller dimension, and very
        // flat tiles are penalised because a wrapped name needs height.
        const double side = std::min(w, h * 1.25);
        if (side > bestSide + 0.5) {
            bestSide = side;
            best = cols;
        }
    }
    return best;
}

wxSizer* buildTileGrid(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, wxSize area,
                       const Session& session, std::function<void(GroupId)> onOpen) {
    const int gap = theme.px(20);
    const int count = static_cast<int>(groups.size());
    const int cols = bestColumns(count, area, gap);
    auto* grid = new wxGridSizer(cols, gap, gap);
    for (GroupId id : groups) {
        const auto& info = FeatureCatalog::get(id);
        auto* tile = new TileButton(parent, theme, tr(info.name), info.icon, groupColour(id),
                                    wxString::Format("tile-%s", wxString::FromUTF8(std::string(toString(id)))));
        if (session.isPinned(id)) tile->setBadge("pinned");
        tile->Bind(wxEVT_BUTTON, [onOpen, id](wxCommandEvent&) { onOpen(id); });
        grid->Add(tile, 1, wxEXPAND);
    }
    return grid;
}

}  // namespace kiosk::ui
