#include "cli/PrintCommands.h"

#include <iostream>

#include "printing/PrintService.h"

namespace kiosk::cli {
namespace {
constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;        // EX_USAGE
constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE: the printer is not ready
constexpr int kExitConfig = 78;       // EX_CONFIG
}  // namespace

PrintCommands::PrintCommands(CLI::App& app) {
    print_ = app.add_subcommand("print", "The slip printer: its state, and slips kept when it failed");
    print_->require_subcommand(1);
    status_ = print_->add_subcommand("status", "Ask the printer how it is, as the kiosk does before each slip");
    kept_ = print_->add_subcommand("kept", "List the slips that did not print (oldest first)");
    reprint_ = print_->add_subcommand("reprint", "Print kept slips again; each one printed leaves the kept folder");
    reprint_->add_option("FILE", files_, "Kept slips (.pdf or .pbm) as 'print kept' lists them");
    reprint_->add_flag("--all", all_, "Every kept slip, oldest first");
}

bool PrintCommands::chosen() const {
    return print_->parsed();
}

bool PrintCommands::writes() const {
    return reprint_->parsed();
}

int PrintCommands::run(const Paths& paths, const Config& config) {
    std::unique_ptr<PrintService> service;
    try {
        service = std::make_unique<PrintService>(makePrinter(config.printer, paths.stateDir), keptSlipsDir(paths.stateDir));
    } catch (const std::exception& error) {
        std::cerr << error.what() << "\n";
        return kExitConfig;
    }
    if (status_->parsed()) {
        const PrinterStatus status = service->printer().status();
        std::cout << service->describe() << ": " << (status.ready() ? "READY" : problemName(status.problem))
                  << (status.mediaLow ? " (paper low)" : "") << (status.answered ? "" : " (no status answer)") << "\n";
        if (!status.detail.empty()) std::cout << "  " << status.detail << "\n";
        const auto kept = service->keptJobs();
        if (!kept.empty()) std::cout << kept.size() << " kept slip file(s): kioskctl print kept\n";
        return status.ready() ? kExitOk : kExitUnavailable;
    }
    if (kept_->parsed()) {
        const auto kept = service->keptJobs();
        if (kept.empty()) std::cout << "No kept slips in " << keptSlipsDir(paths.stateDir).string() << "\n";
        for (const auto& file : kept) std::cout << file.string() << "\n";
        return kExitOk;
    }
    std::vector<std::filesystem::path> todo;
    if (all_) {
        for (const auto& file : service->keptJobs()) {
            // One slip kept as PDF and bitmap is printed once: the printer's own form is sent.
            const bool bitmap = file.extension() == ".pbm";
            if (bitmap == service->wantsRaster()) todo.push_back(file);
        }
    } else {
        todo.assign(files_.begin(), files_.end());
    }
    if (todo.empty()) {
        std::cerr << (all_ ? "No kept slips for this printer.\n" : "Name the kept slips to print, or --all.\n");
        return all_ ? kExitOk : kExitUsage;
    }
    int failed = 0;
    for (const auto& file : todo) {
        PrintResult result;
        try {
            result = service->reprint(file);
        } catch (const std::exception& error) {
            result.problem = PrinterProblem::JobFailed;
            result.detail = error.what();
        }
        std::cout << file.string() << ": "
                  << (result.printed ? "PRINTED " + result.reference
                                     : std::string("NOT PRINTED (") + problemName(result.problem) + ") " + result.detail)
                  << "\n";
        if (!result.printed) ++failed;
    }
    return failed == 0 ? kExitOk : kExitUnavailable;
}

}  // namespace kiosk::cli
