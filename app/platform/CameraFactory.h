#pragma once
#include <memory>
#include <string>

#include "scan/FrameSource.h"

namespace kiosk {

// The frame source the [scanner] camera setting names: a .pgm/.ppm picture (demos, tests) or
// this platform's camera device (V4L2 on Linux). nullptr when the setting is "" (no camera).
// Nothing is opened here: the scanning thread opens it.
std::unique_ptr<scan::FrameSource> makeCameraSource(const std::string& camera);

}  // namespace kiosk
