#pragma once
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "config/KioskSetup.h"

namespace kiosk {
class Outbox;
}

namespace kiosk::cli {

// outbox.db opened for writing as the kiosk opens it (migrated, a damaged file moved aside and
// recovered, tracking codes naming the ward), with what happened told on stderr. nullptr, after
// saying why, when no outbox can be had. Used by every kioskctl command that changes it.
std::unique_ptr<Outbox> openOutboxForWriting(const Paths& paths, const Config& config);

// `kioskctl outbox list|retry|export|recover` and `kioskctl feedback submit`: staff see, push
// and save what residents sent, recover what a damaged outbox file still holds, and file a
// report taken in person or by phone through the same outbox and sender as the kiosk's screen
// (app/feedback/OPEN311.md).
// list and export only read outbox.db (Outbox::openReadOnly: nothing created, no owner
// changed, no migration or quarantine), so anyone who can read it may run them, root included;
// export writes its FILE as the caller. retry, recover and submit change outbox.db: kioskctl
// runs them as the kiosk's user (writes()).
class FeedbackCommands {
public:
    explicit FeedbackCommands(CLI::App& app);

    // True when one of these commands was chosen on the command line.
    bool chosen() const;
    // True when the chosen command changes the kiosk's files (run as its user, KioskUser.h).
    bool writes() const;
    // Runs the chosen command; returns the process exit code.
    int run(const Paths& paths, const KioskSetup& setup);

private:
    int list(Outbox* outbox, const std::filesystem::path& file);
    int retry(Outbox& outbox, const Config& config, const std::string& wardName);
    int exportTo(Outbox* outbox);
    int recover(Outbox& outbox);
    int submit(Outbox& outbox, const Config& config, const std::string& wardName);

    CLI::App* outbox_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* retry_ = nullptr;
    CLI::App* export_ = nullptr;
    CLI::App* recover_ = nullptr;
    std::string recoverFile_;
    CLI::App* feedback_ = nullptr;
    CLI::App* submit_ = nullptr;
    bool json_ = false;
    std::string exportFile_;
    std::string service_;
    std::string address_;
    std::string description_;
    std::vector<std::string> attributes_;
    std::string name_;
    std::string phone_;
    std::string email_;
    bool anonymous_ = false;
    bool noSend_ = false;
};

}  // namespace kiosk::cli
