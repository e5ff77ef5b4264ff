#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scan/FrameSource.h"
#include "scan/QrDecoder.h"
#include "scan/ScanClassifier.h"

namespace kiosk::scan {

// A small RGB copy of a camera frame for the screen (width at most Options::previewWidth).
struct PreviewImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // width × height × 3
};

// Reads QR codes from a FrameSource on its own thread: opens the source there (a camera can be
// slow to open), hands a preview about 10 times a second, decodes at a bounded rate, classifies
// what it finds and reports the first code, then pauses until resume(). stop() (and the
// destructor) end the thread within about one frame timeout slice. Callbacks run on the
// scanning thread: the UI wraps them with its dispatcher. Scanned text is never logged.
class CameraScanService {
public:
    struct Options {
        std::chrono::milliseconds decodeInterval{250};   // at most 4 decodes a second
        std::chrono::milliseconds previewInterval{100};  // about 10 previews a second
        std::chrono::milliseconds waitSlice{100};        // longest wait before stop() is noticed
        std::chrono::milliseconds noFrameAfter{3000};    // no frame for this long: a problem
        int previewWidth = 640;
    };
    struct Callbacks {
        std::function<void(ScannedCode)> code;        // the first code read; then paused
        std::function<void(PreviewImage)> preview;    // may be empty
        std::function<void(std::string)> problem;     // the source failed (a message for staff); the thread ends
    };

    CameraScanService(std::unique_ptr<FrameSource> source, Callbacks callbacks);
    CameraScanService(std::unique_ptr<FrameSource> source, Callbacks callbacks, Options options);
    ~CameraScanService();
    CameraScanService(const CameraScanService&) = delete;
    CameraScanService& operator=(const CameraScanService&) = delete;

    void start();
    // Looks for a code again after one was reported.
    void resume();
    // Ends the thread and closes the source; returns once it has.
    void stop();
    // Asks the thread to end, without waiting for it.
    void requestStop();

    // For the UI thread, which never waits on the camera: the service is asked to stop and is
    // destroyed on a thread of its own, owned by a Reaper (core/Reaper.h), once its scanning
    // thread has ended (within one wait slice or one decode). waitForRetired() at exit waits,
    // bounded, for every one still ending; the reaper joins them at the latest as the process ends.
    static void retire(std::unique_ptr<CameraScanService> service);
    static bool waitForRetired(std::chrono::milliseconds timeout);

    static PreviewImage makePreview(const FrameView& frame, int maxWidth);

private:
    void run();
    bool waitFor(std::chrono::milliseconds duration);  // false: stop requested

    std::unique_ptr<FrameSource> source_;
    Callbacks callbacks_;
    Options options_;
    QrDecoder decoder_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool paused_ = false;
    std::thread thread_;
};

}  // namespace kiosk::scan
