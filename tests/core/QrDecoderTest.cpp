// QR codes found in camera-like frames: 1280×720, noisy, low contrast, a little rotated, in
// the pixel formats cameras deliver; a frame without a code gives nothing, a bad buffer is
// refused without a crash.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include "feedback/Outbox.h"
#include "printing/QrCode.h"
#include "scan/QrDecoder.h"
#include "scan/ScanClassifier.h"

using namespace kiosk;
using namespace kiosk::scan;

namespace {
constexpr int kWidth = 1280;
constexpr int kHeight = 720;

// One code as the camera sees it.
struct Placed {
    std::string text;
    int centerX = kWidth / 2;
    int centerY = kHeight / 2;
    int modulePixels = 7;
    double degrees = 5;
    int dark = 80;  // a grey print under shop lighting: not black on white
    int light = 165;
    // false: the text's UTF-8 bytes with no ECI to name them, as citizen ID cards print them
    // (QrCode::encode writes an ECI).
    bool withEci = true;
};

// The code's modules, quiet zone included: size × size, row by row.
std::vector<bool> modulesOf(const Placed& placed, int& size) {
    std::vector<bool> modules;
    if (placed.withEci) {
        const QrCode code = QrCode::encode(placed.text);
        size = code.size();
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) modules.push_back(code.dark(x, y));
        return modules;
    }
    // Each byte as the Latin-1 character of that value: with no character set named, the
    // writer puts the bytes in as they are.
    std::wstring bytes;
    for (const char c : placed.text) bytes += static_cast<wchar_t>(static_cast<unsigned char>(c));
    const ZXing::BitMatrix matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                        .setEncoding(ZXing::CharacterSet::Unknown)
                                        .setMargin(4)
                                        .encode(bytes, 0, 0);
    size = matrix.width();
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) modules.push_back(matrix.get(x, y));
    return modules;
}

// A grey frame of noise around mid-grey with the codes drawn in (nearest-neighbour rotation),
// themselves noisy too.
std::vector<std::uint8_t> grayFrame(const std::vector<Placed>& codes, unsigned seed = 1) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> noise(-20, 20);
    std::vector<std::uint8_t> frame(static_cast<std::size_t>(kWidth * kHeight));
    for (auto& pixel : frame) pixel = static_cast<std::uint8_t>(120 + noise(random));
    for (const Placed& placed : codes) {
        int size = 0;
        const std::vector<bool> modules = modulesOf(placed, size);
        const double angle = placed.degrees * std::numbers::pi / 180;
        const double cosine = std::cos(angle);
        const double sine = std::sin(angle);
        const double half = size / 2.0;
        const int reach = static_cast<int>(size * placed.modulePixels * 0.75);  // covers the rotated square
        for (int y = std::max(0, placed.centerY - reach); y < std::min(kHeight, placed.centerY + reach); ++y) {
            for (int x = std::max(0, placed.centerX - reach); x < std::min(kWidth, placed.centerX + reach); ++x) {
                const double dx = x - placed.centerX;
                const double dy = y - placed.centerY;
                const int mx = static_cast<int>(std::floor((cosine * dx + sine * dy) / placed.modulePixels + half));
                const int my = static_cast<int>(std::floor((-sine * dx + cosine * dy) / placed.modulePixels + half));
                if (mx < 0 || my < 0 || mx >= size || my >= size) continue;
                const bool dark = modules[static_cast<std::size_t>(my * size + mx)];
                const int value = (dark ? placed.dark : placed.light) + noise(random);
                frame[static_cast<std::size_t>(y * kWidth + x)] = static_cast<std::uint8_t>(std::clamp(value, 0, 255));
            }
        }
    }
    return frame;
}

FrameView lumView(const std::vector<std::uint8_t>& frame) {
    return {frame, kWidth, kHeight, kWidth, PixelFormat::Lum};
}

// The grey frame in a colour format, each row padded to `rowStride` bytes. Only red carries the
// picture (green and blue are mid-grey), so red and blue swapped leave too little contrast to
// read (0.114 of it instead of 0.299); alpha, and YUYV's U and V, are noise.
std::vector<std::uint8_t> convert(const std::vector<std::uint8_t>& gray, PixelFormat format, int rowStride) {
    const int bytes = QrDecoder::bytesPerPixel(format);
    const bool blueFirst = format == PixelFormat::Bgr || format == PixelFormat::Bgrx;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(rowStride * kHeight), 0xEE);
    std::mt19937 random(3);
    std::uniform_int_distribution<int> chroma(0, 255);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const std::uint8_t g = gray[static_cast<std::size_t>(y * kWidth + x)];
            std::uint8_t* pixel = &out[static_cast<std::size_t>(y * rowStride + x * bytes)];
            if (format == PixelFormat::Yuyv) {
                pixel[0] = g;
                pixel[1] = static_cast<std::uint8_t>(chroma(random));
                continue;
            }
            pixel[blueFirst ? 2 : 0] = g;
            pixel[1] = 128;
            pixel[blueFirst ? 0 : 2] = 128;
            if (bytes == 4) pixel[3] = static_cast<std::uint8_t>(chroma(random));
        }
    }
    return out;
}

// Decodes and logs how long it took (the benchmark's target is 30 ms a 1280×720 frame).
QrDecodeResult timedDecode(const QrDecoder& decoder, const FrameView& frame) {
    const auto started = std::chrono::steady_clock::now();
    QrDecodeResult result = decoder.decode(frame);
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST_MESSAGE("decoded in " << std::chrono::duration_cast<std::chrono::microseconds>(took).count() / 1000.0
                                     << " ms, " << result.texts.size() << " code(s)");
    return result;
}

std::multiset<std::string> found(const QrDecodeResult& result) {
    return std::multiset<std::string>(result.texts.begin(), result.texts.end());
}
}  // namespace

BOOST_AUTO_TEST_SUITE(qr_decoder)

BOOST_AUTO_TEST_CASE(reads_our_slip_code_from_a_noisy_rotated_low_contrast_frame) {
    const QrDecoder decoder;
    for (const int module : {6, 8}) {
        for (const double degrees : {-5.0, 5.0}) {
            BOOST_TEST_CONTEXT("module " << module << " px, " << degrees << "°") {
                const std::string code = newTrackingCode();
                const auto frame = grayFrame({{.text = code, .centerX = 500, .centerY = 330, .modulePixels = module,
                                               .degrees = degrees}});
                const QrDecodeResult result = timedDecode(decoder, lumView(frame));
                BOOST_TEST(result.refused.empty());
                BOOST_TEST(result.texts == std::vector<std::string>{code}, boost::test_tools::per_element());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_every_camera_pixel_format) {
    const std::string code = newTrackingCode();
    const auto gray = grayFrame({{.text = code, .dark = 10, .light = 245}});
    const QrDecoder decoder;
    for (const PixelFormat format :
         {PixelFormat::Rgb, PixelFormat::Bgr, PixelFormat::Rgbx, PixelFormat::Bgrx, PixelFormat::Yuyv}) {
        BOOST_TEST_CONTEXT("format " << static_cast<int>(format)) {
            const int rowStride = kWidth * QrDecoder::bytesPerPixel(format) + 64;  // padded rows
            const auto frame = convert(gray, format, rowStride);
            const QrDecodeResult result = decoder.decode({frame, kWidth, kHeight, rowStride, format});
            BOOST_TEST(result.refused.empty());
            BOOST_TEST(result.texts == std::vector<std::string>{code}, boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_a_citizen_id_card_in_vietnamese_with_or_without_an_eci) {
    // Synthetic card: invented number, name and address.
    const std::string card = "079190001234||NGÔ THỊ HẠNH|05051992|Nữ|7 Nguyễn Huệ, Phường Sài Gòn, TP.HCM|20072022";
    for (const bool withEci : {true, false}) {
        BOOST_TEST_CONTEXT("with ECI: " << withEci) {
            const auto frame = grayFrame({{.text = card, .modulePixels = 6, .degrees = 4, .withEci = withEci}});
            const QrDecodeResult result = QrDecoder().decode(lumView(frame));
            BOOST_TEST_REQUIRE(result.texts.size() == 1u);
            BOOST_TEST(result.texts[0] == card);
            const ScannedCode scanned = classifyScan(result.texts[0]);
            BOOST_TEST_REQUIRE(std::holds_alternative<Cccd>(scanned));
            BOOST_TEST(std::get<Cccd>(scanned).card.fullName == "NGÔ THỊ HẠNH");
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_two_codes_in_one_frame) {
    const std::string slip = newTrackingCode();
    const std::string dossier = "H29.22-241128-0001";
    const auto frame = grayFrame({{.text = slip, .centerX = 330, .degrees = -3}, {.text = dossier, .centerX = 950}});
    BOOST_TEST((found(QrDecoder().decode(lumView(frame))) == std::multiset<std::string>{slip, dossier}));
}

BOOST_AUTO_TEST_CASE(reads_a_light_on_dark_code_only_when_asked_to) {
    const std::string code = newTrackingCode();
    const auto frame = grayFrame({{.text = code, .dark = 235, .light = 20}});
    BOOST_TEST(QrDecoder().decode(lumView(frame)).texts == std::vector<std::string>{code},
               boost::test_tools::per_element());
    BOOST_TEST(QrDecoder({.tryInverted = false}).decode(lumView(frame)).texts.empty());
    // The inverted pass reads colour frames by their luminance too.
    const int rowStride = kWidth * 4;
    const auto colour = convert(frame, PixelFormat::Bgrx, rowStride);
    BOOST_TEST(QrDecoder().decode({colour, kWidth, kHeight, rowStride, PixelFormat::Bgrx}).texts ==
                   std::vector<std::string>{code},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_frame_without_a_code_gives_nothing) {
    auto frame = grayFrame({});
    // Some edges and blocks, as a real scene has.
    for (int y = 100; y < 400; ++y)
        for (int x = 200; x < 700; ++x)
            if ((x / 40 + y / 40) % 2 == 0) frame[static_cast<std::size_t>(y * kWidth + x)] = 30;
    const QrDecodeResult result = timedDecode(QrDecoder(), lumView(frame));
    BOOST_TEST(result.refused.empty());
    BOOST_TEST(result.texts.empty());
    BOOST_TEST(timedDecode(QrDecoder({.tryInverted = false}), lumView(frame)).texts.empty());
}

BOOST_AUTO_TEST_CASE(bad_buffers_are_refused_without_a_crash) {
    const std::vector<std::uint8_t> bytes(100 * 100 * 4, 0x80);
    const std::span<const std::uint8_t> all(bytes);
    struct Case {
        const char* what;
        FrameView frame;
    };
    const std::vector<Case> cases = {
        {"0×0", {{}, 0, 0, 0, PixelFormat::Lum}},
        {"0×0 with bytes", {all, 0, 0, 0, PixelFormat::Lum}},
        {"negative width", {all, -5, 10, 100, PixelFormat::Lum}},
        {"negative height", {all, 10, -5, 100, PixelFormat::Lum}},
        {"stride below width", {all, 100, 100, 99, PixelFormat::Lum}},
        {"negative stride", {all, 100, 100, -100, PixelFormat::Lum}},
        {"RGB stride of a grey row", {all, 100, 100, 100, PixelFormat::Rgb}},
        {"YUYV stride of a grey row", {all, 100, 100, 100, PixelFormat::Yuyv}},
        {"one byte short", {all.first(100 * 99 + 99), 100, 100, 100, PixelFormat::Lum}},
        {"no buffer", {{}, 1, 1, 1, PixelFormat::Lum}},
        {"absurd size", {all, 100000, 100000, 400000, PixelFormat::Rgbx}},
        {"overflowing size", {all, 8192, 8192, 2147483647, PixelFormat::Lum}},
    };
    const QrDecoder decoder;
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            QrDecodeResult result;
            BOOST_REQUIRE_NO_THROW(result = decoder.decode(c.frame));
            BOOST_TEST(!result.refused.empty());
            BOOST_TEST(result.texts.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(small_and_exactly_sized_buffers_are_read) {
    const std::vector<std::uint8_t> bytes(120 * 99 + 100, 0x80);
    const QrDecoder decoder;
    // The last row needs no padding after it.
    BOOST_TEST(decoder.decode({bytes, 100, 100, 120, PixelFormat::Lum}).refused.empty());
    BOOST_TEST(decoder.decode({std::span(bytes).first(1), 1, 1, 1, PixelFormat::Lum}).refused.empty());
    BOOST_TEST(decoder.decode({std::span(bytes).first(4), 2, 1, 4, PixelFormat::Yuyv}).refused.empty());
    BOOST_TEST(decoder.decode({std::span(bytes).first(3), 3, 1, 0, PixelFormat::Lum}).refused.size() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
