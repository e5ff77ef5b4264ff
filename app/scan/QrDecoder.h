#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kiosk::scan {

// How a frame's pixels are laid out. Yuyv (V4L2's YUYV 4:2:2) is read as luminance only: the
// Y byte of every pixel pair, which is all a QR code needs.
enum class PixelFormat { Lum, Rgb, Rgbx, Bgr, Bgrx, Yuyv };

// A frame as a camera or an image file gives it; the bytes belong to the caller.
struct FrameView {
    std::span<const std::uint8_t> bytes;
    int width = 0;
    int height = 0;
    int rowStride = 0;  // bytes from one row to the next: at least width × bytes per pixel (0 is refused)
    PixelFormat format = PixelFormat::Lum;
};

struct QrDecodeResult {
    std::vector<std::string> texts;  // each QR code found, UTF-8, in the order found
    std::string refused;             // why the frame was not read at all ("" when it was)
};

// Finds QR codes (and only QR codes) in camera-like frames with ZXing-C++. Thread-compatible:
// one decoder per camera thread, or share a const one.
class QrDecoder {
public:
    struct Options {
        // A second pass on the inverted image when the first finds nothing, for light-on-dark
        // codes (a phone in dark mode). It doubles the time spent on a frame without a code.
        bool tryInverted = true;
    };

    QrDecoder() = default;
    explicit QrDecoder(Options options) : options_(options) {}

    // Never throws for a bad frame: a size, stride or buffer that does not add up is refused.
    QrDecodeResult decode(const FrameView& frame) const;

    static int bytesPerPixel(PixelFormat format);

private:
    Options options_;
};

}  // namespace kiosk::scan
