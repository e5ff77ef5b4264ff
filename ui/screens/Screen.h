#pragma once
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <string>
#include <vector>

#include "KioskContext.h"
#include "Theme.h"
#include "WxDispatcher.h"
#include "domain/Session.h"
#include "scan/CccdQr.h"
#include "screens/Navigator.h"

namespace kiosk::ui {

// What every screen is given by the shell.
struct ScreenContext {
    const KioskContext& kiosk;
    const Theme& theme;
    Session& session;
    Navigator& navigator;
    WxDispatcher& dispatcher;
    wxSize area;  // the client size the screen will get: text is wrapped to it
};

// Base of all screens: one class per screen, built in code from the Theme's sizes.
class Screen : public wxPanel {
public:
    Screen(wxWindow* parent, const ScreenContext& context, const std::string& id);

    const std::string& screenId() const { return id_; }  // "home", "group:feedback", ...
    // What "Đọc to" reads: by default every visible text of the screen in reading order (title
    // first), cut at a sentence near 1500 characters; screens with a better summary override it.
    virtual wxString readAloudText() const;
    // The feedback sender finished a run (a report may have been sent, or its status changed):
    // screens that show reports load them again.
    virtual void feedbackChanged() {}
    // A citizen ID card was scanned (it is in the Session already): a form with a name field
    // fills it in and shows the masked number. False: this screen has no such form open.
    virtual bool fillFromCard(const scan::CccdCard&) { return false; }

protected:
    // Icon + title (+ an optional action on the right), the first row of most screens.
    wxSizer* makeTitleRow(const wxString& title, const std::string& icon, wxWindow* action = nullptr);
    // A vertically scrolling body, so long content scrolls instead of being cut off.
    wxScrolledWindow* makeBody();
    // Adds `body` to the screen's `column` with its scroll sign and buttons (ScrollStrip):
    // beside it in landscape, under it in portrait.
    void addBody(wxSizer* column, wxScrolledWindow* body, int top = -1);
    // Puts `content` in `body` with the screen's margin all round (replacing what was there)
    // and lets the body scroll over all of it.
    void fillBody(wxScrolledWindow* body, wxSizer* content);
    wxStaticText* makeText(wxWindow* parent, const wxString& text, FontRole role, int wrapWidth,
                           const wxColour& colour = Theme::text());
    // A white card with a heading and one bullet line per item, `width` wide.
    wxPanel* makeCard(wxWindow* parent, const wxString& heading, const std::vector<wxString>& items, int width,
                      const std::string& icon = {});
    // `text` with every word wider than `width` (in `measure`'s font) split across lines.
    static wxString breakLongWords(const wxString& text, const wxWindow& measure, int width);
    // Width available for text inside the body, after margins and the scrollbar.
    int bodyWidth() const;
    int margin() const { return ctx_.theme.px(32); }

    ScreenContext ctx_;

private:
    std::string id_;
};

}  // namespace kiosk::ui
