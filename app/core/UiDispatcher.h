#pragma once
#include <functional>

namespace kiosk {

// How core workers hand a result back to whoever owns the screen. The UI implements it on top
// of the toolkit's event loop; tests run the callbacks inline or queue them.
class UiDispatcher {
public:
    virtual ~UiDispatcher() = default;
    virtual void post(std::function<void()> task) = 0;
};

}  // namespace kiosk
