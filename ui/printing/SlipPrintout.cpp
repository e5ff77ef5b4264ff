#include "printing/SlipPrintout.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <wx/dcgraph.h>
#include <wx/graphics.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "printing/QrCode.h"

namespace kiosk::ui {
namespace {
// Layout unit: a tenth of a millimetre.
constexpr double kUnitsPerMm = 10.0;
constexpr double kPointsPerUnit = 72.0 / 254.0;  // PDF user space is in points
const wxString kFace = "Noto Sans";               // fonts-noto-core: every Vietnamese glyph

struct Geometry {
    double pageWidth;  // units
    double pageHeight;  // units; 0 = as long as the slip (a roll)
    double margin;
    double scale;      // type sizes relative to the roll
    double qrSide;
};

Geometry geometryFor(SlipPaper paper, bool raster) {
    switch (paper) {
        case SlipPaper::A5: return {1480, 2100, 140, 1.3, 560};
        case SlipPaper::A4: return {2100, 2970, 200, 1.6, 700};
        case SlipPaper::Roll80: break;
    }
    // A thermal printer's bitmap is its printable width (72 mm of an 80 mm roll); its own
    // margins are already outside it.
    return raster ? Geometry{720, 0, 15, 1.0, 400} : Geometry{800, 0, 45, 1.0, 400};
}

std::vector<wxString> wrapWords(wxGraphicsContext& gc, const wxString& text, double width) {
    std::vector<wxString> lines;
    wxString line;
    for (const auto& word : wxSplit(text, ' ', '\0')) {
        if (word.empty()) continue;
        const wxString candidate = line.empty() ? word : line + " " + word;
        double w = 0, h = 0;
        gc.GetTextExtent(candidate, &w, &h);
        if (w <= width || line.empty()) {
            line = candidate;
        } else {
            lines.push_back(line);
            line = word;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

// Where the next line goes, and how it is drawn.
class Pen {
public:
    Pen(wxGraphicsContext& gc, const Geometry& g, bool draw, double top)
        : gc_(gc), left_(g.margin), width_(g.pageWidth - 2 * g.margin), scale_(g.scale), draw_(draw), y_(top) {}

    double y() const { return y_; }
    double width() const { return width_; }
    void skip(double units) { y_ += units * scale_; }

    void font(double size, bool bold) {
        size_ = size * scale_;
        gc_.SetFont(gc_.CreateFont(size_, kFace, bold ? wxFONTFLAG_BOLD : wxFONTFLAG_DEFAULT, *wxBLACK));
    }

    // A paragraph: wrapped to the width, centred or from the left, with a hanging indent.
    void text(const std::string& utf8, bool centred, double indent = 0) {
        if (utf8.empty()) return;
        const double lineHeight = size_ * 1.32;
        bool first = true;
        for (const auto& line : wrapWords(gc_, wxString::FromUTF8(utf8), width_ - indent)) {
            double w = 0, h = 0;
            gc_.GetTextExtent(line, &w, &h);
            const double x = centred ? left_ + (width_ - w) / 2 : left_ + (first ? 0 : indent);
            if (draw_) gc_.DrawText(line, x, y_);
            y_ += lineHeight;
            first = false;
        }
    }

    // One line that must not wrap (the code): the type shrinks until it fits.
    void fitted(const std::string& utf8, double size, bool bold) {
        const wxString line = wxString::FromUTF8(utf8);
        double w = 0, h = 0;
        for (double s = size;; s *= 0.92) {
            font(s, bold);
            gc_.GetTextExtent(line, &w, &h);
            if (w <= width_ || s < 20) break;
        }
        if (draw_) gc_.DrawText(line, left_ + (width_ - w) / 2, y_);
        y_ += size_ * 1.3;
    }

    void rule(double thickness) {
        if (draw_) {
            gc_.SetPen(*wxTRANSPARENT_PEN);
            gc_.SetBrush(*wxBLACK_BRUSH);
            gc_.DrawRectangle(left_, y_, width_, thickness);
        }
        y_ += thickness;
    }

    // The QR code, centred, each row's dark runs as one rectangle (no seams inside a run).
    void qr(const std::string& text, double side) {
        const QrCode code = QrCode::encode(text);
        const double module = side / code.size();
        const double x0 = left_ + (width_ - side) / 2;
        if (draw_) {
            gc_.SetPen(*wxTRANSPARENT_PEN);
            gc_.SetBrush(*wxBLACK_BRUSH);
            for (int y = 0; y < code.size(); ++y) {
                for (int x = 0; x < code.size();) {
                    if (!code.dark(x, y)) {
                        ++x;
                        continue;
                    }
                    int end = x;
                    while (end < code.size() && code.dark(end, y)) ++end;
                    // A hair taller than a module: no pale line between rows when anti-aliased.
                    gc_.DrawRectangle(x0 + x * module, y_ + y * module, (end - x) * module, module + 0.15);
                    x = end;
                }
            }
        }
        y_ += side;
    }

private:
    wxGraphicsContext& gc_;
    double left_;
    double width_;
    double scale_;
    bool draw_;
    double y_;
    double size_ = 30;
};

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}
}  // namespace

SlipPaper slipPaperFor(const std::string& configPaper) {
    if (configPaper == "a4") return SlipPaper::A4;
    if (configPaper == "a5") return SlipPaper::A5;
    return SlipPaper::Roll80;
}

SlipPrintout::SlipPrintout(const Slip& slip, SlipPaper paper)
    : wxPrintout(wxString::FromUTF8(slip.title + " " + slip.code)), slip_(slip), paper_(paper) {}

void SlipPrintout::GetPageInfo(int* minPage, int* maxPage, int* pageFrom, int* pageTo) {
    *minPage = *maxPage = *pageFrom = *pageTo = 1;
}

double SlipPrintout::layout(wxGraphicsContext& gc, bool draw) {
    const Geometry g = geometryFor(paper_, rasterMode_);
    Pen pen(gc, g, draw, g.pageHeight > 0 ? g.margin : 40);
    pen.font(36, true);
    pen.text(slip_.header, true);
    pen.font(28, false);
    pen.text(slip_.subheader, true);
    pen.skip(10);
    pen.rule(4);
    pen.skip(22);
    pen.font(40, true);
    pen.text(slip_.title, true);
    pen.skip(14);
    pen.font(30, false);
    pen.text(slip_.codeLabel, true);
    pen.fitted(slip_.code, 74, true);
    pen.skip(6);
    if (!slip_.qrText.empty()) pen.qr(slip_.qrText, g.qrSide * (paper_ == SlipPaper::Roll80 ? 1.0 : 1.0));
    pen.skip(8);
    pen.font(28, false);
    pen.text(slip_.printedAt, true);
    pen.skip(16);
    pen.rule(2);
    pen.skip(16);
    for (const auto& [label, value] : slip_.facts) {
        pen.font(30, false);
        pen.text(label + ": " + value, false, 40);
        pen.skip(4);
    }
    if (!slip_.holder.empty()) {
        pen.font(30, false);
        pen.text(slip_.holder, false, 40);
    }
    pen.skip(12);
    pen.font(32, true);
    pen.text(slip_.nextSteps, false);
    pen.skip(16);
    pen.font(30, true);
    pen.text(slip_.lookupTitle, false);
    pen.font(30, false);
    for (const auto& way : slip_.lookup) pen.text("- " + way, false, 30);
    pen.skip(16);
    pen.rule(2);
    pen.skip(12);
    pen.font(26, false);
    pen.text(slip_.privacy, false);
    if (!slip_.note.empty()) {
        pen.skip(8);
        pen.font(26, true);
        pen.text(slip_.note, false);
    }
    pen.skip(g.pageHeight > 0 ? 0 : 60);  // a roll is torn off below the text
    return pen.y();
}

double SlipPrintout::contentHeightMm() {
    // Measured on a scratch image: text extents in layout units do not depend on the target.
    wxImage scratch(8, 8);
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(scratch));
    if (!gc) throw std::runtime_error("no graphics context to measure the slip");
    return layout(*gc, false) / kUnitsPerMm;
}

double SlipPrintout::pageWidthMm() const {
    return geometryFor(paper_, rasterMode_).pageWidth / kUnitsPerMm;
}

double SlipPrintout::pageHeightMm() {
    const Geometry g = geometryFor(paper_, rasterMode_);
    if (g.pageHeight > 0) return g.pageHeight / kUnitsPerMm;
    if (measuredHeightMm_ <= 0) measuredHeightMm_ = contentHeightMm();
    return measuredHeightMm_;
}

bool SlipPrintout::OnPrintPage(int page) {
    if (page != 1 || !GetDC()) return false;
    wxGraphicsContext* gc = GetDC()->GetGraphicsContext();
    if (!gc) return false;  // drawn through wxGCDC only: renderPdf() and renderImage() set one up
    gc->PushState();
    gc->Scale(unitScale_, unitScale_);
    const Geometry g = geometryFor(paper_, rasterMode_);
    double height = 0;
    if (g.pageHeight > 0) {
        // A page of fixed size: shrink the slip if it ever runs longer than the page.
        height = contentHeightMm() * kUnitsPerMm;
        if (height > g.pageHeight) {
            const double fit = g.pageHeight / height;
            gc->Translate(g.pageWidth * (1 - fit) / 2, 0);
            gc->Scale(fit, fit);
        }
    }
    layout(*gc, true);
    gc->PopState();
    return true;
}

std::string SlipPrintout::renderPdf() {
    rasterMode_ = false;
    measuredHeightMm_ = 0;
    const double widthPt = pageWidthMm() * kUnitsPerMm * kPointsPerUnit;
    const double heightPt = pageHeightMm() * kUnitsPerMm * kPointsPerUnit;
    std::string pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendTo, &pdf, widthPt, heightPt);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (slip_.title + " " + slip_.code).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Ward Kiosk");
    cairo_t* cr = cairo_create(surface);
    bool drawn = false;
    {
        wxGraphicsContext* gc = wxGraphicsRenderer::GetCairoRenderer()->CreateContextFromNativeContext(cr);
        if (gc) {
            wxGCDC dc(gc);  // owns gc
            SetDC(&dc);
            SetPageSizeMM(static_cast<int>(std::lround(pageWidthMm())), static_cast<int>(std::lround(pageHeightMm())));
            unitScale_ = kPointsPerUnit;
            OnBeginPrinting();
            drawn = OnBeginDocument(1, 1) && OnPrintPage(1);
            OnEndDocument();
            OnEndPrinting();
            SetDC(nullptr);
        }
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const auto status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!drawn || status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("the slip could not be drawn as PDF: ") + cairo_status_to_string(status));
    return pdf;
}

wxImage SlipPrintout::renderImage(int widthPx) {
    rasterMode_ = paper_ == SlipPaper::Roll80;
    measuredHeightMm_ = 0;
    const double pxPerUnit = widthPx / (pageWidthMm() * kUnitsPerMm);
    const int heightPx = static_cast<int>(std::ceil(pageHeightMm() * kUnitsPerMm * pxPerUnit));
    wxImage image(widthPx, std::max(heightPx, 1));
    image.SetRGB(wxRect(0, 0, image.GetWidth(), image.GetHeight()), 255, 255, 255);
    {
        wxGraphicsContext* gc = wxGraphicsContext::Create(image);
        if (!gc) throw std::runtime_error("the slip could not be drawn as an image");
        wxGCDC dc(gc);
        SetDC(&dc);
        unitScale_ = pxPerUnit;
        OnPrintPage(1);
        SetDC(nullptr);
    }  // the context writes into the image when it goes
    rasterMode_ = false;
    return image;
}

MonoBitmap SlipPrintout::renderRaster(int widthDots) {
    const wxImage image = renderImage(widthDots);
    MonoBitmap bitmap;
    bitmap.width = image.GetWidth();
    bitmap.height = image.GetHeight();
    bitmap.bits.assign(static_cast<std::size_t>(bitmap.stride()) * static_cast<std::size_t>(bitmap.height), 0);
    const unsigned char* rgb = image.GetData();
    for (int y = 0; y < bitmap.height; ++y)
        for (int x = 0; x < bitmap.width; ++x) {
            const unsigned char* p = rgb + 3 * (static_cast<std::size_t>(y) * bitmap.width + x);
            if (p[0] + p[1] + p[2] < 3 * 128) bitmap.set(x, y, true);
        }
    return bitmap;
}

}  // namespace kiosk::ui
