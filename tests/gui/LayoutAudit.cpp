#include "LayoutAudit.h"

#include <wx/image.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/translation.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "IconCache.h"
#include "Theme.h"
#include "widgets/OnScreenKeyboard.h"
#include "widgets/ResultRow.h"
#include "widgets/TileButton.h"
#include "widgets/TouchButton.h"

namespace kiosk::test {
namespace {

double channel(unsigned char value) {
    const double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const wxColour& c) {
    return 0.2126 * channel(c.Red()) + 0.7152 * channel(c.Green()) + 0.0722 * channel(c.Blue());
}

std::string hex(const wxColour& c) {
    return c.GetAsString(wxC2S_HTML_SYNTAX).utf8_string();
}

std::string describe(wxWindow* w) {
    std::string text = w->GetName().utf8_string();
    wxString label = w->GetLabel();
    if (auto* field = dynamic_cast<wxTextCtrl*>(w)) label = field->GetValue();
    label.Replace("\n", " / ");
    if (!label.empty()) text += " \"" + label.Left(40).utf8_string() + "\"";
    return text;
}

// The colour a window is drawn on: its own background if it has one, else its parent's.
wxColour backgroundOf(wxWindow* w) {
    for (wxWindow* p = w; p; p = p->GetParent())
        if (p->UseBgCol()) return p->GetBackgroundColour();
    return ui::Theme::background();
}

// How an icon stands out from `background`: the contrast that the most contrasting fifth of
// its visible pixels reaches (an outline icon is mostly empty; a filled one mostly colour).
double iconContrast(const wxBitmap& bitmap, const wxColour& background) {
    if (!bitmap.IsOk()) return 21;
    const wxImage image = bitmap.ConvertToImage();
    std::vector<double> ratios;
    const bool alpha = image.HasAlpha();
    for (int y = 0; y < image.GetHeight(); ++y)
        for (int x = 0; x < image.GetWidth(); ++x) {
            if (alpha && image.GetAlpha(x, y) < 160) continue;
            ratios.push_back(contrastRatio(wxColour(image.GetRed(x, y), image.GetGreen(x, y), image.GetBlue(x, y)), background));
        }
    if (ratios.empty()) return 21;
    std::sort(ratios.begin(), ratios.end());
    return ratios[ratios.size() * 4 / 5];
}

bool isTarget(wxWindow* w) {
    return dynamic_cast<ui::TouchButton*>(w) || dynamic_cast<ui::TileButton*>(w) || dynamic_cast<ui::ResultRow*>(w) ||
           dynamic_cast<ui::KeyButton*>(w) || dynamic_cast<wxTextCtrl*>(w);
}

std::string px(int value) {
    return std::to_string(value) + " px";
}

struct Walker {
    const AuditRules& rules;
    std::string screen;
    bool vietnamese;
    std::vector<AuditViolation> out;

    void add(wxWindow* w, const std::string& what) { out.push_back({screen, describe(w), what}); }

    void text(wxWindow* w, int pixels, const wxString& label) {
        if (label.empty()) return;
        if (pixels < rules.minTextPx) add(w, "text " + px(pixels) + " < " + px(rules.minTextPx));
        // A Vietnamese screen shows no English msgid: one with a translation would have been
        // translated, so finding it as it is means the _() was missed.
        if (vietnamese && wxGetTranslation(label) != label) add(w, "untranslated");
    }

    void contrast(wxWindow* w, const wxColour& fg, const wxColour& bg, double need, const char* what) {
        const double ratio = contrastRatio(fg, bg);
        if (ratio + 1e-9 < need) {
            std::ostringstream s;
            s.precision(2);
            s << std::fixed << what << " contrast " << ratio << ":1 < " << need << ":1 (" << hex(fg) << " on " << hex(bg) << ")";
            add(w, s.str());
        }
    }

    void icon(wxWindow* w, const std::string& name, int size, const wxColour& bg, const wxColour* ink = nullptr) {
        if (name.empty() || size <= 0) return;
        const double ratio = iconContrast(ink ? ui::IconCache::bitmap(name, size, *ink) : ui::IconCache::bitmap(name, size), bg);
        if (ratio + 1e-9 < rules.graphicContrast) {
            std::ostringstream s;
            s.precision(2);
            s << std::fixed << "icon " << name << " contrast " << ratio << ":1 < 3:1 on " << hex(bg);
            add(w, s.str());
        }
    }

    void visit(wxWindow* w) {
        if (!w->IsShown()) return;
        const bool enabled = w->IsThisEnabled();
        if (auto* label = dynamic_cast<wxStaticText*>(w)) {
            text(w, label->GetFont().GetPixelSize().y, label->GetLabel());
            contrast(w, label->GetForegroundColour(), backgroundOf(w), rules.textContrast, "text");
        } else if (auto* button = dynamic_cast<ui::TouchButton*>(w)) {
            const auto colours = button->colours();
            text(w, button->GetFont().GetPixelSize().y, button->GetLabel());
            // Disabled controls are exempt from contrast (WCAG 1.4.3, 1.4.11).
            if (enabled) {
                contrast(w, colours.ink, colours.fill, rules.textContrast, "text");
                // The button is seen by its fill or by its edge against what is around it.
                const wxColour around = backgroundOf(w->GetParent());
                if (contrastRatio(colours.fill, around) < rules.graphicContrast)
                    contrast(w, colours.edge, around, rules.graphicContrast, "button edge");
                icon(w, button->iconName(), button->iconPixels(), colours.fill, &colours.ink);
            }
        } else if (auto* tile = dynamic_cast<ui::TileButton*>(w)) {
            text(w, tile->textPixels(), tile->GetLabel());
            if (!tile->textFits()) add(w, "label does not fit the tile");
            contrast(w, ui::Theme::text(), ui::Theme::surface(), rules.textContrast, "text");
            contrast(w, ui::Theme::border(), backgroundOf(w->GetParent()), rules.graphicContrast, "tile border");
            icon(w, tile->iconName(), 64, ui::Theme::surface());
        } else if (auto* field = dynamic_cast<wxTextCtrl*>(w)) {
            text(w, field->GetFont().GetPixelSize().y, wxEmptyString);
            if (field->GetFont().GetPixelSize().y < rules.minTextPx)
                add(w, "text " + px(field->GetFont().GetPixelSize().y) + " < " + px(rules.minTextPx));
            contrast(w, field->GetForegroundColour(), backgroundOf(w), rules.textContrast, "text");
        } else if (auto* bitmap = dynamic_cast<wxStaticBitmap*>(w)) {
            const double ratio = iconContrast(bitmap->GetBitmap(), backgroundOf(w));
            if (ratio + 1e-9 < rules.graphicContrast) {
                std::ostringstream s;
                s.precision(2);
                s << std::fixed << "icon contrast " << ratio << ":1 < 3:1 on " << hex(backgroundOf(w));
                add(w, s.str());
            }
        }
        if (isTarget(w)) {
            const wxSize size = w->GetSize();
            if (size.x < rules.minTargetPx || size.y < rules.minTargetPx)
                add(w, "target " + std::to_string(size.x) + "x" + std::to_string(size.y) + " < " +
                           std::to_string(rules.minTargetPx) + "x" + std::to_string(rules.minTargetPx));
        }
        std::vector<wxWindow*> targets;
        for (auto* child : w->GetChildren()) {
            if (child->IsTopLevel()) continue;
            visit(child);
            if (child->IsShown() && isTarget(child)) targets.push_back(child);
        }
        // Neighbouring targets far enough apart that a shaking finger does not hit the other.
        for (size_t i = 0; i < targets.size(); ++i)
            for (size_t j = i + 1; j < targets.size(); ++j) {
                const wxRect a = targets[i]->GetRect();
                const wxRect b = targets[j]->GetRect();
                const int dx = std::max(b.GetLeft() - a.GetRight(), a.GetLeft() - b.GetRight()) - 1;
                const int dy = std::max(b.GetTop() - a.GetBottom(), a.GetTop() - b.GetBottom()) - 1;
                const int apart = std::max(dx, dy);
                if (apart >= 0 && apart < rules.minGapPx)
                    add(targets[i], "only " + px(apart) + " from " + describe(targets[j]) + " (< " + px(rules.minGapPx) + ")");
            }
    }
};

}  // namespace

AuditRules AuditRules::forScreen(wxSize screen, TextSize textSize) {
    const double scale = std::max(1.0, std::min(screen.x, screen.y) / 768.0);
    AuditRules rules;
    const int base = textSize == TextSize::ExtraLarge ? 30 : textSize == TextSize::Large ? 24 : 18;
    rules.minTextPx = static_cast<int>(std::floor(base * scale));
    rules.minTargetPx = static_cast<int>(std::floor(64 * scale));
    rules.minGapPx = static_cast<int>(std::floor(12 * scale));
    return rules;
}

double contrastRatio(const wxColour& a, const wxColour& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<AuditViolation> auditWindows(wxWindow* root, const AuditRules& rules, const std::string& screen,
                                         bool vietnamese) {
    Walker walker{rules, screen, vietnamese, {}};
    walker.visit(root);
    for (auto* child : root->GetChildren())
        if (child->IsTopLevel() && child->IsShown()) walker.visit(child);
    return walker.out;
}

}  // namespace kiosk::test
