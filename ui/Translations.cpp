#include "Translations.h"

#include <wx/intl.h>
#include <wx/translation.h>

namespace kiosk::ui {

bool applyLanguage(Language language, const std::filesystem::path& localeDir) {
    static bool prefixAdded = false;
    if (!prefixAdded) {
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(localeDir.string()));
        prefixAdded = true;
    }
    auto* translations = new wxTranslations;
    translations->SetLanguage(language == Language::Vietnamese ? "vi" : "en");
    const bool loaded = translations->AddCatalog("ward-kiosk", wxLANGUAGE_ENGLISH_US);
    wxTranslations::Set(translations);  // takes ownership, deletes the previous one
    return loaded || language == Language::English;
}

wxString tr(const char* msgid) {
    return wxGetTranslation(wxString::FromUTF8(msgid));
}

wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}

}  // namespace kiosk::ui
