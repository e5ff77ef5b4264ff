#include "printing/QrCode.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <cstdio>
#include <stdexcept>

namespace kiosk {

QrCode QrCode::encode(const std::string& utf8Text) {
    if (utf8Text.empty()) throw std::invalid_argument("nothing to encode");
    ZXing::BitMatrix matrix;
    try {
        // Error correction M (level 4 of 8 in ZXing's scale) survives a worn screen or a fold.
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setEncoding(ZXing::CharacterSet::UTF8)
                     .setEccLevel(4)
                     .setMargin(4)
                     .encode(utf8Text, 0, 0);
    } catch (const std::exception& error) {
        throw std::invalid_argument(std::string("cannot make a QR code: ") + error.what());
    }
    QrCode code;
    code.size_ = matrix.width();
    code.modules_.resize(static_cast<size_t>(code.size_ * code.size_));
    for (int y = 0; y < code.size_; ++y)
        for (int x = 0; x < code.size_; ++x) code.modules_[static_cast<size_t>(y * code.size_ + x)] = matrix.get(x, y);
    return code;
}

std::string QrCode::toText() const {
    std::string out;
    for (int y = 0; y < size_; ++y) {
        for (int x = 0; x < size_; ++x) out += dark(x, y) ? "\u2588\u2588" : "  ";
        out += '\n';
    }
    return out;
}

std::string entryShareText(const std::string& name, const std::string& address, const std::string& phone,
                           double latitude, double longitude, bool hasLocation) {
    std::string text = name;
    if (!address.empty()) text += "\n" + address;
    if (!phone.empty()) text += "\nĐT: " + phone;
    if (hasLocation) {
        char link[128];
        std::snprintf(link, sizeof link, "\nhttps://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=18/%.5f/%.5f",
                      latitude, longitude, latitude, longitude);
        text += link;
    }
    return text;
}

}  // namespace kiosk
