#include "config/Config.h"

#include <algorithm>

namespace kiosk {

std::string_view toString(Language language) {
    return language == Language::English ? "en" : "vi";
}

std::string_view toString(TextSize size) {
    return size == TextSize::Large ? "large" : "normal";
}

bool Config::groupEnabled(GroupId id) const {
    if (id == GroupId::MyServices) return true;
    return std::find(kiosk.enabledGroups.begin(), kiosk.enabledGroups.end(), id) !=
           kiosk.enabledGroups.end();
}

}  // namespace kiosk
