#include "screens/EntryDetailScreen.h"

#include <wx/intl.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "DirectoryLabels.h"
#include "Translations.h"
#include "core/BoundedInput.h"
#include "directory/DirectoryService.h"
#include "domain/FeatureCatalog.h"
#include "log/Log.h"
#include "printing/QrCode.h"
#include "widgets/QrWidget.h"

namespace kiosk::ui {

EntryDetailScreen::EntryDetailScreen(wxWindow* parent, const ScreenContext& context, GroupId group, std::int64_t id)
    : Screen(parent, context, "entry:" + std::string(toString(group))), group_(group) {
    auto* column = new wxBoxSizer(wxVERTICAL);
    loading_ = makeText(this, _("Loading..."), FontRole::Heading, ctx_.area.x - 2 * margin(), Theme::mutedText());
    column->Add(loading_, 0, wxALL, margin());
    SetSizer(column);
    ctx_.kiosk.directory().get(id, ctx_.dispatcher.bind<std::optional<DirectoryEntry>>(
                                      this, [this](std::optional<DirectoryEntry> entry) {
                                          if (entry) show(*entry);
                                          else loading_->SetLabel(_("This entry is no longer in the directory."));
                                      }));
}

void EntryDetailScreen::addField(wxWindow* parent, wxSizer* sizer, const wxString& label, const wxString& value,
                                 int width) {
    if (value.empty() || label.empty()) return;
    sizer->Add(makeText(parent, label, FontRole::Small, width, Theme::mutedText()), 0, wxTOP, ctx_.theme.px(10));
    sizer->Add(makeText(parent, value, FontRole::Body, width), 0);
}

void EntryDetailScreen::addList(wxWindow* parent, wxSizer* sizer, const wxString& heading,
                                const std::vector<wxString>& items, int width, bool numbered) {
    if (items.empty()) return;
    sizer->Add(makeText(parent, heading, FontRole::Heading, width), 0, wxTOP, ctx_.theme.px(24));
    int n = 0;
    for (const auto& item : items) {
        const wxString prefix = numbered ? wxString::Format("%d. ", ++n) : wxString::FromUTF8("\u2022 ");
        sizer->Add(makeText(parent, prefix + item, FontRole::Body, width), 0, wxTOP, ctx_.theme.px(8));
    }
}

namespace {
std::vector<wxString> jsonList(const std::string& text, const std::vector<std::string>& keys) {
    std::vector<wxString> out;
    std::string unreadable;  // an attribute that is not a list shows nothing, as an empty one
    const auto json = readJson(text, JsonLimits{.maxDepth = 8}, unreadable);
    if (!json || !json->is_array()) return out;
    for (const auto& item : *json) {
        if (item.is_string()) {
            out.push_back(utf8(item.get<std::string>()));
            continue;
        }
        if (!item.is_object()) continue;
        wxString line;
        for (const auto& key : keys) {
            if (!item.contains(key) || !item[key].is_string() || item[key].get<std::string>().empty()) continue;
            if (!line.empty()) line += wxString::FromUTF8(" \u2014 ");
            line += utf8(item[key].get<std::string>());
        }
        if (!line.empty()) out.push_back(line);
    }
    return out;
}
// The source as a resident reads it: its name, without the web addresses that the log, kioskctl
// and resources/data/SOURCES.md give staff. An address is one unbreakable word that would widen
// the page past the screen (and means nothing read aloud).
std::string sourceWithoutAddresses(const std::string& source) {
    std::string out;
    std::size_t at = 0;
    while (at < source.size()) {
        const std::size_t http = source.find("http", at);
        if (http == std::string::npos) {
            out += source.substr(at);
            break;
        }
        const bool isAddress = source.compare(http, 7, "http://") == 0 || source.compare(http, 8, "https://") == 0;
        const bool startsWord = http == 0 || source[http - 1] == ' ' || source[http - 1] == '(';
        if (!isAddress || !startsWord) {
            out += source.substr(at, http + 4 - at);
            at = http + 4;
            continue;
        }
        out += source.substr(at, http - at);
        at = source.find(' ', http);
        if (at == std::string::npos) at = source.size();
    }
    // What stood before a removed address at the end: "Name: " or "Name, ".
    while (!out.empty() && (out.back() == ' ' || out.back() == ':' || out.back() == ',')) out.pop_back();
    return out;
}
}  // namespace

void EntryDetailScreen::show(const DirectoryEntry& entry) {
    const auto& theme = ctx_.theme;
    Freeze();
    DestroyChildren();
    loading_ = nullptr;
    auto* column = new wxBoxSizer(wxVERTICAL);
    const auto& info = FeatureCatalog::get(group_);
    column->Add(makeTitleRow(utf8(entry.name), info.icon), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    auto* body = makeBody();
    const int width = bodyWidth();
    const bool sideBySide = !theme.portrait();
    const int qrSide = theme.px(300);
    const int fieldsWidth = sideBySide ? width - qrSide - theme.px(40) : width;

    auto* fields = new wxBoxSizer(wxVERTICAL);
    if (entry.sample) {
        fields->Add(makeText(body, _("SAMPLE DATA: this entry is an example, not a real record."), FontRole::Heading,
                             fieldsWidth, Theme::bad()),
                    0, wxBOTTOM, theme.px(12));
    }
    addField(body, fields, _("Type"), kindLabel(entry.kind), fieldsWidth);
    // Procedures carry the handling agency where places carry their address.
    addField(body, fields, entry.kind == kinds::kProcedure ? _("Handled by") : _("Address"), utf8(entry.address),
             fieldsWidth);
    addField(body, fields, _("Area before July 2025"), utf8(entry.oldWard), fieldsWidth);
    addField(body, fields, _("Phone"), utf8(entry.phone), fieldsWidth);
    addField(body, fields, _("Website"), utf8(entry.website), fieldsWidth);
    addField(body, fields, _("Opening hours"), utf8(entry.openingHours), fieldsWidth);
    // Attributes in the order a resident needs them; any other key after, alphabetically.
    static const std::vector<std::string> order{
        "code", "field", "level", "ownership", "facility_type", "category", "processing_time", "fees",
        "where_to_submit", "applicants", "conditions", "result", "license_no", "license_issuer", "new_name"};
    std::vector<std::pair<std::string, std::string>> attributes(entry.attributes.begin(), entry.attributes.end());
    auto rank = [](const std::string& key) {
        return std::find(order.begin(), order.end(), key) - order.begin();
    };
    std::stable_sort(attributes.begin(), attributes.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    for (const auto& [key, value] : attributes) {
        if (key.ends_with("_json")) continue;
        wxString shown = utf8(value);
        if (key == "level" || key == "facility_type" || key == "ownership" || key == "category") {
            shown = filterValuesLabel(key, value, ", ");
        }
        addField(body, fields, attributeLabel(entry.kind, key), shown, fieldsWidth);
    }
    addList(body, fields, _("Steps"), jsonList(entry.attribute("steps_json"), {}), fieldsWidth, true);
    addList(body, fields, _("Documents to bring"), jsonList(entry.attribute("documents_json"), {"name", "quantity"}),
            fieldsWidth, false);
    addList(body, fields, _("How to submit, time and fees"),
            jsonList(entry.attribute("channels_json"), {"channel", "time", "fee", "description"}), fieldsWidth, false);
    addList(body, fields, _("Legal basis"), jsonList(entry.attribute("legal_basis_json"), {"code", "title"}),
            fieldsWidth, false);
    fields->Add(makeText(body, wxString::Format(_("Data updated %s. Source: %s"), displayDate(entry.updatedAt),
                                                utf8(sourceWithoutAddresses(entry.source))),
                         FontRole::Small, fieldsWidth, Theme::mutedText()),
                0, wxTOP, theme.px(24));

    auto* qrColumn = new wxBoxSizer(wxVERTICAL);
    const std::string shareText = entryShareText(entry.name, entry.address, entry.phone, entry.latitude.value_or(0),
                                                 entry.longitude.value_or(0), entry.latitude && entry.longitude);
    try {
        const auto code = QrCode::encode(shareText);
        qrColumn->Add(makeText(body, _("Scan to keep this on your phone"), FontRole::Heading, qrSide), 0, wxBOTTOM,
                      theme.px(12));
        qrColumn->Add(new QrWidget(body, code, qrSide, "entry-qr"), 0, wxBOTTOM, theme.px(12));
        qrColumn->Add(makeText(body, utf8(shareText), FontRole::Small, qrSide, Theme::mutedText()), 0);
    } catch (const std::exception& error) {
        log::get("ui")->warn("no QR code for entry {}: {}", entry.id, error.what());
    }

    auto* content = new wxBoxSizer(sideBySide ? wxHORIZONTAL : wxVERTICAL);
    content->Add(fields, 0, sideBySide ? wxRIGHT : wxBOTTOM, theme.px(40));
    content->Add(qrColumn, 0);
    fillBody(body, content);
    column->Add(body, 1, wxEXPAND | wxTOP, theme.px(8));
    SetSizer(column, true);
    Layout();
    Thaw();
}

}  // namespace kiosk::ui
