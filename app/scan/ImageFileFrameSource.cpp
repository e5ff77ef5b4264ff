#include "scan/ImageFileFrameSource.h"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace kiosk::scan {
namespace {

bool isSpace(std::uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Reads one header number: whitespace and '#' comments before it, then 1–5 decimal digits.
bool readNumber(const std::vector<std::uint8_t>& bytes, std::size_t& at, int& value) {
    for (;;) {
        while (at < bytes.size() && isSpace(bytes[at])) ++at;
        if (at < bytes.size() && bytes[at] == '#') {
            while (at < bytes.size() && bytes[at] != '\n' && bytes[at] != '\r') ++at;
            continue;
        }
        break;
    }
    const std::size_t start = at;
    value = 0;
    while (at < bytes.size() && bytes[at] >= '0' && bytes[at] <= '9' && at - start < 5) value = value * 10 + (bytes[at++] - '0');
    return at > start && at < bytes.size() && !(bytes[at] >= '0' && bytes[at] <= '9');
}

}  // namespace

ImageFileFrameSource::ImageFileFrameSource(std::filesystem::path file) : file_(std::move(file)) {}

std::string ImageFileFrameSource::parse(const std::vector<std::uint8_t>& bytes) {
    pixels_.clear();
    width_ = height_ = 0;
    if (bytes.size() < 2 || bytes[0] != 'P' || (bytes[1] != '5' && bytes[1] != '6'))
        return "not a binary PGM (P5) or PPM (P6) image";
    const int channels = bytes[1] == '5' ? 1 : 3;
    std::size_t at = 2;
    if (at >= bytes.size() || !isSpace(bytes[at])) return "no space after the P5/P6 magic";
    int width = 0;
    int height = 0;
    int maxValue = 0;
    if (!readNumber(bytes, at, width) || !readNumber(bytes, at, height) || !readNumber(bytes, at, maxValue))
        return "the header's width, height and maximum value are not plain numbers";
    if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
        return "the picture is " + std::to_string(width) + "x" + std::to_string(height) + " pixels (1 to " +
               std::to_string(kMaxSide) + " a side)";
    if (maxValue < 1 || maxValue > 255) return "only 8-bit samples (maximum value 1 to 255) are read";
    if (!isSpace(bytes[at])) return "no single space between the header and the pixels";
    ++at;
    const std::size_t size = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * channels;
    if (bytes.size() - at != size)
        return "the pixel data is " + std::to_string(bytes.size() - at) + " bytes, the header says " + std::to_string(size);
    pixels_.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
    if (maxValue != 255)
        for (auto& sample : pixels_) sample = static_cast<std::uint8_t>(std::min(255, sample * 255 / maxValue));
    width_ = width;
    height_ = height;
    format_ = channels == 1 ? PixelFormat::Lum : PixelFormat::Rgb;
    return {};
}

std::string ImageFileFrameSource::open() {
    close();
    std::error_code error;
    const auto size = std::filesystem::file_size(file_, error);
    if (error) return file_.string() + ": cannot read the picture (" + error.message() + ")";
    // The largest picture that can be valid, with room for a header and comments.
    const std::uintmax_t limit = std::uintmax_t{kMaxSide} * kMaxSide * 3 + 4096;
    if (size > limit) return file_.string() + ": the file is too large for a picture (" + std::to_string(size) + " bytes)";
    std::ifstream in(file_, std::ios::binary);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
        return file_.string() + ": cannot read the picture";
    if (auto problem = parse(bytes); !problem.empty()) return file_.string() + ": " + problem;
    open_ = true;
    return {};
}

FrameSource::Next ImageFileFrameSource::next(std::chrono::milliseconds) {
    Next result;
    if (!open_) {
        result.kind = Next::Kind::Failed;
        result.error = file_.string() + ": the picture is not open";
        return result;
    }
    result.kind = Next::Kind::Frame;
    const int stride = width_ * (format_ == PixelFormat::Lum ? 1 : 3);
    result.frame = FrameView{pixels_, width_, height_, stride, format_};
    return result;
}

void ImageFileFrameSource::close() {
    open_ = false;
}

}  // namespace kiosk::scan
