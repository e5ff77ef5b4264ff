#include "config/Config.h"

#include <algorithm>

namespace kiosk {

std::string_view toString(Language language) {
    return language == Language::English ? "en" : "vi";
}

std::string_view toString(TextSize size) {
    switch (size) {
        case TextSize::Large: return "large";
        case TextSize::ExtraLarge: return "extra_large";
        default: return "normal";
    }
}

std::string_view toString(InputMethod method) {
    switch (method) {
        case InputMethod::Vni: return "vni";
        case InputMethod::Simple: return "simple";
        default: return "telex";
    }
}

bool Config::groupEnabled(GroupId id) const {
    if (id == GroupId::MyServices) return true;
    return std::find(kiosk.enabledGroups.begin(), kiosk.enabledGroups.end(), id) !=
           kiosk.enabledGroups.end();
}

}  // namespace kiosk
