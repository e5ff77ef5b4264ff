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
// single line sends wxEVT_TEXT_ENTER when Enter is pressed; `maxLength` > 0 stops a single
// line at that many characters (the core's limits, e.g. open311::kMaxNameChars).
// What is typed stays in the kiosk: the field has no context menu (GTK's own, in English, with
// Cut/Copy/Paste/Insert Emoji) and refuses to copy or cut to the clipboard, so nothing a
// resident typed is left for the next person to paste (issue 17).
wxTextCtrl* makeTextField(wxWindow* parent, const Theme& theme, FieldKind kind, const wxString& label,
                          const wxString& name, const wxString& hint = {}, int lines = 1, std::size_t maxLength = 0);

// The kind given to makeTextField (Text for fields made otherwise).
FieldKind fieldKindOf(const wxTextCtrl* field);

}  // namespace kiosk::ui
