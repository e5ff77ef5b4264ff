#include "domain/Session.h"

namespace kiosk {

Session::Session(Language defaultLanguage, TextSize defaultTextSize)
    : defaultLanguage_(defaultLanguage), defaultTextSize_(defaultTextSize), language_(defaultLanguage),
      textSize_(defaultTextSize) {}

void Session::togglePin(GroupId id) {
    if (id == GroupId::MyServices) return;
    if (!pinned_.erase(id)) pinned_.insert(id);
}

bool Session::pristine() const {
    return language_ == defaultLanguage_ && textSize_ == defaultTextSize_ && pinned_.empty();
}

void Session::wipe() {
    language_ = defaultLanguage_;
    textSize_ = defaultTextSize_;
    pinned_.clear();
    ++generation_;
}

}  // namespace kiosk
