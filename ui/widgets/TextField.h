#pragma once
#include <wx/textctrl.h>

#include "Theme.h"

namespace kiosk::ui {

// What a text field holds decides which on-screen keyboard it gets: letters (Telex, VNI or
// simple), letters that start each word in capitals (names), or a numeric pad.
enum class FieldKind { Text, Name, Number, Phone };

// A touch-sized text field: large font, at least a finger high, named for screen readers by
// `label` (what the field is for), remembered as `kind` for the on-screen keyboard. With
// `lines` > 1 it wraps and is that many lines high (GTK shows no hint in such a field); a
// single line sends wxEVT_TEXT_ENTER when Enter is pressed.
wxTextCtrl* makeTextField(wxWindow* parent, const Theme& theme, FieldKind kind, const wxString& label,
                          const wxString& name, const wxString& hint = {}, int lines = 1);

// The kind given to makeTextField (Text for fields made otherwise).
FieldKind fieldKindOf(const wxTextCtrl* field);

}  // namespace kiosk::ui
