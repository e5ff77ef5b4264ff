#include "core/Clock.h"

namespace kiosk {

const SystemClock& SystemClock::instance() {
    static const SystemClock clock;
    return clock;
}

}  // namespace kiosk
