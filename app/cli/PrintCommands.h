#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "config/KioskSetup.h"

namespace kiosk::cli {

// `kioskctl print status|kept|reprint`: staff see whether the slip printer is ready (the same
// state the kiosk reads from CUPS or the thermal printer) and print the slips residents could
// not get when it was not, from the kept folder. status and kept only look (the PDF backend's
// status makes no folder); reprint prints and removes kept files, so kioskctl runs it as the
// kiosk's user (writes(), KioskUser.h).
class PrintCommands {
public:
    explicit PrintCommands(CLI::App& app);
    bool chosen() const;
    bool writes() const;
    int run(const Paths& paths, const Config& config);

private:
    CLI::App* print_ = nullptr;
    CLI::App* status_ = nullptr;
    CLI::App* kept_ = nullptr;
    CLI::App* reprint_ = nullptr;
    std::vector<std::string> files_;
    bool all_ = false;
};

}  // namespace kiosk::cli
