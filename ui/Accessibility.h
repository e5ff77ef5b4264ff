#pragma once
#include <wx/string.h>
#include <wx/window.h>

namespace kiosk::ui {

// What assistive technology (a screen reader over AT-SPI) is told a control is.
enum class AccessibleRole { Button, ToggleButton, Text, Image, Keyboard, Key, Panel };

// Gives a window the name and role a screen reader announces. wxWidgets' own accessibility
// layer exists only on Windows; on GTK the toolkit's ATK object of the widget is set directly,
// so custom-drawn controls (touch buttons, tiles, keys) are announced like native ones.
void setAccessible(wxWindow* window, const wxString& name, AccessibleRole role, const wxString& description = {});

// The name the toolkit exposes for `window` (empty if none): what a screen reader would say.
// Used by the tests that check every control has one.
wxString accessibleName(wxWindow* window);

}  // namespace kiosk::ui
