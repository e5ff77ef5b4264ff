#include "scan/ScannerBurst.h"

#include <unicode/utf8.h>

#include <cstdint>

#include "scan/CccdQr.h"

namespace kiosk::scan {
namespace {
void appendUtf8(std::string& out, char32_t character) {
    auto c = static_cast<UChar32>(character);
    if (character > 0x10FFFF || U_IS_SURROGATE(c)) c = 0xFFFD;  // not a character: the replacement one
    std::uint8_t bytes[U8_MAX_LENGTH];
    std::int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}
}  // namespace

ScannerBurst::~ScannerBurst() { wipeString(held_); }

ScannerBurst::Step ScannerBurst::feed(char32_t character, time_point at) {
    Step step;
    if (holding() && at - last_ > kMaxKeyGap) {
        step = release(Step::Kind::Typed);
    } else if (held_.size() >= kMaxHeldBytes) {
        step = release(Step::Kind::Typed);
        overlong_ = true;
    }
    appendUtf8(held_, character);
    ++characters_;
    last_ = at;
    return step;
}

ScannerBurst::Step ScannerBurst::feedEnter(time_point at) {
    if (!holding()) return {Step::Kind::Typed, {}};
    const bool scan = !overlong_ && characters_ >= kMinScanCharacters && at - last_ <= kMaxKeyGap;
    return release(scan ? Step::Kind::Scan : Step::Kind::Typed);
}

ScannerBurst::Step ScannerBurst::flush(time_point now) {
    if (!holding() || now - last_ < kReleaseAfter) return {};
    return release(Step::Kind::Typed);
}

std::optional<ScannerBurst::time_point> ScannerBurst::releaseDue() const {
    if (!holding()) return std::nullopt;
    return last_ + kReleaseAfter;
}

void ScannerBurst::clear() {
    wipeString(held_);
    characters_ = 0;
    overlong_ = false;
}

ScannerBurst::Step ScannerBurst::release(Step::Kind kind) {
    Step step{kind, held_};
    clear();
    return step;
}

}  // namespace kiosk::scan
