#include "domain/Session.h"

namespace kiosk {

ResidentIdentity::~ResidentIdentity() { wipe(*this); }

void wipe(ResidentIdentity& identity) {
    for (std::string* text : {&identity.subject, &identity.name, &identity.accessToken}) scan::wipeString(*text);
}

Session::Session(Language defaultLanguage, TextSize defaultTextSize, bool defaultHighContrast)
    : defaultLanguage_(defaultLanguage), defaultTextSize_(defaultTextSize), language_(defaultLanguage),
      textSize_(defaultTextSize), defaultHighContrast_(defaultHighContrast), highContrast_(defaultHighContrast) {}

void Session::togglePin(GroupId id) {
    if (id == GroupId::MyServices) return;
    if (!pinned_.erase(id)) pinned_.insert(id);
}

std::optional<ResidentIdentity> Session::takeIdentity() {
    std::optional<ResidentIdentity> identity;
    if (identity_) identity.emplace(std::move(*identity_));
    identity_.reset();
    ++generation_;
    return identity;
}

FeedbackCompose& Session::startCompose(FeedbackCompose compose) {
    endCompose();
    return compose_.emplace(std::move(compose));
}

void Session::endCompose() {
    if (!compose_) return;
    open311::wipe(compose_->draft);
    scan::wipeString(compose_->filledFor);
    compose_.reset();
}

void Session::endRating() {
    if (rating_) scan::wipeString(rating_->comment);
    rating_.reset();
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
           pinned_.empty() && !identity_ && !compose_ && ownReports_.empty() && !scannedCard_ &&
           !rating_ && rated_.empty() && !dossierLookup_;
}

void Session::wipe() {
    language_ = defaultLanguage_;
    textSize_ = defaultTextSize_;
    highContrast_ = defaultHighContrast_;
    hardwareKeyboardSeen_ = false;
    pinned_.clear();
    identity_.reset();
    endCompose();
    ownReports_.clear();
    endRating();
    rated_.clear();
    if (dossierLookup_) scan::wipeString(*dossierLookup_);
    dossierLookup_.reset();
    wipeScannedCard();
    ++generation_;
}

}  // namespace kiosk
