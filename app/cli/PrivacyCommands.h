#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "config/KioskSetup.h"

namespace kiosk::cli {

// `kioskctl privacy status|apply|erase|damaged` (README, "Personal data"): what personal data
// the kiosk holds and how old it is, the retention rules applied now, one resident's data
// erased on request, and the moved-aside outbox copies staff have seen. Output gives counts and
// ages, never the data. status and damaged (without --seen) only read; the others run as the
// kiosk's user.
class PrivacyCommands {
public:
    explicit PrivacyCommands(CLI::App& app);
    bool chosen() const;
    bool writes() const;
    int run(const Paths& paths, const KioskSetup& setup);

private:
    int status(const Paths& paths, const Config& config);
    int damaged(const Paths& paths, const Config& config);

    CLI::App* privacy_ = nullptr;
    CLI::App* status_ = nullptr;
    CLI::App* apply_ = nullptr;
    CLI::App* erase_ = nullptr;
    CLI::App* damaged_ = nullptr;
    std::string trackingCode_;
    std::string phone_;
    bool dropUnsent_ = false;
    bool seen_ = false;
};

}  // namespace kiosk::cli
