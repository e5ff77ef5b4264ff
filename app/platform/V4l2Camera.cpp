#include "platform/V4l2Camera.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kiosk {
namespace {

// ioctl, retried when a signal interrupts it.
int xioctl(int fd, unsigned long request, void* arg) {
    int result = 0;
    do result = ::ioctl(fd, request, arg);
    while (result == -1 && errno == EINTR);
    return result;
}

}  // namespace

V4l2Camera::V4l2Camera(std::string device, int width, int height)
    : device_(std::move(device)), wantWidth_(width), wantHeight_(height) {}

V4l2Camera::~V4l2Camera() {
    close();
}

std::string V4l2Camera::fail(const std::string& what, int error) {
    close();
    std::string message = device_ + ": " + what;
    if (error) message += " (" + std::string(std::strerror(error)) + ")";
    return message;
}

std::string V4l2Camera::open() {
    close();
    struct stat info {};
    if (::stat(device_.c_str(), &info) != 0) {
        const int error = errno;
        return fail(error == ENOENT ? "no such camera device: is the camera plugged in, and is this the right "
                                      "[scanner] camera setting?"
                                    : "cannot look at the camera device",
                    error);
    }
    if (!S_ISCHR(info.st_mode))
        return fail(S_ISREG(info.st_mode) ? "is not a camera device (a regular file)" : "is not a camera device", 0);
    fd_ = ::open(device_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
        const int error = errno;
        return fail(error == EACCES ? "cannot open the camera: the kiosk's user needs to be in the \"video\" group"
                                    : "cannot open the camera",
                    error);
    }

    v4l2_capability caps{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) != 0) return fail("is not a V4L2 camera", errno);
    const auto capabilities = (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
    if (!(capabilities & V4L2_CAP_VIDEO_CAPTURE)) return fail("cannot capture video (try another /dev/videoN)", 0);
    if (!(capabilities & V4L2_CAP_STREAMING)) return fail("does not support streaming capture", 0);

    // YUYV first (what USB cameras give uncompressed), then grey; the driver picks the nearest size.
    bool formatSet = false;
    for (const auto fourcc : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_GREY}) {
        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = static_cast<__u32>(wantWidth_);
        format.fmt.pix.height = static_cast<__u32>(wantHeight_);
        format.fmt.pix.pixelformat = fourcc;
        format.fmt.pix.field = V4L2_FIELD_NONE;
        if (xioctl(fd_, VIDIOC_S_FMT, &format) != 0) continue;
        if (format.fmt.pix.pixelformat != fourcc) continue;
        width_ = static_cast<int>(format.fmt.pix.width);
        height_ = static_cast<int>(format.fmt.pix.height);
        format_ = fourcc == V4L2_PIX_FMT_YUYV ? scan::PixelFormat::Yuyv : scan::PixelFormat::Lum;
        const int minStride = width_ * (fourcc == V4L2_PIX_FMT_YUYV ? 2 : 1);
        stride_ = std::max(minStride, static_cast<int>(format.fmt.pix.bytesperline));
        formatSet = true;
        break;
    }
    if (!formatSet) return fail("offers neither YUYV nor grey pictures", 0);
    if (width_ < 16 || height_ < 16 || width_ > 8192 || height_ > 8192)
        return fail("gave an unusable picture size " + std::to_string(width_) + "x" + std::to_string(height_), 0);

    v4l2_requestbuffers request{};
    request.count = 3;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &request) != 0) return fail("refused memory-mapped capture buffers", errno);
    if (request.count < 2) return fail("gave fewer than two capture buffers", 0);
    if (request.count > 4) request.count = 4;
    for (unsigned i = 0; i < request.count; ++i) {
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        buffer.index = i;
        if (xioctl(fd_, VIDIOC_QUERYBUF, &buffer) != 0) return fail("cannot describe a capture buffer", errno);
        void* start = ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buffer.m.offset);
        if (start == MAP_FAILED) return fail("cannot map a capture buffer", errno);
        buffers_.push_back({start, buffer.length});
        if (xioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return fail("cannot queue a capture buffer", errno);
    }
    if (static_cast<std::size_t>(stride_) * static_cast<std::size_t>(height_) > buffers_.front().length)
        return fail("gave buffers smaller than its pictures", 0);
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) return fail("cannot start capturing", errno);
    streaming_ = true;
    return {};
}

bool V4l2Camera::requeue() {
    if (dequeued_ < 0) return true;
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    buffer.index = static_cast<__u32>(dequeued_);
    dequeued_ = -1;
    return xioctl(fd_, VIDIOC_QBUF, &buffer) == 0;
}

scan::FrameSource::Next V4l2Camera::next(std::chrono::milliseconds timeout) {
    Next result;
    auto failed = [&](const std::string& what, int error) {
        result.kind = Next::Kind::Failed;
        result.error = device_ + ": " + what + (error ? " (" + std::string(std::strerror(error)) + ")" : "");
        return result;
    };
    if (!streaming_) return failed("the camera is not open", 0);
    if (!requeue()) return failed("cannot give a buffer back to the camera", errno);
    pollfd waitFor{fd_, POLLIN, 0};
    const int ready = ::poll(&waitFor, 1, static_cast<int>(timeout.count()));
    if (ready < 0) {
        if (errno == EINTR) return result;
        return failed("cannot wait for the camera", errno);
    }
    if (ready == 0) return result;  // Timeout
    if (waitFor.revents & (POLLERR | POLLHUP | POLLNVAL)) return failed("the camera stopped (was it unplugged?)", 0);
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buffer) != 0) {
        if (errno == EAGAIN) return result;
        return failed("cannot take a picture from the camera", errno);
    }
    if (buffer.index >= buffers_.size()) return failed("gave back an unknown buffer", 0);
    dequeued_ = static_cast<int>(buffer.index);
    const auto& mapped = buffers_[buffer.index];
    const std::size_t needed = static_cast<std::size_t>(stride_) * static_cast<std::size_t>(height_);
    if ((buffer.flags & V4L2_BUF_FLAG_ERROR) || buffer.bytesused < needed) return result;  // a damaged frame: skip it
    result.kind = Next::Kind::Frame;
    result.frame = scan::FrameView{{static_cast<const std::uint8_t*>(mapped.start), needed}, width_, height_, stride_, format_};
    return result;
}

void V4l2Camera::close() {
    if (fd_ >= 0 && streaming_) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(fd_, VIDIOC_STREAMOFF, &type);
    }
    streaming_ = false;
    dequeued_ = -1;
    for (const auto& buffer : buffers_) ::munmap(buffer.start, buffer.length);
    buffers_.clear();
    if (fd_ >= 0) {
        v4l2_requestbuffers release{};
        release.count = 0;
        release.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        release.memory = V4L2_MEMORY_MMAP;
        xioctl(fd_, VIDIOC_REQBUFS, &release);
        ::close(fd_);
    }
    fd_ = -1;
}

}  // namespace kiosk
