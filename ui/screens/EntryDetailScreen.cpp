#include "screens/EntryDetailScreen.h"

#include <wx/intl.h>

#include <algorithm>

#include "DirectoryLabels.h"
#include "Translations.h"
#include "directory/DirectoryService.h"
#include "directory/ResidentText.h"
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
std::vector<wxString> wxLines(const std::vector<std::string>& lines) {
    std::vector<wxString> out;
    for (const auto& line : lines) out.push_back(utf8(line));
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
    column->Add(makeTitleRow(utf8(resident::name(entry)), info.icon), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

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
    // Only the resident's words (resident::…): no codes, ids, portal addresses, legal citations or
    // ISO dates; provenance stays with staff (kioskctl, the log, resources/data/SOURCES.md).
    if (resident::showsKind(entry)) addField(body, fields, _("Type"), kindLabel(entry.kind), fieldsWidth);
    // Procedures carry the handling agency where places carry their address.
    addField(body, fields, entry.kind == kinds::kProcedure ? _("Handled by") : _("Address"),
             utf8(resident::address(entry)), fieldsWidth);
    addField(body, fields, _("Area before July 2025"), utf8(resident::plainText(entry.oldWard)), fieldsWidth);
    addField(body, fields, _("Phone"), utf8(entry.phone), fieldsWidth);
    addField(body, fields, _("Website"), utf8(resident::website(entry)), fieldsWidth);
    addField(body, fields, _("Opening hours"), utf8(resident::plainText(entry.openingHours)), fieldsWidth);
    // Attributes in the order a resident needs them; any other key after, alphabetically.
    static const std::vector<std::string> order{
        "field", "level", "ownership", "facility_type", "category", "processing_time", "fees",
        "where_to_submit", "applicants", "conditions", "result", "license_issuer", "new_name"};
    std::vector<std::pair<std::string, std::string>> attributes(entry.attributes.begin(), entry.attributes.end());
    auto rank = [](const std::string& key) {
        return std::find(order.begin(), order.end(), key) - order.begin();
    };
    std::stable_sort(attributes.begin(), attributes.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    for (const auto& [key, value] : attributes) {
        if (!resident::attributeShown(entry, key)) continue;
        wxString shown = utf8(resident::attributeValue(entry, key));
        if (key == "level" || key == "facility_type" || key == "ownership" || key == "category") {
            shown = filterValuesLabel(key, value, ", ");
        }
        addField(body, fields, attributeLabel(entry.kind, key), shown, fieldsWidth);
    }
    addList(body, fields, _("Steps"), wxLines(resident::listItems(entry, "steps_json")), fieldsWidth, true);
    addList(body, fields, _("Documents to bring"), wxLines(resident::listItems(entry, "documents_json")), fieldsWidth,
            false);
    addList(body, fields, _("How to submit, time and fees"), wxLines(resident::listItems(entry, "channels_json")),
            fieldsWidth, false);
    // "Nguồn: Sở Y tế TP.HCM, dữ liệu ngày 10/07/2024": the publisher in plain words and the date.
    const auto source = resident::sourceLine(entry);
    wxString sourceText;
    if (!source.publisher.empty() && !source.date.empty())
        sourceText = wxString::Format(_("Source: %s, data of %s"), utf8(source.publisher), utf8(source.date));
    else if (!source.publisher.empty())
        sourceText = wxString::Format(_("Source: %s"), utf8(source.publisher));
    else if (!source.date.empty())
        sourceText = wxString::Format(_("Data of %s"), utf8(source.date));
    if (!sourceText.empty())
        fields->Add(makeText(body, sourceText, FontRole::Small, fieldsWidth, Theme::mutedText()), 0, wxTOP,
                    theme.px(24));

    auto* qrColumn = new wxBoxSizer(wxVERTICAL);
    const std::string shareText = entryShareText(entry.name, entry.address, entry.phone, entry.latitude.value_or(0),
                                                 entry.longitude.value_or(0), entry.latitude && entry.longitude);
    try {
        const auto code = QrCode::encode(shareText);
        qrColumn->Add(makeText(body, _("Scan to keep this on your phone"), FontRole::Heading, qrSide), 0, wxBOTTOM,
                      theme.px(12));
        qrColumn->Add(new QrWidget(body, code, qrSide, "entry-qr"), 0, wxBOTTOM, theme.px(12));
        // What the code holds, in words: the map when it has one (its address is for the phone).
        if (entry.latitude && entry.longitude)
            qrColumn->Add(makeText(body, _("Scan to see the map"), FontRole::Small, qrSide, Theme::mutedText()), 0);
    } catch (const std::exception& error) {
        log::get("ui")->warn("no QR code for entry {}: {}", entry.id, error.what());
    }

    auto* content = new wxBoxSizer(sideBySide ? wxHORIZONTAL : wxVERTICAL);
    content->Add(fields, 0, sideBySide ? wxRIGHT : wxBOTTOM, theme.px(40));
    content->Add(qrColumn, 0);
    fillBody(body, content);
    addBody(column, body);
    SetSizer(column, true);
    Layout();
    Thaw();
}

}  // namespace kiosk::ui
