#include "Accessibility.h"

#include <atk/atk.h>
#include <gtk/gtk.h>

namespace kiosk::ui {
namespace {

AtkRole atkRole(AccessibleRole role) {
    switch (role) {
        case AccessibleRole::Button: return ATK_ROLE_PUSH_BUTTON;
        case AccessibleRole::ToggleButton: return ATK_ROLE_TOGGLE_BUTTON;
        case AccessibleRole::Text: return ATK_ROLE_ENTRY;
        case AccessibleRole::Image: return ATK_ROLE_IMAGE;
        case AccessibleRole::Keyboard: return ATK_ROLE_PANEL;
        case AccessibleRole::Key: return ATK_ROLE_PUSH_BUTTON;
        case AccessibleRole::Panel: return ATK_ROLE_PANEL;
    }
    return ATK_ROLE_UNKNOWN;
}

AtkObject* atkOf(wxWindow* window) {
    if (!window) return nullptr;
    auto* widget = static_cast<GtkWidget*>(window->GetHandle());
    return widget ? gtk_widget_get_accessible(widget) : nullptr;
}

}  // namespace

void setAccessible(wxWindow* window, const wxString& name, AccessibleRole role, const wxString& description) {
    AtkObject* object = atkOf(window);
    if (!object) return;
    // Labels may carry line breaks added for wrapping: a screen reader wants one line.
    wxString flat = name;
    flat.Replace("\n", " ");
    atk_object_set_name(object, flat.utf8_str());
    atk_object_set_role(object, atkRole(role));
    if (!description.empty()) atk_object_set_description(object, description.utf8_str());
}

wxString accessibleName(wxWindow* window) {
    AtkObject* object = atkOf(window);
    if (!object) return {};
    const char* name = atk_object_get_name(object);
    return name ? wxString::FromUTF8(name) : wxString();
}

}  // namespace kiosk::ui
