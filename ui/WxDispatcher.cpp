#include "WxDispatcher.h"

namespace kiosk::ui {

void WxDispatcher::post(std::function<void()> task) {
    if (wxTheApp) wxTheApp->CallAfter(std::move(task));
}

WxDispatcher::Ref WxDispatcher::makeRef(wxWindow* target) {
    // A wxWeakRef registers itself with its window, so it must also be destroyed on the UI
    // thread: if a worker happens to drop the last copy, the deletion is posted back.
    return Ref(new wxWeakRef<wxWindow>(target), [](wxWeakRef<wxWindow>* ref) {
        if (wxThread::IsMain() || !wxTheApp) delete ref;
        else wxTheApp->CallAfter([ref] { delete ref; });
    });
}

}  // namespace kiosk::ui
