#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "config/KioskSetup.h"

namespace kiosk {
class Outbox;
}

namespace kiosk::cli {

// `kioskctl outbox list|retry|export` and `kioskctl feedback submit`: staff see, push and save
// what residents sent, and file a report taken in person or by phone through the same outbox
// and sender as the kiosk's screen (app/feedback/OPEN311.md).
class FeedbackCommands {
public:
    explicit FeedbackCommands(CLI::App& app);

    // True when one of these commands was chosen on the command line.
    bool chosen() const;
    // Runs the chosen command; returns the process exit code.
    int run(const Paths& paths, const KioskSetup& setup);

private:
    int list(Outbox& outbox);
    int retry(Outbox& outbox, const Config& config, const std::string& wardName);
    int exportTo(Outbox& outbox);
    int submit(Outbox& outbox, const Config& config, const std::string& wardName);

    CLI::App* outbox_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* retry_ = nullptr;
    CLI::App* export_ = nullptr;
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
