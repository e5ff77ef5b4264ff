#include "platform/CameraFactory.h"

#include "platform/V4l2Camera.h"
#include "scan/ImageFileFrameSource.h"

namespace kiosk {

std::unique_ptr<scan::FrameSource> makeCameraSource(const std::string& camera) {
    if (camera.empty()) return nullptr;
    if (camera.ends_with(".pgm") || camera.ends_with(".ppm")) return std::make_unique<scan::ImageFileFrameSource>(camera);
    return std::make_unique<V4l2Camera>(camera);
}

}  // namespace kiosk
