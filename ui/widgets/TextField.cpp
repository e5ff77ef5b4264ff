#include "widgets/TextField.h"

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
}  // namespace

wxTextCtrl* makeTextField(wxWindow* parent, const Theme& theme, FieldKind kind, const wxString& label,
                          const wxString& name, const wxString& hint, int lines) {
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
    field->SetClientObject(new FieldKindData(kind));
    setAccessible(field, label, AccessibleRole::Text, hint);
    return field;
}

FieldKind fieldKindOf(const wxTextCtrl* field) {
    const auto* data = field ? dynamic_cast<const FieldKindData*>(field->GetClientObject()) : nullptr;
    return data ? data->kind : FieldKind::Text;
}

}  // namespace kiosk::ui
