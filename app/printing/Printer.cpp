#include "printing/Printer.h"

namespace kiosk {

const char* problemName(PrinterProblem problem) {
    switch (problem) {
        case PrinterProblem::None: return "none";
        case PrinterProblem::NotConfigured: return "not-configured";
        case PrinterProblem::Unreachable: return "unreachable";
        case PrinterProblem::Offline: return "offline";
        case PrinterProblem::MediaEmpty: return "media-empty";
        case PrinterProblem::CoverOpen: return "cover-open";
        case PrinterProblem::Stopped: return "stopped";
        case PrinterProblem::NotAccepting: return "not-accepting";
        case PrinterProblem::JobFailed: return "job-failed";
    }
    return "unknown";
}

}  // namespace kiosk
