#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "scan/FrameSource.h"

namespace kiosk {

// A Linux camera through V4L2 (the kernel's ioctls, no libv4l): YUYV or grey at about
// 1280x720, mmap streaming with a few buffers, poll() with a timeout. Every failure is a
// sentence for staff naming the device ("/dev/video0 is not a camera (a regular file)").
class V4l2Camera final : public scan::FrameSource {
public:
    explicit V4l2Camera(std::string device, int width = 1280, int height = 720);
    ~V4l2Camera() override;
    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;

    std::string open() override;
    Next next(std::chrono::milliseconds timeout) override;
    void close() override;
    std::string name() const override { return device_; }

private:
    struct Buffer {
        void* start = nullptr;
        std::size_t length = 0;
    };
    std::string fail(const std::string& what, int error);
    bool requeue();

    std::string device_;
    int wantWidth_;
    int wantHeight_;
    int fd_ = -1;
    std::vector<Buffer> buffers_;
    int dequeued_ = -1;  // the buffer handed out by next(), given back to the driver by the next call
    bool streaming_ = false;
    int width_ = 0;
    int height_ = 0;
    int stride_ = 0;
    scan::PixelFormat format_ = scan::PixelFormat::Yuyv;
};

}  // namespace kiosk
