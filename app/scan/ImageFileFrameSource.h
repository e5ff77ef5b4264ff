#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scan/FrameSource.h"

namespace kiosk::scan {

// A still picture read as if a camera kept showing it: binary PGM (P5, grey) or PPM (P6, RGB)
// with 8-bit samples. Parsed strictly: the header's numbers must be plain decimals, the data
// exactly as long as the header says, the sides at most kMaxSide; anything else is refused with
// a reason, never read out of bounds.
class ImageFileFrameSource final : public FrameSource {
public:
    static constexpr int kMaxSide = 4096;

    explicit ImageFileFrameSource(std::filesystem::path file);

    std::string open() override;
    Next next(std::chrono::milliseconds timeout) override;
    void close() override;
    std::string name() const override { return file_.string(); }

    // Parses `bytes` as P5/P6; "" when it is one (filling the picture), else why not.
    std::string parse(const std::vector<std::uint8_t>& bytes);

private:
    std::filesystem::path file_;
    std::vector<std::uint8_t> pixels_;
    int width_ = 0;
    int height_ = 0;
    PixelFormat format_ = PixelFormat::Lum;
    bool open_ = false;
};

}  // namespace kiosk::scan
