#include "domain/Session.h"

namespace kiosk {

Session::Session(Language defaultLanguage, TextSize defaultTextSize, bool defaultHighContrast)
    : defaultLanguage_(defaultLanguage), defaultTextSize_(defaultTextSize), language_(defaultLanguage),
      textSize_(defaultTextSize), defaultHighContrast_(defaultHighContrast), highContrast_(defaultHighContrast) {}

void Session::togglePin(GroupId id) {
    if (id == GroupId::MyServices) return;
    if (!pinned_.erase(id)) pinned_.insert(id);
}

std::optional<ResidentIdentity> Session::takeIdentity() {
    auto identity = std::move(identity_);
    identity_.reset();
    ++generation_;
    return identity;
}

void Session::setScannedCard(scan::CccdCard card) {
    wipeScannedCard();
    scannedCard_.emplace(std::move(card));
}

void Session::wipeScannedCard() {
    if (!scannedCard_) return;
    scan::wipe(*scannedCard_);
    scannedCard_.reset();
}

bool Session::pristine() const {
    return language_ == defaultLanguage_ && textSize_ == defaultTextSize_ && highContrast_ == defaultHighContrast_ &&
           pinned_.empty() && !identity_ && !compose_ && !scannedCard_ &&
           !rating_ && rated_.empty() && !dossierLookup_;
}

void Session::wipe() {
    language_ = defaultLanguage_;
    textSize_ = defaultTextSize_;
    highContrast_ = defaultHighContrast_;
    hardwareKeyboardSeen_ = false;
    pinned_.clear();
    identity_.reset();
    compose_.reset();
    ownReports_.clear();
    rating_.reset();
    rated_.clear();
    dossierLookup_.reset();
    wipeScannedCard();
    ++generation_;
}

}  // namespace kiosk
