#include "scan/QrDecoder.h"

// ZXing-C++ 1.4 gives Result::text() as UTF-8 only with this defined (std::wstring otherwise).
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <exception>

namespace kiosk::scan {
namespace {
constexpr int kMaxSide = 8192;  // larger than any camera the kiosk drives; guards the arithmetic

ZXing::ImageFormat zxingFormat(PixelFormat format) {
    switch (format) {
    case PixelFormat::Rgb: return ZXing::ImageFormat::RGB;
    case PixelFormat::Rgbx: return ZXing::ImageFormat::RGBX;
    case PixelFormat::Bgr: return ZXing::ImageFormat::BGR;
    case PixelFormat::Bgrx: return ZXing::ImageFormat::BGRX;
    case PixelFormat::Lum:
    case PixelFormat::Yuyv: break;  // Y is the first byte of each pixel: luminance with a stride of 2
    }
    return ZXing::ImageFormat::Lum;
}

std::string frameProblem(const FrameView& frame) {
    if (frame.width <= 0 || frame.height <= 0) return "a frame without pixels";
    if (frame.width > kMaxSide || frame.height > kMaxSide) return "a frame over 8192 pixels wide or high";
    const std::int64_t rowBytes = std::int64_t{frame.width} * QrDecoder::bytesPerPixel(frame.format);
    if (frame.rowStride < rowBytes) return "a row stride shorter than a row";
    const std::int64_t needed = std::int64_t{frame.rowStride} * (frame.height - 1) + rowBytes;
    if (frame.bytes.data() == nullptr || static_cast<std::int64_t>(frame.bytes.size()) < needed)
        return "a buffer shorter than its frame";
    return {};
}

// A code without an ECI (citizen ID cards, most phones) holds UTF-8 bytes; ZXing's guess tries
// UTF-8 first, so it needs no character set hint (a test reads such a card).
const ZXing::DecodeHints& hints() {
    static const ZXing::DecodeHints qrOnly =
        ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(true);
    return qrOnly;
}

void readInto(const ZXing::ImageView& view, std::vector<std::string>& texts) {
    try {
        for (const ZXing::Result& result : ZXing::ReadBarcodes(view, hints()))
            if (result.isValid()) texts.push_back(result.text());
    } catch (const std::exception&) {
        // A frame ZXing cannot cope with holds no code we could use.
    }
}

// Light-on-dark as dark-on-light: the luminance of every pixel, inverted.
std::vector<std::uint8_t> invertedLuminance(const ZXing::ImageView& view) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(view.width()) * static_cast<std::size_t>(view.height()));
    const ZXing::ImageFormat format = view.format();
    std::size_t at = 0;
    for (int y = 0; y < view.height(); ++y) {
        for (int x = 0; x < view.width(); ++x) {
            const std::uint8_t* pixel = view.data(x, y);
            const std::uint8_t lum =
                format == ZXing::ImageFormat::Lum
                    ? pixel[0]
                    : ZXing::RGBToLum(pixel[ZXing::RedIndex(format)], pixel[ZXing::GreenIndex(format)],
                                      pixel[ZXing::BlueIndex(format)]);
            out[at++] = static_cast<std::uint8_t>(255 - lum);
        }
    }
    return out;
}
}  // namespace

int QrDecoder::bytesPerPixel(PixelFormat format) {
    switch (format) {
    case PixelFormat::Lum: return 1;
    case PixelFormat::Yuyv: return 2;
    case PixelFormat::Rgb:
    case PixelFormat::Bgr: return 3;
    case PixelFormat::Rgbx:
    case PixelFormat::Bgrx: return 4;
    }
    return 4;
}

QrDecodeResult QrDecoder::decode(const FrameView& frame) const {
    QrDecodeResult result;
    result.refused = frameProblem(frame);
    if (!result.refused.empty()) return result;
    const ZXing::ImageView view(frame.bytes.data(), frame.width, frame.height, zxingFormat(frame.format),
                                frame.rowStride, bytesPerPixel(frame.format));
    readInto(view, result.texts);
    if (result.texts.empty() && options_.tryInverted) {
        const std::vector<std::uint8_t> inverted = invertedLuminance(view);
        readInto(ZXing::ImageView(inverted.data(), frame.width, frame.height, ZXing::ImageFormat::Lum), result.texts);
    }
    return result;
}

}  // namespace kiosk::scan
