#pragma once
#include <wx/string.h>

#include <filesystem>

#include "config/Config.h"

namespace kiosk::ui {

// Switches the catalog that _() reads from. Msgids are English; Vietnamese comes from
// ward-kiosk.mo under the locale directory. Returns false if the catalog could not be loaded
// (the caller logs it; the kiosk then shows the English msgids rather than nothing).
bool applyLanguage(Language language, const std::filesystem::path& localeDir);

// Translation of a msgid that the core marked with N_() (UTF-8, English).
wxString tr(const char* msgid);

// UTF-8 data text (names from CSV files) as a wxString.
wxString utf8(const std::string& text);

}  // namespace kiosk::ui
