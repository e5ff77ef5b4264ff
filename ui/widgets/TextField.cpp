#include "widgets/TextField.h"

#include <wx/clntdata.h>

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
                          const wxString& name, const wxString& hint) {
    auto* field = new wxTextCtrl(parent, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, 0,
                                 wxDefaultValidator, name);
    field->SetFont(theme.font(FontRole::Heading));
    field->SetMinSize(wxSize(-1, theme.minTouch()));
    if (!hint.empty()) field->SetHint(hint);
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
