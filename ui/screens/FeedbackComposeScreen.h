#pragma once
#include <wx/scrolwin.h>
#include <wx/textctrl.h>

#include <map>
#include <string>
#include <vector>

#include "feedback/FeedbackService.h"
#include "screens/Screen.h"
#include "widgets/TextField.h"

namespace kiosk::ui {

class TouchButton;

// Writing a report to the city's 1022 system, one step at a time: the kind of problem (the
// city's services), what happened (the service's own questions and a description), where, who
// to call back (filled in from VNeID, typed, or anonymous where the city allows it), and a
// last look with the consent text before it is saved. Everything typed lives in the Session's
// FeedbackCompose, so a change of language or text size, or a login halfway, loses nothing.
// Saving goes through the outbox on its own thread; the receipt screen follows.
class FeedbackComposeScreen : public Screen {
public:
    FeedbackComposeScreen(wxWindow* parent, const ScreenContext& context);

    static constexpr int kSteps = 5;
    // The step a field is asked on (a refusal from the city takes the resident there).
    static int stepOf(const std::string& field);
    // On the contact step: the name from a scanned ID card, its number shown masked.
    bool fillFromCard(const scan::CccdCard& card) override;

private:
    FeedbackCompose& compose();
    void showStep();
    void buildCategories(wxWindow* body, wxSizer* content, int width);
    void buildDetails(wxWindow* body, wxSizer* content, int width);
    void buildLocation(wxWindow* body, wxSizer* content, int width);
    void buildContact(wxWindow* body, wxSizer* content, int width);
    void buildConfirm(wxWindow* body, wxSizer* content, int width);
    void listServices(const wxString& filter);
    void chooseService(const open311::Service& service);
    void loadDefinition();
    void next();
    void previous();
    void submit();
    void showConsentHint();
    void setStatus(const wxString& text, const wxColour& colour = Theme::text());
    void onSaved(const FeedbackService::SaveResult& result);
    // A heading over a field, "(required)" when it is, and the problem with it, if any.
    void addLabel(wxWindow* body, wxSizer* content, const wxString& text, bool required, int width);
    void addError(wxWindow* body, wxSizer* content, const std::string& field, int width);
    wxTextCtrl* addField(wxWindow* body, wxSizer* content, FieldKind kind, const wxString& label, const std::string& name,
                         const std::string& value, int width, int lines = 1, const wxString& hint = {},
                         std::size_t maxLength = 0);
    // The errors of the current step, shown and scrolled to; false if there were none.
    bool refuse(const std::vector<open311::FieldError>& errors);

    wxStaticText* stepLabel_ = nullptr;
    wxScrolledWindow* body_ = nullptr;
    wxPanel* serviceList_ = nullptr;
    int listWidth_ = 0;
    TouchButton* back_ = nullptr;
    TouchButton* next_ = nullptr;
    wxStaticText* status_ = nullptr;
    int statusWidth_ = 0;
    std::vector<open311::Service> services_;
    std::string servicesNote_;
    bool servicesLoaded_ = false;
    bool busy_ = false;
    std::map<std::string, wxWindow*> fieldWindows_;  // by field code: where an error scrolls to
};

}  // namespace kiosk::ui
