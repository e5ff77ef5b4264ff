#include "scan/CameraScanService.h"

#include <algorithm>

#include "core/Reaper.h"
#include "log/Log.h"

namespace kiosk::scan {

CameraScanService::CameraScanService(std::unique_ptr<FrameSource> source, Callbacks callbacks)
    : CameraScanService(std::move(source), std::move(callbacks), Options{}) {}

CameraScanService::CameraScanService(std::unique_ptr<FrameSource> source, Callbacks callbacks, Options options)
    : source_(std::move(source)), callbacks_(std::move(callbacks)), options_(options) {}

CameraScanService::~CameraScanService() {
    stop();
}

void CameraScanService::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
        paused_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void CameraScanService::resume() {
    std::lock_guard lock(mutex_);
    paused_ = false;
}

void CameraScanService::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

void CameraScanService::stop() {
    requestStop();
    if (thread_.joinable()) thread_.join();
}

namespace {
// Closes retired cameras off the UI thread, each on its own thread (one slow driver never
// holds up the next camera); joins them all at exit at the latest.
Reaper& retirees() {
    static Reaper instance("camera-reaper");
    return instance;
}
}  // namespace

void CameraScanService::retire(std::unique_ptr<CameraScanService> service) {
    if (!service) return;
    service->requestStop();
    retirees().run([service = std::move(service)]() mutable {
        service.reset();  // joins the scanning thread and closes the camera
    });
}

bool CameraScanService::waitForRetired(std::chrono::milliseconds timeout) {
    return retirees().waitIdle(timeout);
}

bool CameraScanService::waitFor(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, duration, [this] { return stopping_; });
}

void CameraScanService::run() {
    using clock = std::chrono::steady_clock;
    auto logger = log::get("scan");
    if (auto problem = source_->open(); !problem.empty()) {
        logger->error("camera unusable: {}", problem);
        if (callbacks_.problem) callbacks_.problem(problem);
        return;
    }
    logger->info("camera {} open", source_->name());
    auto lastFrame = clock::now();
    auto lastDecode = clock::time_point{};
    auto lastPreview = clock::time_point{};
    for (;;) {
        bool paused = false;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            paused = paused_;
        }
        const auto next = source_->next(options_.waitSlice);
        const auto now = clock::now();
        if (next.kind == FrameSource::Next::Kind::Failed) {
            logger->error("camera failed: {}", next.error);
            if (callbacks_.problem) callbacks_.problem(next.error);
            break;
        }
        if (next.kind == FrameSource::Next::Kind::Timeout) {
            if (now - lastFrame > options_.noFrameAfter) {
                const std::string problem = source_->name() + ": no picture from the camera for " +
                                            std::to_string(options_.noFrameAfter.count() / 1000) + " s";
                logger->error("camera failed: {}", problem);
                if (callbacks_.problem) callbacks_.problem(problem);
                break;
            }
            continue;
        }
        lastFrame = now;
        if (callbacks_.preview && now - lastPreview >= options_.previewInterval) {
            lastPreview = now;
            callbacks_.preview(makePreview(next.frame, options_.previewWidth));
        }
        if (!paused && now - lastDecode >= options_.decodeInterval) {
            lastDecode = now;
            auto decoded = decoder_.decode(next.frame);
            if (!decoded.refused.empty()) logger->warn("camera frame refused: {}", decoded.refused);
            if (!decoded.texts.empty()) {
                auto code = classifyScan(decoded.texts.front());
                for (auto& text : decoded.texts) wipeString(text);
                if (const auto* unknown = std::get_if<Unknown>(&code)) logger->info("camera read an unknown code: {}", unknown->reason);
                else logger->info("camera read a code (kind {})", code.index());
                {
                    std::lock_guard lock(mutex_);
                    paused_ = true;
                }
                callbacks_.code(std::move(code));
            }
        }
        // A still picture (or a fast camera) is not read faster than the preview needs.
        const auto spent = clock::now() - now;
        const auto pace = std::min(options_.previewInterval, options_.decodeInterval);
        if (spent < pace && !waitFor(std::chrono::duration_cast<std::chrono::milliseconds>(pace - spent))) break;
    }
    source_->close();
    logger->info("camera {} closed", source_->name());
}

PreviewImage CameraScanService::makePreview(const FrameView& frame, int maxWidth) {
    PreviewImage image;
    if (frame.width <= 0 || frame.height <= 0 || maxWidth <= 0) return image;
    const int bpp = QrDecoder::bytesPerPixel(frame.format);
    const std::size_t needed = static_cast<std::size_t>(frame.rowStride) * static_cast<std::size_t>(frame.height - 1) +
                               static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(bpp);
    if (frame.rowStride < frame.width * bpp || frame.bytes.size() < needed) return image;
    image.width = std::min(frame.width, maxWidth);
    image.height = std::max(1, static_cast<int>(static_cast<long long>(frame.height) * image.width / frame.width));
    image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    auto* out = image.rgb.data();
    for (int y = 0; y < image.height; ++y) {
        const int sy = static_cast<int>(static_cast<long long>(y) * frame.height / image.height);
        const auto* row = frame.bytes.data() + static_cast<std::size_t>(sy) * frame.rowStride;
        for (int x = 0; x < image.width; ++x) {
            const int sx = static_cast<int>(static_cast<long long>(x) * frame.width / image.width);
            std::uint8_t r = 0;
            std::uint8_t g = 0;
            std::uint8_t b = 0;
            switch (frame.format) {
                case PixelFormat::Lum: r = g = b = row[sx]; break;
                case PixelFormat::Yuyv: r = g = b = row[sx * 2]; break;  // the Y byte: a grey picture
                case PixelFormat::Rgb:
                case PixelFormat::Rgbx: r = row[sx * bpp]; g = row[sx * bpp + 1]; b = row[sx * bpp + 2]; break;
                case PixelFormat::Bgr:
                case PixelFormat::Bgrx: b = row[sx * bpp]; g = row[sx * bpp + 1]; r = row[sx * bpp + 2]; break;
            }
            *out++ = r;
            *out++ = g;
            *out++ = b;
        }
    }
    return image;
}

}  // namespace kiosk::scan
