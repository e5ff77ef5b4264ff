#pragma once
#include <wx/app.h>
#include <wx/thread.h>
#include <wx/weakref.h>
#include <wx/window.h>

#include <atomic>
#include <functional>
#include <memory>

#include "core/UiDispatcher.h"

namespace kiosk::ui {

// The one way results come back to the UI thread. post() may be called from any thread and
// runs the task on the UI thread via CallAfter. bind() wraps a callback for a window: the
// returned function may be called from any thread, and runs the callback only if the window
// still exists then — kiosk screens time out and are destroyed while work is in flight.
class WxDispatcher final : public UiDispatcher {
public:
    void post(std::function<void()> task) override;

    // Call on the UI thread (it creates the weak reference there).
    template <typename... Args, typename Callback>
    std::function<void(Args...)> bind(wxWindow* target, Callback callback) {
        auto ref = makeRef(target);
        return [this, ref, callback](Args... args) {
            post([this, ref, callback, args...] {
                if (ref->get()) callback(args...);
                else ++dropped_;
            });
        };
    }

    // Results that arrived after their window was gone (for tests and the log).
    int dropped() const { return dropped_; }

private:
    using Ref = std::shared_ptr<wxWeakRef<wxWindow>>;
    static Ref makeRef(wxWindow* target);
    std::atomic<int> dropped_{0};
};

}  // namespace kiosk::ui
