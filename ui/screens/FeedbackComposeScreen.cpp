#include "screens/FeedbackComposeScreen.h"

#include <wx/intl.h>
#include <wx/wrapsizer.h>

#include <algorithm>
#include <ctime>

#include "Accessibility.h"
#include "Translations.h"
#include "core/IsoTime.h"
#include "directory/TextFold.h"
#include "domain/FeatureCatalog.h"
#include "feedback/ComposeRules.h"
#include "log/Log.h"
#include "screens/FeedbackText.h"
#include "widgets/ResultRow.h"
#include "widgets/TextField.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {
namespace {

using open311::Datatype;
using open311::FieldError;

const char* const kStepNames[FeedbackComposeScreen::kSteps] = {
    N_("Kind of problem"), N_("What happened"), N_("Where"), N_("How to reach you"), N_("Check and send")};

bool isContactField(const std::string& field) {
    return field == "first_name" || field == "last_name" || field == "phone" || field == "email";
}

bool isLocationField(const std::string& field) {
    return field == "address_string" || field == "address_id" || field == "lat" || field == "long";
}

std::string trimmed(const wxString& text) {
    wxString copy = text;
    copy.Trim(true).Trim(false);
    return copy.utf8_string();
}

// The names of the chosen keys of a list answer, for the summary.
wxString answerText(const open311::ServiceAttribute& attribute, const open311::AttributeAnswer& answer) {
    wxString text;
    for (const auto& value : answer.values) {
        wxString shown = utf8(value);
        for (const auto& choice : attribute.values)
            if (choice.key == value) shown = utf8(choice.name);
        if (attribute.datatype == Datatype::Datetime) shown = utf8(open311::typedFromCityDateTime(value));
        text += (text.empty() ? "" : ", ") + shown;
    }
    return text;
}

}  // namespace

FeedbackComposeScreen::FeedbackComposeScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "feedback:compose") {
    const auto& theme = ctx_.theme;
    auto& c = compose();
    wxString title = _("Send a report to the city");
    if (c.amendId) title = _("Correct your report");
    else if (c.reopenId) title = wxString::Format(_("Report again: %s"), utf8(c.reopenCode));
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(title, "group-feedback"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    stepLabel_ = makeText(this, wxEmptyString, FontRole::Heading, ctx_.area.x - 2 * margin(), Theme::emphasis());
    stepLabel_->SetName("compose-step");
    column->Add(stepLabel_, 0, wxLEFT | wxRIGHT | wxTOP, margin());
    body_ = makeBody();
    addBody(column, body_);

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    back_ = new TouchButton(this, theme, _("Previous step"), {}, TouchButton::Style::Secondary, "compose-previous");
    back_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { previous(); });
    next_ = new TouchButton(this, theme, _("Send report"), {}, TouchButton::Style::Primary, "compose-next");
    const wxSize widest = next_->GetBestSize();
    next_->setLabel(_("Next"), {});
    next_->SetMinSize(wxSize(std::max(widest.x, next_->GetBestSize().x), widest.y));
    next_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { next(); });
    const int statusWidth = ctx_.area.x - 2 * margin() - back_->GetBestSize().x - next_->GetMinSize().x - 2 * theme.px(24);
    statusWidth_ = std::max(theme.px(200), statusWidth);
    status_ = makeText(this, wxEmptyString, FontRole::Body, statusWidth_);
    status_->SetName("compose-status");
    bottom->Add(back_, 0, wxALIGN_CENTER_VERTICAL);
    bottom->Add(status_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, theme.px(24));
    bottom->Add(next_, 0, wxALIGN_CENTER_VERTICAL);
    column->Add(bottom, 0, wxEXPAND | wxALL, margin());
    SetSizer(column);
    showStep();
}

FeedbackCompose& FeedbackComposeScreen::compose() {
    // Reached through Back after the report was sent, or after an idle wipe: a fresh form.
    if (!ctx_.session.compose()) ctx_.session.startCompose();
    return *ctx_.session.compose();
}

int FeedbackComposeScreen::stepOf(const std::string& field) {
    if (field == "service_code") return 0;
    if (isLocationField(field)) return 2;
    if (isContactField(field)) return 3;
    if (field.empty()) return 4;
    return 1;  // the description or one of the service's questions
}

void FeedbackComposeScreen::showStep() {
    auto& c = compose();
    c.step = std::clamp(c.step, 0, kSteps - 1);
    if (c.step > 0 && c.draft.serviceCode.empty()) c.step = 0;
    const auto& theme = ctx_.theme;
    Freeze();
    body_->DestroyChildren();
    fieldWindows_.clear();
    serviceList_ = nullptr;
    // TRANSLATORS: "Step 2 of 5: What happened".
    stepLabel_->SetLabel(wxString::Format(_("Step %d of %d: %s"), c.step + 1, kSteps, wxGetTranslation(kStepNames[c.step])));
    status_->SetLabel(wxEmptyString);
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = std::min(bodyWidth(), theme.px(1400));
    switch (c.step) {
        case 0: buildCategories(body_, content, width); break;
        case 1: buildDetails(body_, content, width); break;
        case 2: buildLocation(body_, content, width); break;
        case 3: buildContact(body_, content, width); break;
        default: buildConfirm(body_, content, width); break;
    }
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(content, 0, wxLEFT | wxRIGHT | wxBOTTOM, margin());
    body_->SetSizer(outer, true);
    body_->FitInside();
    body_->Scroll(0, 0);
    back_->Enable(c.step > 0 && !busy_);
    next_->setLabel(c.step == kSteps - 1 ? _("Send report") : _("Next"), {});
    next_->Enable(!busy_ && (c.step != kSteps - 1 || c.consent) && (c.step != 0 || c.definition.has_value()));
    if (c.step == kSteps - 1 && !c.consent) showConsentHint();
    Layout();
    Thaw();
    // An error the city gave for a field of this step: show where it is.
    for (const auto& error : c.errors) {
        if (stepOf(error.field) != c.step) continue;
        if (auto it = fieldWindows_.find(error.field); it != fieldWindows_.end()) {
            int x = 0, y = 0;
            body_->CalcUnscrolledPosition(0, it->second->GetPosition().y, &x, &y);
            int rateX = 0, rateY = 1;
            body_->GetScrollPixelsPerUnit(&rateX, &rateY);
            body_->Scroll(0, std::max(0, y - theme.px(120)) / std::max(1, rateY));
        }
        break;
    }
}

void FeedbackComposeScreen::addLabel(wxWindow* body, wxSizer* content, const wxString& text, bool required, int width) {
    const wxString shown = required ? wxString::Format(_("%s (required)"), text) : text;
    content->Add(makeText(body, shown, FontRole::Heading, width), 0, wxTOP, ctx_.theme.px(24));
}

void FeedbackComposeScreen::addError(wxWindow* body, wxSizer* content, const std::string& field, int width) {
    for (const auto& error : compose().errors) {
        if (error.field != field) continue;
        auto* text = makeText(body, fieldErrorText(error), FontRole::Body, width, Theme::bad());
        text->SetName(wxString::FromUTF8("error-" + (field.empty() ? std::string("general") : field)));
        content->Add(text, 0, wxTOP, ctx_.theme.px(6));
    }
}

wxTextCtrl* FeedbackComposeScreen::addField(wxWindow* body, wxSizer* content, FieldKind kind, const wxString& label,
                                            const std::string& name, const std::string& value, int width, int lines,
                                            const wxString& hint, std::size_t maxLength) {
    auto* field = makeTextField(body, ctx_.theme, kind, label, wxString::FromUTF8(name), hint, lines, maxLength);
    field->ChangeValue(utf8(value));
    field->SetMinSize(wxSize(std::min(width, ctx_.theme.px(1100)), field->GetMinSize().y));
    content->Add(field, 0, wxTOP, ctx_.theme.px(8));
    return field;
}

bool FeedbackComposeScreen::refuse(const std::vector<FieldError>& errors) {
    auto& c = compose();
    // Errors of other steps (the city's, from an amend) stay; this step's are replaced.
    std::erase_if(c.errors, [&](const FieldError& e) { return stepOf(e.field) == c.step; });
    c.errors.insert(c.errors.end(), errors.begin(), errors.end());
    if (errors.empty()) return false;
    showStep();
    setStatus(_("Please check what is marked in red."), Theme::bad());
    return true;
}

// --- Step 1: the kind of problem --------------------------------------------------------

void FeedbackComposeScreen::buildCategories(wxWindow* body, wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    content->Add(makeText(body, _("Choose what your report is about. Type a word to find it faster."), FontRole::Body, width),
                 0, wxTOP, theme.px(8));
    auto* search = addField(body, content, FieldKind::Text, _("Find a kind of problem"), "compose-service-search", {},
                            width, 1, _("e.g. rubbish, flooding, street light"));
    search->Bind(wxEVT_TEXT, [this, search](wxCommandEvent&) { listServices(search->GetValue()); });
    addError(body, content, "service_code", width);
    serviceList_ = new wxPanel(body, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "compose-services");
    serviceList_->SetBackgroundColour(Theme::background());
    serviceList_->SetSizer(new wxBoxSizer(wxVERTICAL));
    listWidth_ = width;
    content->Add(serviceList_, 0, wxEXPAND | wxTOP, theme.px(16));
    if (servicesLoaded_) {
        listServices({});
        return;
    }
    serviceList_->GetSizer()->Add(makeText(serviceList_, _("Loading the kinds of problem..."), FontRole::Body, width,
                                           Theme::mutedText()));
    auto onServices = ctx_.dispatcher.bind<FeedbackService::ServicesAnswer>(this, [this, search](FeedbackService::ServicesAnswer answer) {
        services_ = std::move(answer.services);
        servicesLoaded_ = true;
        servicesNote_.clear();
        if (!answer.error.empty()) log::get("feedback")->warn("services for the form: {}", answer.error);
        if (services_.empty()) servicesNote_ = "none";
        else if (answer.fromCache) servicesNote_ = "cache";
        if (serviceList_) listServices(search->GetValue());
    });
    ctx_.kiosk.feedback().services(onServices);
}

void FeedbackComposeScreen::listServices(const wxString& filter) {
    if (!serviceList_) return;
    const auto& theme = ctx_.theme;
    const int width = listWidth_;
    serviceList_->Freeze();
    serviceList_->DestroyChildren();
    auto* list = serviceList_->GetSizer();
    list->Clear();
    if (servicesNote_ == "none") {
        auto* text = makeText(serviceList_,
                              _("The list of problems cannot be loaded right now: the city's 1022 system cannot be "
                                "reached. Please try again in a few minutes, call the 1022 hotline, or ask the staff "
                                "at the reception desk."),
                              FontRole::Body, width, Theme::bad());
        text->SetName("compose-services-error");
        list->Add(text);
    } else if (servicesNote_ == "cache") {
        list->Add(makeText(serviceList_, _("No connection to the city right now: the list saved on this kiosk is shown."),
                           FontRole::Body, width, Theme::mutedText()),
                  0, wxBOTTOM, theme.px(12));
    }
    const std::string query = foldForSearch(filter.utf8_string());
    std::vector<std::string> groups;
    for (const auto& s : services_)
        if (std::find(groups.begin(), groups.end(), s.group) == groups.end()) groups.push_back(s.group);
    int shown = 0;
    const auto& chosen = compose().draft.serviceCode;
    for (const auto& group : groups) {
        bool headed = false;
        for (const auto& service : services_) {
            if (service.group != group) continue;
            if (!query.empty() &&
                foldForSearch(service.name + " " + service.keywords + " " + service.group + " " + service.description)
                        .find(query) == std::string::npos)
                continue;
            if (!headed && !group.empty()) {
                list->Add(makeText(serviceList_, utf8(group), FontRole::Heading, width, Theme::mutedText()), 0,
                          wxTOP | wxBOTTOM, theme.px(10));
                headed = true;
            }
            wxString facts = service.code == chosen ? _("Chosen") : wxString();
            auto* row = new ResultRow(serviceList_, theme, utf8(service.name), utf8(service.description), facts, width,
                                      [this, service] { chooseService(service); });
            row->SetName(wxString::FromUTF8("service-" + service.code));
            list->Add(row, 0, wxBOTTOM, theme.gap());
            ++shown;
        }
    }
    if (shown == 0 && !services_.empty())
        list->Add(makeText(serviceList_, _("Nothing matches. Try another word, or choose \"Other\" from the full list."),
                           FontRole::Body, width));
    serviceList_->Layout();
    serviceList_->Thaw();
    body_->FitInside();
    body_->Layout();
}

void FeedbackComposeScreen::chooseService(const open311::Service& service) {
    if (busy_) return;
    auto& c = compose();
    if (c.draft.serviceCode != service.code) {
        c.draft.attributes.clear();
        c.definition.reset();
    }
    c.draft.serviceCode = service.code;
    c.draft.serviceName = service.name;
    std::erase_if(c.errors, [](const FieldError& e) { return e.field == "service_code"; });
    if (!service.metadata) c.definition = open311::ServiceDefinition{service.code, {}};
    if (c.definition) {
        c.step = 1;
        showStep();
        return;
    }
    loadDefinition();
}

void FeedbackComposeScreen::loadDefinition() {
    auto& c = compose();
    busy_ = true;
    next_->Enable(false);
    back_->Enable(false);
    setStatus(_("Loading the questions for this kind of problem..."), Theme::text());
    const std::string code = c.draft.serviceCode;
    auto onDefinition = ctx_.dispatcher.bind<DefinitionResult>(this, [this, code](DefinitionResult result) {
        busy_ = false;
        auto& current = compose();
        if (current.draft.serviceCode != code) return;
        if (result.definition) current.definition = std::move(*result.definition);
        else if (!result.requiresFields) current.definition = open311::ServiceDefinition{code, {}};
        if (!current.definition) {
            log::get("feedback")->warn("no definition for service {}: {}", code, result.error);
            current.step = 0;
            showStep();
            setStatus(_("The questions for this kind of problem cannot be loaded right now. Please try again, "
                                "or choose \"Other\"."), Theme::bad());
            return;
        }
        if (current.step == 0) current.step = 1;
        showStep();
    });
    ctx_.kiosk.feedback().definition(code, onDefinition);
}

// --- Step 2: what happened ----------------------------------------------------------------

void FeedbackComposeScreen::buildDetails(wxWindow* body, wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    auto& c = compose();
    content->Add(makeText(body, wxString::Format(_("Kind of problem: %s"), utf8(c.draft.serviceName)), FontRole::Body,
                          width, Theme::mutedText()),
                 0, wxTOP, theme.px(8));
    if (!c.definition) {
        CallAfter([this] { loadDefinition(); });
        return;
    }
    for (const auto& attribute : c.definition->attributes) {
        const wxString question = utf8(attribute.description.empty() ? attribute.code : attribute.description);
        if (!attribute.variable) {
            auto* note = makeText(body, question, FontRole::Body, width, Theme::emphasis());
            content->Add(note, 0, wxTOP, theme.px(20));
            continue;
        }
        addLabel(body, content, question, attribute.required, width);
        fieldWindows_[attribute.code] = content->GetChildren().back()->GetWindow();
        // The kiosk asks for a date and time in its own words (and sends the city's form).
        if (!attribute.datatypeDescription.empty() && attribute.datatype != Datatype::Datetime)
            content->Add(makeText(body, utf8(attribute.datatypeDescription), FontRole::Body, width, Theme::mutedText()));
        const auto* answer = open311::answerFor(c.draft, attribute.code);
        const std::string value = answer && !answer->values.empty() ? answer->values.front() : std::string();
        const std::string name = "attr-" + attribute.code;
        switch (attribute.datatype) {
            case Datatype::String:
            case Datatype::Number:
            case Datatype::Text: {
                const FieldKind kind = attribute.datatype == Datatype::Number ? FieldKind::Number : FieldKind::Text;
                auto* field = addField(body, content, kind, question, name, value, width,
                                       attribute.datatype == Datatype::Text ? 3 : 1);
                field->Bind(wxEVT_TEXT, [this, field, attribute](wxCommandEvent&) {
                    std::string typed = field->GetValue().utf8_string();
                    // A decimal comma, as written in Vietnam, is sent as the point Open311 expects.
                    if (attribute.datatype == Datatype::Number) std::replace(typed.begin(), typed.end(), ',', '.');
                    open311::setAnswer(compose().draft, attribute, {typed});
                });
                break;
            }
            case Datatype::Datetime: {
                auto* row = new wxBoxSizer(wxHORIZONTAL);
                auto* field = makeTextField(body, theme, FieldKind::Text, question, wxString::FromUTF8(name),
                                            _("day/month/year hour:minute"));
                field->ChangeValue(utf8(open311::typedFromCityDateTime(value)));
                field->SetMinSize(wxSize(std::min(width, theme.px(520)), field->GetMinSize().y));
                auto store = [this, field, attribute] {
                    const std::string typed = field->GetValue().utf8_string();
                    const auto iso = open311::cityDateTimeFromTyped(typed);
                    open311::setAnswer(compose().draft, attribute, {iso ? *iso : typed});
                };
                field->Bind(wxEVT_TEXT, [store](wxCommandEvent&) { store(); });
                auto* now = new TouchButton(body, theme, _("Now"), "clock", TouchButton::Style::Secondary,
                                            wxString::FromUTF8(name + "-now"));
                now->Bind(wxEVT_BUTTON, [field](wxCommandEvent&) {
                    // City time, as the answer is sent (+07:00) and every date is shown.
                    field->SetValue(formatWhen(formatIsoUtc(std::chrono::system_clock::now())));
                });
                row->Add(field, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
                row->Add(now, 0, wxALIGN_CENTER_VERTICAL);
                content->Add(row, 0, wxTOP, theme.px(8));
                break;
            }
            case Datatype::SingleValueList:
            case Datatype::MultiValueList: {
                auto* wrap = new wxWrapSizer(wxHORIZONTAL);
                std::vector<TouchButton*> buttons;
                for (const auto& choice : attribute.values) {
                    auto* button = new TouchButton(body, theme, utf8(choice.name), {}, TouchButton::Style::Toggle,
                                                   wxString::FromUTF8(name + "-" + choice.key));
                    button->setChecked(answer && std::find(answer->values.begin(), answer->values.end(), choice.key) !=
                                                     answer->values.end());
                    buttons.push_back(button);
                    wrap->Add(button, 0, wxRIGHT | wxBOTTOM, theme.px(12));
                }
                for (std::size_t i = 0; i < buttons.size(); ++i) {
                    buttons[i]->Bind(wxEVT_BUTTON, [this, buttons, i, attribute](wxCommandEvent&) {
                        const bool multiple = attribute.datatype == Datatype::MultiValueList;
                        std::vector<std::string> keys;
                        for (std::size_t j = 0; j < buttons.size(); ++j) {
                            const bool on = j == i ? !buttons[j]->checked() : (multiple && buttons[j]->checked());
                            buttons[j]->setChecked(on);
                            if (on) keys.push_back(attribute.values[j].key);
                        }
                        open311::setAnswer(compose().draft, attribute, keys);
                    });
                }
                content->Add(wrap, 0, wxTOP, theme.px(8));
                break;
            }
        }
        addError(body, content, attribute.code, width);
    }

    addLabel(body, content, _("Describe the problem"), true, width);
    fieldWindows_["description"] = content->GetChildren().back()->GetWindow();
    content->Add(makeText(body, _("What is wrong, since when, and anything that helps the ward find it."), FontRole::Body,
                          width, Theme::mutedText()));
    auto* description = addField(body, content, FieldKind::Text, _("Describe the problem"), "compose-description",
                                 c.draft.description, width, 5);
    auto* counter = makeText(body, wxEmptyString, FontRole::Body, width, Theme::mutedText());
    counter->SetName("compose-description-count");
    auto count = [description, counter] {
        const auto length = description->GetValue().length();
        // TRANSLATORS: characters typed of the most allowed, e.g. "120 of 4000 characters".
        counter->SetLabel(wxString::Format(_("%d of %d characters"), static_cast<int>(length),
                                           static_cast<int>(open311::kMaxDescriptionChars)));
        counter->SetForegroundColour(length > open311::kMaxDescriptionChars ? Theme::bad() : Theme::mutedText());
    };
    count();
    description->Bind(wxEVT_TEXT, [this, description, count](wxCommandEvent&) {
        compose().draft.description = description->GetValue().utf8_string();
        count();
    });
    content->Add(counter, 0, wxTOP, theme.px(4));
    addError(body, content, "description", width);
}

// --- Step 3: where -------------------------------------------------------------------------

void FeedbackComposeScreen::buildLocation(wxWindow* body, wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    auto& c = compose();
    content->Add(makeText(body, _("Ward"), FontRole::Heading, width), 0, wxTOP, theme.px(16));
    auto* ward = makeText(body, wxString::Format(_("%s, Ho Chi Minh City - the ward of this office"),
                                                 utf8(ctx_.kiosk.wardDisplayName())),
                          FontRole::Body, width);
    ward->SetName("compose-ward");
    content->Add(ward, 0, wxTOP, theme.px(6));
    addLabel(body, content, _("Address"), true, width);
    fieldWindows_["address_string"] = content->GetChildren().back()->GetWindow();
    content->Add(makeText(body, _("House number and street, or a place nearby everyone knows. If it is in another "
                                  "ward, write the ward too."),
                          FontRole::Body, width, Theme::mutedText()));
    auto* address = addField(body, content, FieldKind::Text, _("Address"), "compose-address", c.draft.address, width, 1,
                             _("e.g. 12 Le Loi, in front of the market"), open311::kMaxAddressChars);
    address->Bind(wxEVT_TEXT, [this, address](wxCommandEvent&) { compose().draft.address = address->GetValue().utf8_string(); });
    addError(body, content, "address_string", width);
}

// --- Step 4: how to reach you --------------------------------------------------------------

void FeedbackComposeScreen::buildContact(wxWindow* body, wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    auto& c = compose();
    const auto& identity = ctx_.session.identity();
    if (identity && c.filledFor != identity->subject) {
        // Logged in since the form was started: the name comes from VNeID (still editable).
        auto [first, last] = open311::splitFullName(identity->name);
        c.draft.firstName = first;
        c.draft.lastName = last;
        c.filledFor = identity->subject;
    }
    const bool anonymousAllowed = ctx_.kiosk.config.feedback.allowAnonymous;
    if (!anonymousAllowed) c.draft.anonymous = false;
    if (anonymousAllowed) {
        content->Add(makeText(body, _("The ward may need to call you about the problem. You can also send it without "
                                      "your name."),
                              FontRole::Body, width),
                     0, wxTOP, theme.px(8));
        auto* choice = new wxBoxSizer(theme.portrait() ? wxVERTICAL : wxHORIZONTAL);
        auto* named = new TouchButton(body, theme, _("With my name and phone"), {}, TouchButton::Style::Toggle,
                                      "compose-named");
        auto* anonymous = new TouchButton(body, theme, _("Send anonymously"), {}, TouchButton::Style::Toggle,
                                          "compose-anonymous");
        named->setChecked(!c.draft.anonymous);
        anonymous->setChecked(c.draft.anonymous);
        named->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            compose().draft.anonymous = false;
            CallAfter([this] { showStep(); });
        });
        anonymous->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            compose().draft.anonymous = true;
            CallAfter([this] { showStep(); });
        });
        choice->Add(named, 0, wxRIGHT | wxBOTTOM, theme.px(16));
        choice->Add(anonymous, 0, wxBOTTOM, theme.px(16));
        content->Add(choice, 0, wxTOP, theme.px(16));
    }
    if (c.draft.anonymous) {
        auto* note = makeText(body, _("Your name and phone number will not be sent. The ward cannot call you back: keep "
                                      "your tracking code to follow the report."),
                              FontRole::Body, width, Theme::emphasis());
        note->SetName("compose-anonymous-note");
        content->Add(note, 0, wxTOP, theme.px(8));
        return;
    }
    if (identity) {
        content->Add(makeText(body, _("Filled in from your VNeID account. You can change it."), FontRole::Body, width,
                              Theme::mutedText()),
                     0, wxTOP, theme.px(8));
    } else {
        // Typing is the way for everyone; VNeID fills the name in and lists the report under
        // "Phản ánh của tôi". The form waits in the session meanwhile.
        auto* vneid = new TouchButton(body, theme, _("Fill in with VNeID"), "group-vneid", TouchButton::Style::Secondary,
                                      "compose-vneid");
        vneid->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openGroup(GroupId::Vneid); });
        content->Add(vneid, 0, wxTOP, theme.px(8));
    }
    // A citizen ID card scanned in this session fills an empty name (or the one it filled).
    const auto* card = ctx_.session.scannedCard();
    auto [cardFirst, cardLast] = open311::splitFullName(card ? card->fullName : std::string());
    if (card && c.draft.firstName.empty() && c.draft.lastName.empty()) {
        c.draft.firstName = cardFirst;
        c.draft.lastName = cardLast;
    }
    const bool fromCard = card && c.draft.firstName == cardFirst && c.draft.lastName == cardLast;
    addLabel(body, content, _("Full name"), true, width);
    fieldWindows_["first_name"] = content->GetChildren().back()->GetWindow();
    auto* name = addField(body, content, FieldKind::Name, _("Full name"), "compose-name", open311::fullName(c.draft), width,
                          1, _("e.g. Nguyen Van An"), open311::kMaxNameChars);
    name->Bind(wxEVT_TEXT, [this, name](wxCommandEvent&) {
        auto [first, last] = open311::splitFullName(name->GetValue().utf8_string());
        compose().draft.firstName = first;
        compose().draft.lastName = last;
    });
    if (fromCard) {
        auto* note = makeText(body, _("Filled in from your ID card (CCCD). Please check it."), FontRole::Body, width,
                              Theme::emphasis());
        note->SetName("compose-cccd-note");
        content->Add(note, 0, wxTOP, theme.px(8));
        auto* number = makeText(body, wxString::Format(_("ID card number: %s"), utf8(scan::maskCitizenId(card->citizenId))),
                                FontRole::Body, width, Theme::mutedText());
        number->SetName("compose-cccd-id");
        content->Add(number, 0, wxTOP, theme.px(4));
    }
    addError(body, content, "first_name", width);
    addError(body, content, "last_name", width);
    addLabel(body, content, _("Phone number"), true, width);
    fieldWindows_["phone"] = content->GetChildren().back()->GetWindow();
    auto* phone = addField(body, content, FieldKind::Phone, _("Phone number"), "compose-phone", c.draft.phone, width, 1,
                           _("e.g. 0909 123 456"), open311::kMaxPhoneChars);
    phone->Bind(wxEVT_TEXT, [this, phone](wxCommandEvent&) { compose().draft.phone = phone->GetValue().utf8_string(); });
    addError(body, content, "phone", width);
    addError(body, content, "email", width);
}

bool FeedbackComposeScreen::fillFromCard(const scan::CccdCard& card) {
    auto& c = compose();
    if (c.step != 3 || busy_) return false;
    // Scanning the card says "with my name": the name is the card's (the resident can change it).
    c.draft.anonymous = false;
    auto [first, last] = open311::splitFullName(card.fullName);
    c.draft.firstName = first;
    c.draft.lastName = last;
    showStep();
    return true;
}

// --- Step 5: check and send ----------------------------------------------------------------

void FeedbackComposeScreen::buildConfirm(wxWindow* body, wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    auto& c = compose();
    const auto& d = c.draft;
    std::vector<wxString> items;
    items.push_back(wxString::Format(_("Kind of problem: %s"), utf8(d.serviceName)));
    if (c.definition)
        for (const auto& attribute : c.definition->attributes)
            if (const auto* answer = open311::answerFor(d, attribute.code))
                items.push_back(utf8(attribute.description.empty() ? attribute.code : attribute.description) + ": " +
                                answerText(attribute, *answer));
    wxString description = utf8(d.description);
    if (description.length() > 300) description = description.Left(300) + wxString::FromUTF8("…");
    items.push_back(wxString::Format(_("Description: %s"), description));
    items.push_back(wxString::Format(_("Where: %s, %s"), utf8(d.address), utf8(ctx_.kiosk.wardDisplayName())));
    items.push_back(d.anonymous ? _("Contact: anonymous")
                                : wxString::Format(_("Contact: %s, %s"), utf8(open311::fullName(d)), utf8(d.phone)));
    if (c.reopenId) items.push_back(wxString::Format(_("Continues report %s"), utf8(c.reopenCode)));
    auto* summary = makeCard(body, _("Your report"), items, width, "report-new");
    summary->SetName("compose-summary");
    content->Add(summary, 0, wxTOP, theme.px(8));
    addError(body, content, "", width);

    const auto& version = ctx_.kiosk.config.feedback.consentVersion;
    std::vector<wxString> consent = {
        _("Your report, and your name and phone number unless you send it anonymously, go to Ho Chi Minh City's 1022 "
          "system, only so that the city can receive, handle and answer it."),
        _("Only the staff handling the report see your contact details. The city may publish the report without them."),
        _("This kiosk keeps the report until the city has it, then only what is needed to show you its status."),
        wxString::Format(_("Terms version %s"), utf8(version))};
    auto* card = makeCard(body, _("Consent"), consent, width, "info");
    card->SetName("compose-consent-text");
    content->Add(card, 0, wxTOP, theme.px(16));
    auto* agree = new TouchButton(body, theme, _("I have read this and agree"), {}, TouchButton::Style::Toggle,
                                  "compose-consent");
    agree->setChecked(c.consent);
    agree->Bind(wxEVT_BUTTON, [this, agree](wxCommandEvent&) {
        compose().consent = !compose().consent;
        agree->setChecked(compose().consent);
        next_->Enable(compose().consent && !busy_);
        if (compose().consent) {
            setStatus(wxEmptyString);
        } else {
            showConsentHint();
        }
    });
    content->Add(agree, 0, wxTOP, theme.px(16));
}

// --- Moving between steps ------------------------------------------------------------------

void FeedbackComposeScreen::setStatus(const wxString& text, const wxColour& colour) {
    status_->SetForegroundColour(colour);
    status_->SetLabel(text);
    status_->Wrap(statusWidth_);
    Layout();
}

void FeedbackComposeScreen::showConsentHint() {
    // The button is below the consent text, perhaps out of sight: say why "Send" is grey.
    setStatus(_("To send, read the consent below and touch \"I have read this and agree\"."), Theme::text());
}

void FeedbackComposeScreen::previous() {
    if (busy_) return;
    auto& c = compose();
    if (c.step > 0) --c.step;
    showStep();
}

void FeedbackComposeScreen::next() {
    if (busy_) return;
    auto& c = compose();
    switch (c.step) {
        case 0:
            if (!c.definition) return;
            break;
        case 1: {
            auto errors = open311::checkAnswers(*c.definition, c.draft);
            for (auto& e : open311::checkReportText(c.draft))
                if (e.field == "description") errors.push_back(e);
            if (refuse(errors)) return;
            break;
        }
        case 2: {
            std::vector<FieldError> errors;
            for (auto& e : open311::checkReportText(c.draft))
                if (e.field != "description") errors.push_back(e);
            if (refuse(errors)) return;
            break;
        }
        case 3:
            if (refuse(open311::checkContact(c.draft))) return;
            break;
        default: submit(); return;
    }
    ++c.step;
    showStep();
}

void FeedbackComposeScreen::submit() {
    auto& c = compose();
    if (!c.consent || !c.definition) return;
    auto draft = c.draft;
    draft.description = trimmed(utf8(draft.description));
    draft.address = trimmed(utf8(draft.address));
    if (!draft.anonymous) {
        if (const auto phone = open311::normalizePhone(draft.phone)) draft.phone = *phone;
        const auto& identity = ctx_.session.identity();
        draft.accountId = identity ? identity->subject : std::string();
    } else {
        draft.accountId.clear();
    }
    draft.consentVersion = ctx_.kiosk.config.feedback.consentVersion;
    draft.consentAt = formatIsoUtc(std::chrono::system_clock::now());
    // Everything once more: a step may have been skipped back to after a change.
    std::vector<FieldError> errors = open311::checkAnswers(*c.definition, draft);
    for (auto& e : open311::checkReportText(draft)) errors.push_back(e);
    for (auto& e : open311::checkContact(draft)) errors.push_back(e);
    if (!errors.empty()) {
        c.errors = errors;
        c.step = stepOf(errors.front().field);
        showStep();
        setStatus(_("Please check what is marked in red."), Theme::bad());
        return;
    }
    busy_ = true;
    next_->Enable(false);
    back_->Enable(false);
    setStatus(_("Saving your report..."), Theme::text());
    auto onSave = ctx_.dispatcher.bind<FeedbackService::SaveResult>(this, [this](FeedbackService::SaveResult result) {
        onSaved(result);
    });
    auto& service = ctx_.kiosk.feedback();
    if (c.amendId) service.amend(c.amendId, std::move(draft), onSave);
    else if (c.reopenId) service.reopen(c.reopenId, std::move(draft), onSave);
    else service.save(std::move(draft), onSave);
}

void FeedbackComposeScreen::onSaved(const FeedbackService::SaveResult& result) {
    busy_ = false;
    if (result.report) {
        log::get("feedback")->info("report {} saved from the screen", result.report->trackingCode);
        ctx_.session.endCompose();
        ctx_.session.noteOwnReport(result.report->id);
        ctx_.navigator.openPage(GroupId::Feedback, "report", result.report->id, true);
        return;
    }
    log::get("feedback")->error("a report could not be saved: {}", result.error);
    next_->Enable(true);
    back_->Enable(true);
    setStatus(_("Your report could not be saved on this kiosk. Please ask the staff at the reception desk, or "
                        "call the 1022 hotline."), Theme::bad());
}

}  // namespace kiosk::ui
