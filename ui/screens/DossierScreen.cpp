#include "screens/DossierScreen.h"

#include <wx/intl.h>
#include <wx/statbmp.h>
#include <wx/weakref.h>

#include <chrono>

#include "IconCache.h"
#include "Translations.h"
#include "directory/ResidentText.h"
#include "core/IsoTime.h"
#include "log/Log.h"
#include "printing/QrCode.h"
#include "printing/SlipJobs.h"
#include "widgets/QrWidget.h"
#include "screens/FeedbackText.h"
#include "widgets/ResultRow.h"
#include "widgets/TextField.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {
namespace {

using dossier::Status;

dossier::Attention attentionNow(const dossier::Dossier& d) {
    return dossier::attentionFor(d, std::chrono::system_clock::now());
}

wxString statusText(const dossier::Dossier& d) {
    if (attentionNow(d).needsResident) return _("More documents are needed");
    switch (d.status) {
        case Status::Received: return _("Received");
        case Status::Processing: return _("Being processed");
        case Status::Supplement: return _("More documents are needed");
        case Status::Completed: return _("The result is ready");
        case Status::Returned: return _("The result has been handed over");
        case Status::Rejected: return _("Not granted");
        case Status::Other: break;
    }
    return utf8(d.step);
}

}  // namespace

DirectoryScreen::IntroFactory DossierScreen::introFor(const ScreenContext& context) {
    Navigator* navigator = &context.navigator;
    const Theme* theme = &context.theme;
    return [navigator, theme](wxWindow* body, int width) -> wxWindow* {
        auto* panel = new wxPanel(body, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "dossier-intro");
        panel->SetBackgroundColour(Theme::background());
        auto* row = new wxBoxSizer(wxVERTICAL);
        auto* text = new wxStaticText(panel, wxID_ANY, _("Filed a dossier already? Follow it with the code on your receipt."));
        text->SetFont(theme->font(FontRole::Heading));
        text->SetForegroundColour(Theme::text());
        text->Wrap(width);
        auto* open = new TouchButton(panel, *theme, _("Look up a dossier"), "search", TouchButton::Style::Primary,
                                     "dossier-open");
        open->Bind(wxEVT_BUTTON, [navigator](wxCommandEvent&) { navigator->openPage(GroupId::PublicServices, "dossier"); });
        row->Add(text, 0, wxBOTTOM, theme->px(12));
        row->Add(open, 0, wxBOTTOM, theme->px(8));
        panel->SetSizer(row);
        return panel;
    };
}

DossierScreen::DossierScreen(wxWindow* parent, const ScreenContext& context, const std::string& scannedCode)
    : Screen(parent, context, "dossier:lookup") {
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(_("Look up a dossier"), "group-public_services"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP,
                margin());
    body_ = makeBody();
    const int width = std::min(bodyWidth(), theme.px(1400));
    auto* content = new wxBoxSizer(wxVERTICAL);
    content->Add(makeText(body_, _("Type the dossier code printed on your appointment receipt, or scan the receipt's QR "
                                   "code with the scanner."),
                          FontRole::Body, width),
                 0, wxBOTTOM, theme.px(12));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    code_ = makeTextField(body_, theme, FieldKind::Text, _("Dossier code"), "dossier-code", _("e.g. H29.22-261120-0001"));
    code_->SetMinSize(wxSize(std::min(width * 2 / 3, theme.textPx(620)), code_->GetMinSize().y));
    code_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { lookUp(); });
    auto* find = new TouchButton(body_, theme, _("Look up"), "search", TouchButton::Style::Secondary, "dossier-lookup");
    find->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { lookUp(); });
    row->Add(code_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
    row->Add(find, 0, wxALIGN_CENTER_VERTICAL);
    if (!ctx_.kiosk.config.scanner.camera.empty()) {
        auto* scan = new TouchButton(body_, theme, _("Scan a code"), "step-scan", TouchButton::Style::Secondary, "dossier-scan");
        scan->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openPage(GroupId::PublicServices, "scan"); });
        // Beside the field where it fits, else on a line of its own (portrait, large text).
        if (row->CalcMin().x + theme.px(16) + scan->GetBestSize().x <= width) {
            row->Add(scan, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.px(16));
        } else {
            content->Add(row, 0, wxBOTTOM, theme.px(16));
            row = new wxBoxSizer(wxHORIZONTAL);
            row->Add(scan, 0);
        }
    }
    content->Add(row, 0, wxBOTTOM, theme.px(16));
    if (ctx_.session.identity()) {
        auto* mine = new TouchButton(body_, theme, _("My dossiers"), "report-list", TouchButton::Style::Secondary,
                                     "dossier-mine");
        mine->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { loadMine(); });
        content->Add(mine, 0, wxBOTTOM, theme.px(16));
    } else {
        auto* login = new TouchButton(body_, theme, _("Log in with VNeID to see your own dossiers"), "group-vneid",
                                      TouchButton::Style::Secondary, "dossier-login");
        login->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openGroup(GroupId::Vneid); });
        content->Add(login, 0, wxBOTTOM, theme.px(16));
    }
    results_ = new wxBoxSizer(wxVERTICAL);
    content->Add(results_, 0);
    fillBody(body_, content);
    addBody(column, body_);
    SetSizer(column);
    if (!scannedCode.empty()) {
        // A scanned receipt: its code is asked for, whatever was looked up before.
        code_->ChangeValue(wxString::FromUTF8(scannedCode));
        CallAfter([this] { lookUp(); });
    } else if (const auto& last = ctx_.session.dossierLookup()) {
        // Back from rating a dossier (or a rebuilt screen): the last answer is asked for again.
        if (last->empty()) {
            loadMine();
        } else {
            code_->ChangeValue(utf8(*last));
            lookUp();
        }
    }
}

DossierScreen::~DossierScreen() {
    if (cancel_) *cancel_ = true;  // the lookup in progress ends at once; its answer is dropped
}

dossier::DossierService::Cancel DossierScreen::newRequest() {
    if (cancel_) *cancel_ = true;  // only the latest question is answered
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    return cancel_;
}

void DossierScreen::lookUp() {
    const std::string typed = code_->GetValue().utf8_string();
    if (dossier::normalizeCode(typed).empty()) {
        // Nothing is asked of the portal for what cannot be a code.
        dossier::Lookup invalid;
        invalid.kind = dossier::Lookup::Kind::InvalidCode;
        showResult(invalid, false);
        return;
    }
    ctx_.session.rememberDossierLookup(typed);
    results_->Clear(true);
    results_->Add(makeText(body_, _("Looking it up..."), FontRole::Body, bodyWidth(), Theme::mutedText()));
    body_->FitInside();
    Layout();
    auto onAnswer = ctx_.dispatcher.bind<dossier::Lookup>(this, [this](dossier::Lookup lookup) { showResult(lookup, false); });
    ctx_.kiosk.dossiers().byCode(typed, newRequest(), onAnswer);
}

void DossierScreen::loadMine() {
    const auto& identity = ctx_.session.identity();
    if (!identity) return;
    ctx_.session.rememberDossierLookup({});
    results_->Clear(true);
    results_->Add(makeText(body_, _("Loading your dossiers..."), FontRole::Body, bodyWidth(), Theme::mutedText()));
    body_->FitInside();
    Layout();
    auto onAnswer = ctx_.dispatcher.bind<dossier::Lookup>(this, [this](dossier::Lookup lookup) { showResult(lookup, true); });
    ctx_.kiosk.dossiers().mine(identity->accessToken, newRequest(), onAnswer);
}

wxPanel* DossierScreen::dossierCard(wxWindow* parent, const dossier::Dossier& d, int width) {
    std::vector<wxString> items;
    items.push_back(wxString::Format(_("Dossier code: %s"), utf8(d.code)));
    items.push_back(wxString::Format(_("Status: %s"), statusText(d)));
    if (!d.step.empty() && d.status != Status::Other) items.push_back(wxString::Format(_("Current step: %s"), utf8(d.step)));
    if (!d.agency.empty()) items.push_back(wxString::Format(_("Handled by: %s"), utf8(d.agency)));
    if (const auto when = formatWhen(d.receivedAt); !when.empty())
        items.push_back(wxString::Format(_("Received: %s"), when));
    if (const auto when = formatWhen(d.appointmentAt); !when.empty())
        items.push_back(wxString::Format(_("Result promised for: %s"), when));
    if (const auto when = formatWhen(d.completedAt); !when.empty())
        items.push_back(wxString::Format(_("Completed: %s"), when));
    auto* card = makeCard(parent, utf8(resident::plainText(d.procedure)), items, width, attentionNow(d).any() ? "warning" : "info");
    card->SetName(wxString::FromUTF8("dossier-" + d.code));
    return card;
}

wxPanel* DossierScreen::attentionBanner(wxWindow* parent, const dossier::Dossier& d, const dossier::Attention& a,
                                       int width) {
    // What the resident must do, before anything else about the dossier: in the warning colour,
    // in large type, with what to bring and where, in the portal's own words.
    const auto& theme = ctx_.theme;
    auto* banner = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL,
                               wxString::FromUTF8("dossier-attention-" + d.code));
    banner->SetBackgroundColour(Theme::warningBg());
    const int pad = theme.px(20);
    const int iconSize = theme.textPx(56);
    const int textWidth = std::max(theme.px(200), width - iconSize - 3 * pad);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticBitmap(banner, wxID_ANY, IconCache::bitmap("warning", iconSize)), 0, wxALL, pad);
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto line = [&](const wxString& text, FontRole role, const std::string& name) {
        auto* label = makeText(banner, text, role, textWidth);
        label->SetName(wxString::FromUTF8(name));
        column->Add(label, 0, wxBOTTOM, theme.px(8));
    };
    const wxString agency = a.where.empty() ? _("the one-stop desk of the ward") : utf8(a.where);
    if (a.needsResident) {
        line(_("You need to add documents to your dossier"), FontRole::Title, "dossier-attention-title");
        if (!a.what.empty()) line(utf8(a.what), FontRole::Heading, "dossier-attention-what");
        line(wxString::Format(_("Please bring them to: %s"), agency), FontRole::Heading, "dossier-attention-where");
    } else {
        line(_("The promised date has passed"), FontRole::Title, "dossier-attention-title");
        if (const auto when = formatWhen(d.appointmentAt); !when.empty())
            line(wxString::Format(_("The result was promised for %s."), when), FontRole::Heading,
                 "dossier-attention-what");
        line(wxString::Format(_("Please ask at: %s"), agency), FontRole::Heading, "dossier-attention-where");
    }
    row->Add(column, 1, wxTOP | wxRIGHT | wxBOTTOM, pad);
    banner->SetSizer(row);
    banner->SetMinSize(wxSize(width, -1));
    return banner;
}

wxWindow* DossierScreen::rateRow(wxWindow* parent, const dossier::Dossier& d, int width) {
    const auto& theme = ctx_.theme;
    if (ctx_.session.rated(d.code)) {
        // Rated in this session: said in words with a tick, not a button that does nothing.
        auto* done = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL,
                                 wxString::FromUTF8("dossier-rated-" + d.code));
        done->SetBackgroundColour(parent->GetBackgroundColour());
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        const int iconSize = theme.textPx(40);
        row->Add(new wxStaticBitmap(done, wxID_ANY, IconCache::bitmap("check", iconSize)), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(12));
        row->Add(makeText(done, _("Rated"), FontRole::Heading, width - iconSize - theme.px(12)), 0,
                 wxALIGN_CENTER_VERTICAL);
        done->SetSizer(row);
        return done;
    }
    auto* rate = new TouchButton(parent, theme, _("Rate your satisfaction"), "check", TouchButton::Style::Primary,
                                 wxString::FromUTF8("dossier-rate-" + d.code));
    rate->SetMinSize(wxSize(std::max(width, rate->GetBestSize().x), rate->GetBestSize().y));
    rate->Bind(wxEVT_BUTTON, [this, d](wxCommandEvent&) {
        ctx_.session.startRating({d.code, d.procedure, d.agency, 0, {}, {}, {}});
        ctx_.navigator.openPage(GroupId::PublicServices, "rate");
    });
    return rate;
}

wxWindow* DossierScreen::printRow(wxWindow* parent, const dossier::Dossier& d, int width) {
    const auto& theme = ctx_.theme;
    auto* panel = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL,
                              wxString::FromUTF8("dossier-print-" + d.code));
    panel->SetBackgroundColour(parent->GetBackgroundColour());
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto* print = new TouchButton(panel, theme, _("Print a slip"), "print", TouchButton::Style::Secondary,
                                  wxString::FromUTF8("dossier-print-button-" + d.code));
    print->SetMinSize(wxSize(std::max(width, print->GetBestSize().x), print->GetBestSize().y));
    column->Add(print, 0, wxBOTTOM, theme.px(8));
    panel->SetSizer(column);
    print->Bind(wxEVT_BUTTON, [this, d, panel, print, width](wxCommandEvent&) {
        print->SetLabel(_("Printing your slip..."));
        print->Enable(false);
        auto& printer = ctx_.kiosk.printer();
        PrintJob job;
        try {
            job = renderSlipJob(dossierSlip(d, slipSettingFor(ctx_.kiosk)), printer, ctx_.kiosk.config.printer);
        } catch (const std::exception& error) {
            log::get("print")->error("slip {} could not be drawn: {}", d.code, error.what());
        }
        const bool toFile = ctx_.kiosk.config.printer.backend == "pdf";
        // The panel may be gone (a new lookup) when the printer answers: a weak reference.
        wxWeakRef<wxPanel> where(panel);
        wxWeakRef<TouchButton> button(print);
        auto onPrinted = ctx_.dispatcher.bind<PrintResult>(this, [this, where, button, d, width, toFile](PrintResult result) {
            if (!where) return;
            const bool failed = !result.printed || toFile;
            if (button) {
                button->SetLabel(_("Print a slip"));
                button->Enable(true);
            }
            auto* sizer = where->GetSizer();
            const auto& look = ctx_.theme;
            if (!failed) {
                auto* note = makeText(where, printOutcomeText(result, toFile, ctx_.kiosk.config.printer.desk),
                                      FontRole::Body, width);
                note->SetName(wxString::FromUTF8("dossier-print-status-" + d.code));
                sizer->Add(note, 0, wxBOTTOM, look.px(8));
            } else {
                // No paper came out: which desk hands the slip over, and the code in large type
                // to say there, in the warning colour; the QR code for a phone under it.
                auto* box = new wxPanel(where, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL,
                                        wxString::FromUTF8("dossier-print-desk-" + d.code));
                box->SetBackgroundColour(Theme::warningBg());
                const int pad = look.px(16);
                const int inner = std::max(look.px(120), width - 2 * pad);
                auto* lines = new wxBoxSizer(wxVERTICAL);
                auto* note = makeText(box, printOutcomeText(result, toFile, ctx_.kiosk.config.printer.desk),
                                      FontRole::Heading, inner);
                note->SetName(wxString::FromUTF8("dossier-print-status-" + d.code));
                lines->Add(note, 0, wxALL, pad);
                lines->Add(makeText(box, _("Your code:"), FontRole::Body, inner), 0, wxLEFT | wxRIGHT, pad);
                auto* code = makeText(box, utf8(d.code), FontRole::Huge, 0, Theme::emphasis());
                if (code->GetTextExtent(code->GetLabel()).x > inner) {
                    // Narrower than the code: broken after a dash, as few lines as fit, never
                    // inside a part.
                    wxString shown, line;
                    const wxString whole = utf8(d.code);
                    std::size_t start = 0;
                    while (start < whole.length()) {
                        auto dash = whole.find('-', start);
                        const std::size_t end = dash == wxString::npos ? whole.length() : dash + 1;
                        const wxString part = whole.Mid(start, end - start);
                        if (!line.empty() && code->GetTextExtent(line + part).x > inner) {
                            shown += line + "\n";
                            line.clear();
                        }
                        line += part;
                        start = end;
                    }
                    code->SetLabel(shown + line);
                }
                code->SetName(wxString::FromUTF8("dossier-print-code-" + d.code));
                lines->Add(code, 0, wxLEFT | wxRIGHT | wxBOTTOM, pad);
                box->SetSizer(lines);
                box->SetMinSize(wxSize(width, -1));
                sizer->Add(box, 0, wxBOTTOM, look.px(8));
                try {
                    sizer->Add(new QrWidget(where, QrCode::encode(d.code), std::min(width, look.px(320)),
                                            wxString::FromUTF8("dossier-print-qr-" + d.code)),
                               0, wxBOTTOM, look.px(8));
                } catch (const std::exception& error) {
                    log::get("print")->warn("no QR code for {}: {}", d.code, error.what());
                }
            }
            body_->FitInside();
            Layout();
        });
        if (job.pdf.empty() && job.raster.empty()) {
            onPrinted(PrintResult{});
            return;
        }
        printer.print(std::move(job), onPrinted);
    });
    return panel;
}

void DossierScreen::showResult(const dossier::Lookup& lookup, bool mine) {
    const auto& theme = ctx_.theme;
    const int width = std::min(bodyWidth(), theme.px(1400));
    Freeze();
    results_->Clear(true);
    auto say = [&](const wxString& text, const wxColour& colour) {
        auto* label = makeText(body_, text, FontRole::Body, width, colour);
        label->SetName("dossier-message");
        results_->Add(label, 0, wxBOTTOM, theme.px(12));
    };
    using Kind = dossier::Lookup::Kind;
    switch (lookup.kind) {
        case Kind::InvalidCode:
            say(_("This is not a dossier code. Please check it: it looks like H29.22-261120-0001."), Theme::bad());
            break;
        case Kind::NotFound:
            say(_("No dossier has this code. Please check it against your receipt, or ask at the one-stop desk."),
                Theme::bad());
            break;
        case Kind::LoginExpired:
            say(_("Your VNeID login has ended. Please log in again to see your dossiers."), Theme::bad());
            break;
        case Kind::Unavailable:
            log::get("dossier")->warn("dossier lookup failed: {}", lookup.detail);
            say(_("The dossier service cannot be reached right now. Please try again in a few minutes, or ask at the "
                  "one-stop desk."),
                Theme::bad());
            break;
        case Kind::Found:
            if (mine && lookup.dossiers.empty()) say(_("You have no dossiers on record."), Theme::text());
            if (mine && !lookup.dossiers.empty())
                say(wxString::Format(wxPLURAL("%d dossier of yours.", "%d dossiers of yours.",
                                              static_cast<int>(lookup.dossiers.size())),
                                     static_cast<int>(lookup.dossiers.size())),
                    Theme::text());
            for (const auto& d : lookup.dossiers) {
                if (const auto attention = attentionNow(d); attention.any())
                    results_->Add(attentionBanner(body_, d, attention, width), 0, wxBOTTOM, theme.px(12));
                // What the resident can do beside the card in landscape, where it is seen without
                // scrolling; under it in portrait: print a slip, rate a completed dossier.
                const bool beside = !theme.portrait();
                const int sideWidth = beside ? std::min(theme.textPx(460), width / 3) : width;
                auto* row = new wxBoxSizer(beside ? wxHORIZONTAL : wxVERTICAL);
                row->Add(dossierCard(body_, d, beside ? width - sideWidth - theme.px(24) : width), 0,
                         beside ? wxRIGHT : wxBOTTOM, theme.px(beside ? 24 : 8));
                auto* side = new wxBoxSizer(wxVERTICAL);
                if (d.status == Status::Completed) side->Add(rateRow(body_, d, sideWidth), 0, wxBOTTOM, theme.px(12));
                side->Add(printRow(body_, d, sideWidth), 0);
                row->Add(side, 0);
                results_->Add(row, 0, wxBOTTOM, theme.px(16));
            }
            break;
    }
    body_->FitInside();
    Layout();
    Thaw();
}

}  // namespace kiosk::ui
