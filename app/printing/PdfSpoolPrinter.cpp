#include "printing/PdfSpoolPrinter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/IsoTime.h"
#include "log/Log.h"

namespace kiosk {

std::string spoolFileName(const std::string& code, const std::string& isoUtcNow, const std::string& extension) {
    std::string name;
    for (char c : code)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') name += c;
    while (!name.empty() && name.front() == '.') name.erase(name.begin());
    if (name.empty()) name = "slip";
    std::string stamp;
    for (char c : isoUtcNow)
        if (c != '-' && c != ':') stamp += c;
    return name + "-" + stamp + "." + extension;
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes) {
    const auto part = path.string() + ".part";
    const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) throw std::runtime_error("cannot create " + part + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            ::unlink(part.c_str());
            throw std::runtime_error("cannot write " + part + ": " + std::strerror(error));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(part.c_str());
        throw std::runtime_error("cannot finish " + part + ": " + std::strerror(error));
    }
    if (::rename(part.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(part.c_str());
        throw std::runtime_error("cannot rename " + part + ": " + std::strerror(error));
    }
}

PdfSpoolPrinter::PdfSpoolPrinter(std::filesystem::path directory) : dir_(std::move(directory)) {}

std::string PdfSpoolPrinter::describe() const {
    return "pdf:" + dir_.string();
}

PrinterStatus PdfSpoolPrinter::status() {
    // Asking makes nothing (kioskctl print status may run as root): a folder not made yet is
    // ready if the folder it will be made in can be written; print() makes it.
    PrinterStatus status;
    std::error_code error;
    std::filesystem::path existing = dir_;
    while (!existing.empty() && !std::filesystem::exists(existing, error) && existing != existing.parent_path())
        existing = existing.parent_path();
    if (existing.empty() || !std::filesystem::is_directory(existing, error) || ::access(existing.c_str(), W_OK) != 0) {
        status.problem = PrinterProblem::Unreachable;
        status.detail = "spool directory " + dir_.string() + " is not writable" +
                        (existing != dir_ ? " (nor can it be made in " + existing.string() + ")" : "");
    }
    return status;
}

PrintResult PdfSpoolPrinter::print(const PrintJob& job) {
    PrintResult result;
    if (job.pdf.empty()) {
        result.problem = PrinterProblem::JobFailed;
        result.detail = "the job has no PDF";
        return result;
    }
    if (const auto before = status(); !before.ready()) {
        result.problem = before.problem;
        result.detail = before.detail;
        return result;
    }
    const auto file = dir_ / spoolFileName(job.code, formatIsoUtc(std::chrono::system_clock::now()), "pdf");
    try {
        std::error_code made;
        std::filesystem::create_directories(dir_, made);
        writeFileAtomically(file, job.pdf);
    } catch (const std::exception& error) {
        result.problem = PrinterProblem::JobFailed;
        result.detail = error.what();
        return result;
    }
    result.printed = true;
    result.acceptedAt = std::chrono::steady_clock::now();
    result.reference = file.string();
    return result;
}

}  // namespace kiosk
