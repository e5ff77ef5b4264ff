#pragma once
#include <chrono>
#include <string>

#include "scan/QrDecoder.h"

namespace kiosk::scan {

// Where camera-like frames come from: a V4L2 camera (platform/V4l2Camera) or a still image
// (ImageFileFrameSource, for tests and demos). One thread uses a source at a time; opening a
// camera may take a while, so it is done on the scanning thread, never on the UI thread.
class FrameSource {
public:
    struct Next {
        enum class Kind { Frame, Timeout, Failed };
        Kind kind = Kind::Timeout;
        FrameView frame;    // Frame: valid until the next call to next() or close()
        std::string error;  // Failed: a message for staff (the device and what went wrong)
    };

    virtual ~FrameSource() = default;
    // "" when the source is ready to give frames, else a message for staff.
    virtual std::string open() = 0;
    // Waits at most `timeout` for the next frame.
    virtual Next next(std::chrono::milliseconds timeout) = 0;
    // Stops the stream and releases the device; open() may be called again after it.
    virtual void close() = 0;
    // What this source is, for the log ("/dev/video0").
    virtual std::string name() const = 0;
};

}  // namespace kiosk::scan
