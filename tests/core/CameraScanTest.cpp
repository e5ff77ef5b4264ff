// Camera scanning without a camera: still pictures read strictly (PGM/PPM; corrupt and oversize
// files refused), the scanning thread reporting a slip's code from one and nothing from noise,
// stopping promptly, and the V4L2 camera refusing what is not a camera with a clear message.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>
#include <variant>
#include <vector>

#include "feedback/Outbox.h"
#include "platform/CameraFactory.h"
#include "platform/V4l2Camera.h"
#include "printing/QrCode.h"
#include "scan/CameraScanService.h"
#include "scan/ImageFileFrameSource.h"

using namespace kiosk;
using namespace kiosk::scan;
using namespace std::chrono_literals;

namespace {

std::filesystem::path scratch() {
    auto dir = std::filesystem::temp_directory_path() / ("kiosk-camera-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path writeFile(const std::string& name, const std::string& bytes) {
    const auto path = scratch() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// A grey picture of `text` as a QR code, 6 pixels a module, on a 640x480 grey desk.
std::string qrPgm(const std::string& text) {
    const QrCode code = QrCode::encode(text);
    const int width = 640;
    const int height = 480;
    std::string pixels(static_cast<std::size_t>(width * height), static_cast<char>(150));
    const int module = 6;
    const int left = (width - code.size() * module) / 2;
    const int top = (height - code.size() * module) / 2;
    for (int y = 0; y < code.size() * module; ++y)
        for (int x = 0; x < code.size() * module; ++x)
            pixels[static_cast<std::size_t>((top + y) * width + left + x)] =
                static_cast<char>(code.dark(x / module, y / module) ? 30 : 230);
    return "P5\n# a slip under the camera\n640 480\n255\n" + pixels;
}

std::string noisePgm() {
    std::mt19937 random(7);
    std::string pixels(640 * 480, '\0');
    for (auto& p : pixels) p = static_cast<char>(random() & 0xff);
    return "P5 640 480 255\n" + pixels;
}

// What the scanning thread reported, waited for on the test's thread.
struct Reports {
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<ScannedCode> code;
    std::optional<std::string> problem;
    int codes = 0;
    int previews = 0;
    PreviewImage lastPreview;

    CameraScanService::Callbacks callbacks() {
        return {[this](ScannedCode c) {
                    std::lock_guard lock(mutex);
                    code = std::move(c);
                    ++codes;
                    changed.notify_all();
                },
                [this](PreviewImage image) {
                    std::lock_guard lock(mutex);
                    ++previews;
                    lastPreview = std::move(image);
                },
                [this](std::string p) {
                    std::lock_guard lock(mutex);
                    problem = std::move(p);
                    changed.notify_all();
                }};
    }
    bool waitForCodeOrProblem(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [this] { return code.has_value() || problem.has_value(); });
    }
};

// A camera that never delivers a frame (a stuck driver).
class SilentSource final : public FrameSource {
public:
    std::string open() override { return {}; }
    Next next(std::chrono::milliseconds timeout) override {
        std::this_thread::sleep_for(timeout);
        return {};
    }
    void close() override {}
    std::string name() const override { return "silent"; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(image_file_frames)

BOOST_AUTO_TEST_CASE(grey_and_colour_pictures_are_read) {
    ImageFileFrameSource grey(writeFile("grey.pgm", "P5\n# comment\n3 2\n255\n" + std::string("\x01\x02\x03\x04\x05\x06", 6)));
    BOOST_TEST_REQUIRE(grey.open() == "");
    const auto frame = grey.next(0ms);
    BOOST_TEST_REQUIRE((frame.kind == FrameSource::Next::Kind::Frame));
    BOOST_TEST(frame.frame.width == 3);
    BOOST_TEST(frame.frame.height == 2);
    BOOST_TEST(frame.frame.rowStride == 3);
    BOOST_TEST((frame.frame.format == PixelFormat::Lum));
    BOOST_TEST(frame.frame.bytes[5] == 6);

    ImageFileFrameSource colour(writeFile("colour.ppm", "P6 1 1 15\n" + std::string("\x0f\x00\x05", 3)));
    BOOST_TEST_REQUIRE(colour.open() == "");
    const auto pixel = colour.next(0ms);
    BOOST_TEST((pixel.frame.format == PixelFormat::Rgb));
    BOOST_TEST(pixel.frame.bytes[0] == 255);  // 15 of 15 is full brightness
    BOOST_TEST(pixel.frame.bytes[2] == 85);
}

BOOST_AUTO_TEST_CASE(corrupt_pictures_are_refused_with_a_reason) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"P2\n2 2\n255\n1 2 3 4", "P5"},                              // ASCII PGM: not read
        {"P5\n2 2\n255\n\x01\x02\x03", "header says 4"},              // truncated
        {"P5\n2 2\n255\n\x01\x02\x03\x04\x05", "header says 4"},      // trailing bytes
        {"P5\n2 x\n255\n\x01\x02\x03\x04", "plain numbers"},          // not a number
        {"P5\n-2 2\n255\n\x01\x02\x03\x04", "plain numbers"},         // no signs
        {"P5\n2 2\n65535\n\x01\x02\x03\x04\x05\x06\x07\x08", "8-bit"},  // 16-bit samples
        {"P5\n0 2\n255\n", "1 to 4096"},                              // no pixels
        {"P6\n5000 5000\n255\n\x01", "1 to 4096"},                    // too large a side, not read
        {"P5\n99999999999 2\n255\n\x01", "plain numbers"},            // overflow
        {"P5", "no space"},
        {"", "P5"},
    };
    int i = 0;
    for (const auto& [bytes, reason] : bad) {
        ImageFileFrameSource source(writeFile("bad" + std::to_string(i++) + ".pgm", bytes));
        const auto problem = source.open();
        BOOST_TEST(problem.find(reason) != std::string::npos, problem << " for case " << i);
        BOOST_TEST((source.next(0ms).kind == FrameSource::Next::Kind::Failed));
    }
}

BOOST_AUTO_TEST_CASE(an_oversize_or_missing_file_is_not_read) {
    const auto big = scratch() / "big.pgm";
    { std::ofstream(big, std::ios::binary) << "P5\n4096 4096\n255\n"; }
    std::filesystem::resize_file(big, 4096ull * 4096 * 3 + 10000);  // sparse: nothing is written
    ImageFileFrameSource source(big);
    BOOST_TEST(source.open().find("too large") != std::string::npos);
    ImageFileFrameSource missing(scratch() / "missing.pgm");
    BOOST_TEST(missing.open().find("missing.pgm: cannot read") != std::string::npos);
    std::filesystem::remove(big);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(camera_scan_service)

BOOST_AUTO_TEST_CASE(a_slip_under_the_camera_is_reported_once) {
    const std::string tracking = newTrackingCode();
    Reports reports;
    CameraScanService service(std::make_unique<ImageFileFrameSource>(writeFile("slip.pgm", qrPgm(tracking))),
                              reports.callbacks());
    service.start();
    BOOST_TEST_REQUIRE(reports.waitForCodeOrProblem(5s));
    {
        std::lock_guard lock(reports.mutex);
        BOOST_TEST_REQUIRE(!reports.problem.has_value());
        const auto* report = std::get_if<OurReport>(&*reports.code);
        BOOST_TEST_REQUIRE(report != nullptr);
        BOOST_TEST(report->trackingCode == tracking);
    }
    std::this_thread::sleep_for(600ms);  // paused: the same slip is not reported again
    std::lock_guard lock(reports.mutex);
    BOOST_TEST(reports.codes == 1);
    BOOST_TEST(reports.previews >= 3);  // the picture keeps coming for the screen
    BOOST_TEST(reports.lastPreview.width == 640);
    BOOST_TEST(reports.lastPreview.rgb.size() == 640u * 480u * 3u);
}

BOOST_AUTO_TEST_CASE(noise_gives_nothing_and_stop_is_prompt) {
    Reports reports;
    CameraScanService service(std::make_unique<ImageFileFrameSource>(writeFile("noise.pgm", noisePgm())),
                              reports.callbacks());
    service.start();
    BOOST_TEST(!reports.waitForCodeOrProblem(1500ms));
    const auto before = std::chrono::steady_clock::now();
    service.stop();
    BOOST_TEST((std::chrono::steady_clock::now() - before < 400ms));

    CameraScanService stuck(std::make_unique<SilentSource>(), reports.callbacks());
    stuck.start();
    std::this_thread::sleep_for(150ms);
    const auto start = std::chrono::steady_clock::now();
    stuck.stop();
    BOOST_TEST((std::chrono::steady_clock::now() - start < 300ms));
}

BOOST_AUTO_TEST_CASE(a_camera_that_cannot_open_is_reported) {
    Reports reports;
    CameraScanService service(makeCameraSource((scratch() / "nothing.pgm").string()), reports.callbacks());
    service.start();
    BOOST_TEST_REQUIRE(reports.waitForCodeOrProblem(2s));
    std::lock_guard lock(reports.mutex);
    BOOST_TEST_REQUIRE(reports.problem.has_value());
    BOOST_TEST(reports.problem->find("nothing.pgm") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(v4l2_camera)

BOOST_AUTO_TEST_CASE(what_is_not_a_camera_is_refused_clearly) {
    V4l2Camera missing("/dev/video-kiosk-test-none");
    BOOST_TEST(missing.open() ==
               "/dev/video-kiosk-test-none: no such camera device: is the camera plugged in, and is this the right "
               "[scanner] camera setting? (No such file or directory)");
    const auto file = writeFile("video0", "not a camera");
    V4l2Camera regular(file.string());
    BOOST_TEST(regular.open() == file.string() + ": is not a camera device (a regular file)");
    V4l2Camera null("/dev/null");  // a character device, but no V4L2
    const auto problem = null.open();
    BOOST_TEST(problem.find("/dev/null: is not a V4L2 camera") == 0u, problem);
    BOOST_TEST((null.next(10ms).kind == FrameSource::Next::Kind::Failed));
    BOOST_TEST((makeCameraSource("") == nullptr));
    BOOST_TEST(makeCameraSource("/dev/video0")->name() == "/dev/video0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(camera_scan_retire)

BOOST_AUTO_TEST_CASE(retiring_does_not_wait_and_the_camera_closes_soon_after) {
    Reports reports;
    auto service = std::make_unique<CameraScanService>(std::make_unique<SilentSource>(), reports.callbacks());
    service->start();
    std::this_thread::sleep_for(50ms);
    const auto before = std::chrono::steady_clock::now();
    CameraScanService::retire(std::move(service));
    BOOST_TEST((std::chrono::steady_clock::now() - before < 20ms));  // the silent camera waits 100 ms a slice
    BOOST_TEST(CameraScanService::waitForRetired(1s));
}

BOOST_AUTO_TEST_SUITE_END()
