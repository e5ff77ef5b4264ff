#include "screens/DirectoryScreen.h"

#include <wx/intl.h>

#include <algorithm>

#include "DirectoryLabels.h"
#include "directory/ResidentText.h"
#include "Translations.h"
#include "directory/OldWardMatch.h"
#include "directory/ProcedureScope.h"
#include "domain/FeatureCatalog.h"
#include "screens/GroupInfoScreen.h"
#include "widgets/ResultRow.h"
#include "log/Log.h"
#include "widgets/TextField.h"
#include "widgets/TextWrap.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

DirectoryScreen::DirectoryScreen(wxWindow* parent, const ScreenContext& context, GroupId group, IntroFactory intro)
    : Screen(parent, context, "group:" + std::string(toString(group))), group_(group),
      channel_(DirectoryService::newChannel()) {
    const auto& theme = ctx_.theme;
    const auto& info = FeatureCatalog::get(group);
    filterKey_ = DirectoryService::filterKeyFor(group);
    filterIsKind_ = filterKey_.empty();  // groups without an attribute filter filter by kind
    // Dịch vụ công opens on the ward's common procedures; the whole catalogue is one chip away.
    if (group == GroupId::PublicServices) filterValue_ = std::string(kCommonScope);

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon, makePinButton(this, ctx_, group)), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    auto* searchRow = new wxBoxSizer(wxHORIZONTAL);
    hint_ = _("Type a name or an address; accents are optional");
    compactHint_ = wxString::Format(_("%s: type a name or an address"), tr(info.name));
    search_ = makeTextField(this, theme, FieldKind::Text, _("Search"), "search-box", hint_);
    auto* clear = new TouchButton(this, theme, _("Clear"), {}, TouchButton::Style::Secondary, "search-clear");
    clear->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        search_->ChangeValue(wxEmptyString);
        runSearch(false);
    });
    // A hint cut with "…" is no hint (portrait, larger text): the short form when the long
    // one does not fit the field beside its button.
    const int fieldWidth = ctx_.area.x - 2 * margin() - clear->GetMinSize().x - theme.gap() - theme.px(40);
    if (textExtentIn(*search_, hint_).x > fieldWidth) {
        hint_ = _("Type a name or an address");
        search_->SetHint(hint_);
    }
    filterToggle_ = new TouchButton(this, theme, _("Filter"), {}, TouchButton::Style::Toggle, "filter-toggle");
    filterToggle_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        chipsOpen_ = !chipsOpen_;
        filterToggle_->setChecked(chipsOpen_);
        GetSizer()->Show(std::size_t{2}, chipsOpen_);
        Layout();
    });
    filterToggle_->Hide();
    searchRow->Add(search_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.gap());
    searchRow->Add(filterToggle_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.gap());
    searchRow->Add(clear, 0, wxALIGN_CENTER_VERTICAL);
    column->Add(searchRow, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());

    filters_ = new wxWrapSizer(wxHORIZONTAL);
    column->Add(filters_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, std::max(margin() / 2, theme.gap()));

    // What was found and how recent the data is scroll with the results: when the on-screen
    // keyboard takes the bottom of the screen, the fixed part above stays small.
    results_ = makeBody();
    results_->SetName("directory-results");
    const int width = bodyWidth();
    status_ = makeText(results_, _("Searching..."), FontRole::Body, width, Theme::mutedText());
    status_->SetName("directory-status");
    info_ = makeText(results_, wxEmptyString, FontRole::Small, width, Theme::mutedText());
    info_->SetName("directory-info");
    resultList_ = new wxBoxSizer(wxVERTICAL);
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(status_, 0, wxLEFT | wxRIGHT | wxTOP, margin());
    outer->Add(info_, 0, wxLEFT | wxRIGHT, margin());
    if (intro) {
        intro_ = intro(results_, bodyWidth());
        outer->Add(intro_, 0, wxLEFT | wxRIGHT | wxTOP, margin());
    }
    outer->Add(resultList_, 0, wxLEFT | wxRIGHT | wxTOP, margin());
    more_ = new TouchButton(results_, theme, _("Show more results"), {}, TouchButton::Style::Secondary,
                            "directory-more");
    more_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { runSearch(true); });
    more_->Hide();
    outer->Add(more_, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, margin());
    results_->SetSizer(outer);
    addBody(column, results_);
    SetSizer(column);
    Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        compactFor(event.GetSize().y);
    });

    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { runSearch(false); });
    ctx_.kiosk.directory().facets(
        group_, ctx_.kiosk.config.kiosk.wardCode, ctx_.dispatcher.bind<DirectoryFacets>(this, [this](DirectoryFacets facets) { showFacets(facets); }));
    runSearch(false);
}

void DirectoryScreen::showFacets(const DirectoryFacets& facets) {
    auto values = filterIsKind_ ? facets.kinds : facets.filterValues;
    if (group_ == GroupId::PublicServices && filterValue_ == kCommonScope &&
        std::find(values.begin(), values.end(), std::string(kCommonScope)) == values.end()) {
        // The catalogue marks no common procedure (a city dataset without "scope"): the whole
        // catalogue, rather than an empty page.
        filterValue_.clear();
        runSearch(false);
    }
    // School levels in the order of schooling, not of the alphabet.
    static const std::vector<std::string> order{"mam_non", "tieu_hoc", "thcs", "thpt", "gdtx", "nghe", "cao_dang",
                                                "dai_hoc", "benh_vien", "trung_tam_y_te", "tram_y_te", "phong_kham",
                                                "nha_khoa", "y_hoc_co_truyen", "place", "event", "other", "common",
                                                "ho_tich", "cu_tru", "chung_thuc", "can_cuoc", "dat_dai", "xay_dung",
                                                "nuoi_con_nuoi", "giam_ngheo"};
    auto rank = [](const std::string& v) {
        return std::find(order.begin(), order.end(), v) - order.begin();
    };
    std::stable_sort(values.begin(), values.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    // A row of buttons only helps while it fits in a glance.
    if (values.size() >= 2 && values.size() <= 10) {
        auto addChip = [this](const std::string& value, const wxString& label) {
            auto* chip = new TouchButton(this, ctx_.theme, label, {}, TouchButton::Style::Toggle,
                                         "filter-" + wxString::FromUTF8(value.empty() ? "all" : value));
            chip->setChecked(value == filterValue_);
            chip->Bind(wxEVT_BUTTON, [this, value](wxCommandEvent&) { selectFilter(value); });
            filters_->Add(chip, 0, wxRIGHT | wxBOTTOM, ctx_.theme.gap());
        };
        // The procedures: the common ones first, by field, then the whole catalogue A–Z.
        const bool catalogue = group_ == GroupId::PublicServices;
        if (!catalogue) addChip({}, _("All"));
        for (const auto& value : values)
            addChip(value, filterIsKind_ ? kindLabel(value) : filterValueLabel(filterKey_, value));
        if (catalogue) addChip({}, _("Whole catalogue (A to Z)"));
    }
    if (facets.inWard > 0) {
        // "Near me" for a resident is the ward they are standing in: the kiosk's own.
        const auto ward = ctx_.kiosk.wards.find(ctx_.kiosk.config.kiosk.wardCode);
        const bool english = ctx_.session.language() == Language::English;
        const wxString name = ward ? utf8(english ? ward->fullNameEn : ward->fullName) : wxString();
        auto* chip = new TouchButton(this, ctx_.theme, wxString::Format(_("Only in %s"), name), "group-map",
                                     TouchButton::Style::Toggle, "filter-ward");
        chip->Bind(wxEVT_BUTTON, [this, chip](wxCommandEvent&) {
            onlyThisWard_ = !onlyThisWard_;
            chip->setChecked(onlyThisWard_);
            runSearch(false);
        });
        filters_->Add(chip, 0, wxRIGHT | wxBOTTOM, ctx_.theme.gap());
    }
    wxString text;
    if (!facets.updatedAt.empty()) text = wxString::Format(_("Data updated %s."), displayDate(facets.updatedAt));
    if (facets.hasSample)
        text += " " + _("SAMPLE DATA: these entries are examples, not real records.");
    if (facets.hasSample) {
        // A resident must not take a made-up record for a real one: say it in body size, in red.
        info_->SetFont(ctx_.theme.font(FontRole::Body));
        info_->SetForegroundColour(Theme::bad());
    }
    info_->SetLabel(text);
    info_->Wrap(bodyWidth());
    results_->FitInside();
    Layout();
    compactFor(GetClientSize().y);
}

void DirectoryScreen::selectFilter(const std::string& value) {
    filterValue_ = value;
    for (auto* item : filters_->GetChildren()) {
        if (auto* chip = dynamic_cast<TouchButton*>(item->GetWindow()))
            chip->setChecked(chip->GetName() == "filter-" + wxString::FromUTF8(value.empty() ? "all" : value));
    }
    runSearch(false);
}

void DirectoryScreen::runSearch(bool nextPage) {
    offset_ = nextPage ? offset_ + 20 : 0;
    DirectoryQuery query;
    query.text = search_->GetValue().utf8_string();
    query.group = group_;
    if (onlyThisWard_) query.wardCode = ctx_.kiosk.config.kiosk.wardCode;
    if (filterIsKind_) query.kind = filterValue_;
    else if (!filterValue_.empty()) {
        query.filterKey = filterKey_;
        query.filterValue = filterValue_;
    }
    query.offset = offset_;
    query.limit = 20;
    const auto generation = ++generation_;
    if (!nextPage) status_->SetLabel(_("Searching..."));
    ctx_.kiosk.directory().search(
        channel_, query,
        ctx_.dispatcher.bind<DirectoryPage, std::string>(
            this, [this, generation, nextPage](DirectoryPage page, std::string error) {
                if (generation != generation_) return;  // the resident has typed on since
                showPage(page, error, nextPage);
            }));
}

wxString DirectoryScreen::factsLine(const DirectoryEntry& entry) const {
    wxString facts;
    auto add = [&facts](const wxString& part) {
        if (part.empty()) return;
        if (!facts.empty()) facts += wxString::FromUTF8("  \u00b7  ");
        facts += part;
    };
    if (group_ == GroupId::PublicServices) {
        add(utf8(entry.attribute("field")));  // the catalogue's field, not the filter's codes
    } else if (!filterKey_.empty()) {
        add(filterValuesLabel(filterKey_, entry.attribute(filterKey_), wxString::FromUTF8("  \u00b7  ")));
    } else {
        add(kindLabel(entry.kind));
    }
    if (!entry.phone.empty()) add(utf8(entry.phone));
    // The resident's words only (no license numbers or other codes): see directory/ResidentText.h.
    if (!entry.attribute("start_date").empty()) add(utf8(resident::attributeValue(entry, "start_date")));
    if (!entry.attribute("processing_time").empty()) add(utf8(resident::attributeValue(entry, "processing_time")));
    if (entry.sample) add(_("sample data"));
    return facts;
}

void DirectoryScreen::showPage(const DirectoryPage& page, const std::string& error, bool append) {
    results_->Freeze();
    if (!append) {
        resultList_->Clear(true);
        results_->Scroll(0, 0);
    }
    const int width = bodyWidth();
    for (const auto& entry : page.entries) {
        const auto id = entry.id;
        const auto group = group_;
        // A ward found by an old ward's name says why first: "Phường Bến Nghé (cũ) nay thuộc …".
        wxString address = utf8(resident::address(entry));
        if (const auto old = oldWardMatch(entry, search_->GetValue().utf8_string())) {
            const wxString note =
                wxString::Format(old->partial ? _("Part of %s (former) is now in %s") : _("%s (former) is now part of %s"),
                                 utf8(old->oldWard), utf8(old->newWard));
            address = address.empty() ? note : note + ". " + address;
        }
        auto* row = new ResultRow(results_, ctx_.theme, utf8(resident::name(entry)), address, factsLine(entry), width,
                                  [this, group, id] { ctx_.navigator.openEntry(group, id); });
        resultList_->Add(row, 0, wxBOTTOM, ctx_.theme.gap());
    }
    more_->Show(page.more);
    // The intro belongs to the screen as it opens: nothing typed, the first filter.
    const bool opening = filterValue_.empty() || (group_ == GroupId::PublicServices && filterValue_ == kCommonScope);
    if (intro_) intro_->Show(search_->GetValue().empty() && opening && !onlyThisWard_);
    const wxString typed = search_->GetValue();
    if (!error.empty())
        status_->SetLabel(_("The directory cannot be searched right now. Please ask the staff at the reception desk."));
    else if (page.entries.empty() && !append && typed.empty() && group_ == GroupId::Construction)
        // Nothing is invented to fill the page: the city's own lists, once it provides them.
        status_->SetLabel(_("The city's lists of housing projects and of real estate broker certificates are not "
                            "available on this kiosk yet. They appear here once the city provides them."));
    else if (page.entries.empty() && !append)
        status_->SetLabel(typed.empty() ? _("No entries.")
                                        : wxString::Format(_("Nothing found for \"%s\". Try fewer words."), typed));
    else if (!append && typed.empty() && group_ == GroupId::PublicServices && filterValue_ == kCommonScope)
        status_->SetLabel(_("The ward's common procedures, by name. Touch one to see the details."));
    else if (!append)
        status_->SetLabel(typed.empty() ? _("All entries, by name. Touch one to see the details.")
                                        : wxString::Format(_("Results for \"%s\". Touch one to see the details."), typed));
    status_->Wrap(bodyWidth());
    results_->FitInside();
    results_->Layout();
    results_->Thaw();
    Layout();
    compactFor(GetClientSize().y);
}

void DirectoryScreen::compactFor(int height) {
    auto* column = GetSizer();
    if (!column || column->GetItemCount() < 4 || height <= 0) return;
    // Title, search row and chips as they would be shown (hidden ones measured all the same).
    int fixed = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        auto* item = column->GetItem(i);
        fixed += item->CalcMin().y + 2 * item->GetBorder();
    }
    // The list's own room: what was found, the data's date, and two results (a row as the
    // first one is drawn, or as a name, an address and a facts line would be). Normal text on
    // a full screen keeps its title and chips; larger text or the keyboard make room.
    int row = ctx_.theme.textPx(170);
    if (resultList_->GetItemCount() > 0)
        if (auto* first = resultList_->GetItem(std::size_t{0})->GetWindow()) row = first->GetBestSize().y;
    const int need = status_->GetBestSize().y + info_->GetBestSize().y + margin() + 2 * (row + ctx_.theme.gap());
    const bool squeezed = ctx_.theme.textSize() != TextSize::Normal || height < ctx_.area.y * 9 / 10;
    const bool compact = squeezed && height - fixed < need;
    log::get("ui")->debug("directory: {} px high, {} fixed, the list needs {} (row {}): {}", height, fixed, need, row,
                          compact ? "compact" : "full");
    const bool chips = filters_->GetItemCount() > 0;
    filterToggle_->Show(compact && chips);
    if (compact != compact_) {
        compact_ = compact;
        chipsOpen_ = false;
        filterToggle_->setChecked(false);
        search_->SetHint(compact ? compactHint_ : hint_);
    }
    // Every time: chips arrive after the first layout, and new ones are shown by default.
    column->Show(std::size_t{0}, !compact);                // the title row
    column->Show(std::size_t{2}, !compact || chipsOpen_);  // the filter chips
    CallAfter([this] { Layout(); });
}

}  // namespace kiosk::ui
