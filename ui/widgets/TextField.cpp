#include "widgets/TextField.h"

#include <gtk/gtk.h>
#include <wx/clntdata.h>

#include <algorithm>

#include "Accessibility.h"

namespace kiosk::ui {
namespace {
class FieldKindData : public wxClientData {
public:
    explicit FieldKindData(FieldKind fieldKind) : kind(fieldKind) {}
    FieldKind kind;
};

// GTK's "popup-menu" (the Menu key, Shift+F10): handled, so no menu opens.
gboolean refusePopup(GtkWidget*, gpointer) {
    return TRUE;
}

void keepTextInside(wxTextCtrl* field) {
    // A right click (or a long press, which GTK turns into one) would open GTK's menu: the
    // press is handled here, so GTK's own handler never sees it.
    for (const auto type : {wxEVT_RIGHT_DOWN, wxEVT_RIGHT_UP, wxEVT_RIGHT_DCLICK})
        field->Bind(type, [](wxMouseEvent&) {});
    field->Bind(wxEVT_CONTEXT_MENU, [](wxContextMenuEvent&) {});
    // Not skipped: wxGTK then stops GTK's copy-clipboard / cut-clipboard signals (Ctrl+C, the
    // touch selection bubble). Pasting in stays possible.
    field->Bind(wxEVT_TEXT_COPY, [](wxClipboardTextEvent&) {});
    field->Bind(wxEVT_TEXT_CUT, [](wxClipboardTextEvent&) {});
    if (GtkWidget* widget = field->GetConnectWidget())
        g_signal_connect(widget, "popup-menu", G_CALLBACK(refusePopup), nullptr);
}
}  // namespace

wxTextCtrl* makeTextField(wxWindow* parent, const Theme& theme, FieldKind kind, const wxString& label,
                          const wxString& name, const wxString& hint, int lines, std::size_t maxLength) {
    // A single line sends wxEVT_TEXT_ENTER on Enter: a real keyboard's, or the handheld
    // scanner's, which ends every code it types with one.
    const long style = lines > 1 ? (wxTE_MULTILINE | wxTE_WORDWRAP) : wxTE_PROCESS_ENTER;
    auto* field = new wxTextCtrl(parent, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, style,
                                 wxDefaultValidator, name);
    field->SetFont(theme.font(FontRole::Heading));
    const int lineHeight = field->GetCharHeight();
    field->SetMinSize(wxSize(-1, std::max(theme.minTouch(), lines > 1 ? lines * lineHeight * 13 / 10 : 0)));
    if (!hint.empty() && lines <= 1) field->SetHint(hint);
    if (theme.highContrast()) {
        field->SetBackgroundColour(*wxBLACK);
        field->SetForegroundColour(*wxWHITE);
    }
    if (maxLength > 0 && lines <= 1) field->SetMaxLength(static_cast<unsigned long>(maxLength));
    keepTextInside(field);
    field->SetClientObject(new FieldKindData(kind));
    setAccessible(field, label, AccessibleRole::Text, hint);
    return field;
}

FieldKind fieldKindOf(const wxTextCtrl* field) {
    const auto* data = field ? dynamic_cast<const FieldKindData*>(field->GetClientObject()) : nullptr;
    return data ? data->kind : FieldKind::Text;
}

}  // namespace kiosk::ui
