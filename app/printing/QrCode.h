#pragma once
#include <string>
#include <vector>

namespace kiosk {

// A QR code as a square of modules (true = dark), made with ZXing-C++. Screens and slips draw
// it at whatever size they need; the text it encodes is always shown beside it too.
class QrCode {
public:
    // Throws std::invalid_argument if the text is empty or too long for a QR code.
    static QrCode encode(const std::string& utf8Text);

    int size() const { return size_; }  // modules per side, quiet zone included
    bool dark(int x, int y) const { return modules_[static_cast<size_t>(y * size_ + x)]; }
    // Rows of "██" and "  ", for terminals (kioskctl) and tests.
    std::string toText() const;

private:
    int size_ = 0;
    std::vector<bool> modules_;
};

// What the detail QR hands to a resident's phone: name, address, phone and a map link.
std::string entryShareText(const std::string& name, const std::string& address, const std::string& phone,
                           double latitude, double longitude, bool hasLocation);

}  // namespace kiosk
