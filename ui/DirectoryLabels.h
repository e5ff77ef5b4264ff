#pragma once
#include <wx/string.h>

#include <string>

namespace kiosk::ui {

// Words residents read for the directory's codes: filter values ("thcs" -> "THCS"), kinds
// ("event" -> "Sự kiện") and attribute names on the detail page. Unknown codes are shown as
// they are, so new data never shows an empty label.
wxString filterValueLabel(const std::string& key, const std::string& value);
// A comma-separated attribute value ("tieu_hoc,thcs") as words joined by `separator`.
wxString filterValuesLabel(const std::string& key, const std::string& commaList, const wxString& separator);
wxString kindLabel(const std::string& kind);
// The name of attribute `key` on the detail page of an entry of `kind` ("category" is the type of
// school for a school, the category for a place); empty: not shown.
wxString attributeLabel(const std::string& kind, const std::string& key);

// "2024-07-10" -> "10/07/2024"; anything else unchanged.
wxString displayDate(const std::string& isoDate);

}  // namespace kiosk::ui
