#include "widgets/TileGrid.h"

#include <wx/dcclient.h>

#include <algorithm>
#include <utility>

#include "GroupStyle.h"
#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "widgets/TextWrap.h"
#include "widgets/TileButton.h"

namespace kiosk::ui {

int bestColumns(int tiles, wxSize area, int gap) {
    return bestColumns(tiles, area, gap, [](wxSize) { return true; });
}

int bestColumns(int tiles, wxSize area, int gap, const std::function<bool(wxSize)>& labelsFit) {
    // Candidates best first: a tile should be near square; its usable side is the smaller
    // dimension, and very flat tiles are penalised because a wrapped name needs height. The
    // first one whose labels fit at the theme's size wins (names are wrapped, never shrunk).
    std::vector<std::pair<double, int>> candidates;
    for (int cols = 1; cols <= std::max(1, tiles); ++cols) {
        const int rows = (tiles + cols - 1) / cols;
        const double w = (area.x - gap * (cols - 1)) / static_cast<double>(cols);
        const double h = (area.y - gap * (rows - 1)) / static_cast<double>(rows);
        candidates.emplace_back(std::min(w, h * 1.25), cols);
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) { return a.first > b.first + 0.5; });
    for (const auto& [side, cols] : candidates) {
        const int rows = (tiles + cols - 1) / cols;
        const wxSize tile((area.x - gap * (cols - 1)) / cols, (area.y - gap * (rows - 1)) / rows);
        if (labelsFit(tile)) return cols;
    }
    return candidates.empty() ? 1 : candidates.front().second;
}

TilePlan planTiles(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, wxSize area) {
    const int gap = theme.gap();
    const int count = static_cast<int>(groups.size());
    wxClientDC dc(parent);
    dc.SetFont(theme.font(FontRole::Tile));
    // As TileButton draws them: each name wrapped in the tile, with room above it for an icon
    // of a third of the tile's height if any layout allows, else of a fifth (TileButton's least).
    const int pad = theme.px(14);
    const auto labelsFitWithIcon = [&](int iconShare) {
        return [&, iconShare](wxSize tile) {
            for (GroupId id : groups) {
                const auto wrapped = wrapText(dc, tr(FeatureCatalog::get(id).name), tile.x - 2 * pad);
                // With a little to spare: the grid's real share of the screen may be a few pixels
                // less than the area estimated before layout, and the label sits a little low.
                if (!wrapped.fits || (tile.y - 2 * pad - wrapped.height - theme.px(30)) * iconShare < tile.y) return false;
            }
            return true;
        };
    };
    auto tileIn = [&](int cols) {
        const int rows = (count + cols - 1) / cols;
        return wxSize((area.x - gap * (cols - 1)) / cols, (area.y - gap * (rows - 1)) / rows);
    };
    TilePlan plan;
    plan.columns = bestColumns(count, area, gap, labelsFitWithIcon(3));
    if (!labelsFitWithIcon(3)(tileIn(plan.columns))) plan.columns = bestColumns(count, area, gap, labelsFitWithIcon(5));
    plan.tile = tileIn(plan.columns);
    if (labelsFitWithIcon(5)(plan.tile)) return plan;
    // Nothing fits on one screen: tiles a little wider than tall, as many to a row as still
    // hold every name with an icon of a third of their height, and the grid scrolls.
    plan.fits = false;
    for (int cols = std::max(1, std::min(count, theme.portrait() ? 3 : 5)); cols >= 1; --cols) {
        const int width = (area.x - gap * (cols - 1)) / cols;
        plan.columns = cols;
        plan.tile = wxSize(width, std::max(theme.minTouch(), width * 4 / 5));
        if (labelsFitWithIcon(3)(plan.tile)) break;
    }
    return plan;
}

wxSizer* buildTileGrid(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, wxSize area,
                       const Session& session, std::function<void(GroupId)> onOpen) {
    return buildTileGrid(parent, theme, groups, planTiles(parent, theme, groups, area), session, std::move(onOpen));
}

wxSizer* buildTileGrid(wxWindow* parent, const Theme& theme, const std::vector<GroupId>& groups, const TilePlan& plan,
                       const Session& session, std::function<void(GroupId)> onOpen) {
    const int gap = theme.gap();
    const int cols = plan.columns;
    auto* grid = new wxGridSizer(cols, gap, gap);
    for (GroupId id : groups) {
        const auto& info = FeatureCatalog::get(id);
        auto* tile = new TileButton(parent, theme, tr(info.name), info.icon, groupColour(id),
                                    wxString::Format("tile-%s", wxString::FromUTF8(std::string(toString(id)))));
        if (session.isPinned(id)) tile->setBadge("pinned");
        tile->Bind(wxEVT_BUTTON, [onOpen, id](wxCommandEvent&) { onOpen(id); });
        if (!plan.fits) tile->SetMinSize(plan.tile);
        grid->Add(tile, 1, wxEXPAND);
    }
    return grid;
}

}  // namespace kiosk::ui
