// The raw ESC/POS backend: the bytes sent for a picture, the meaning of every status bit, where a
// printer may be, and EscPosPrinter against a fake printer on a TCP port and on a pseudo-terminal
// (online, offline, out of paper before and during a slip, silent, babbling, gone, jammed).
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "FakeEscPosPrinter.h"
#include "printing/EscPos.h"
#include "printing/EscPosPrinter.h"
#include "printing/EscPosTarget.h"
#include "printing/QrCode.h"
#include "scan/QrDecoder.h"

namespace kiosk {
std::ostream& operator<<(std::ostream& out, PrinterProblem problem) {
    return out << problemName(problem);
}
}  // namespace kiosk

using namespace kiosk;
using Fake = kiosk::test::FakeEscPosPrinter;
using std::chrono::milliseconds;
using Bytes = std::vector<std::uint8_t>;

namespace {

MonoBitmap blank(int width, int height) {
    MonoBitmap bitmap;
    bitmap.width = width;
    bitmap.height = height;
    bitmap.bits.assign(static_cast<std::size_t>(bitmap.stride() * height), 0);
    return bitmap;
}

// A tracking slip as the renderer would draw it at 576 dots: black bars, the slip's QR code at
// 4 dots a module, and rows of bytes that a terminal or a careless printer would take for
// commands (LF, CR, XON/XOFF, DLE EOT 1).
MonoBitmap slip(const std::string& code = "PA-2611-0042", int height = 420) {
    MonoBitmap bitmap = blank(576, height);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 576; ++x) bitmap.set(x, y, true);
    const QrCode qr = QrCode::encode(code);
    const int scale = 4;
    const int left = (576 - qr.size() * scale) / 2;
    const int top = 40;
    for (int y = 0; y < qr.size() * scale; ++y)
        for (int x = 0; x < qr.size() * scale; ++x) bitmap.set(left + x, top + y, qr.dark(x / scale, y / scale));
    const std::uint8_t tricky[] = {0x0A, 0x0D, 0x11, 0x13, 0x10, 0x04, 0x01, 0x1B, 0x40, 0x1D, 0x56, 0x03, 0xFF};
    const int below = top + qr.size() * scale + 20;
    for (int y = below; y < below + 8; ++y)
        for (int i = 0; i < bitmap.stride(); ++i)
            bitmap.bits[static_cast<std::size_t>(y * bitmap.stride() + i)] = tricky[i % sizeof tricky];
    for (int y = height - 24; y < height - 8; ++y)
        for (int x = 40; x < 536; ++x) bitmap.set(x, y, true);
    return bitmap;
}

bool same(const MonoBitmap& a, const MonoBitmap& b) {
    return a.width == b.width && a.height == b.height && a.bits == b.bits;
}

// What QrDecoder reads from the printed picture: black dots as 0, paper as 255.
std::vector<std::string> decode(const MonoBitmap& bitmap) {
    std::vector<std::uint8_t> lum(static_cast<std::size_t>(bitmap.width * bitmap.height));
    for (int y = 0; y < bitmap.height; ++y)
        for (int x = 0; x < bitmap.width; ++x)
            lum[static_cast<std::size_t>(y * bitmap.width + x)] = bitmap.black(x, y) ? 0 : 255;
    const scan::FrameView frame{lum, bitmap.width, bitmap.height, bitmap.width, scan::PixelFormat::Lum};
    return scan::QrDecoder().decode(frame).texts;
}

PrintJob jobOf(MonoBitmap raster) {
    PrintJob job;
    job.code = "PA-2611-0042";
    job.title = "slip PA-2611-0042";
    job.raster = std::move(raster);
    return job;
}

EscPosPrinter::Options quick() {
    EscPosPrinter::Options options;
    options.connectTimeout = milliseconds(500);
    options.answerTimeout = milliseconds(300);
    options.stallTimeout = milliseconds(1000);
    options.jobTimeout = milliseconds(10000);
    return options;
}

// A TCP port on 127.0.0.1 that nothing listens on.
int closedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

using Query = std::vector<int>;

}  // namespace

BOOST_AUTO_TEST_SUITE(escpos_encoding)

BOOST_AUTO_TEST_CASE(tiny_bitmap_exact_bytes) {
    MonoBitmap bitmap = blank(10, 2);
    bitmap.set(0, 0, true);
    bitmap.set(9, 0, true);
    bitmap.set(1, 1, true);
    bitmap.bits[3] |= 0x01;  // a stray bit past the width (x = 15): must go out white
    const Bytes expected = {0x1B, 0x40,                                      // ESC @
                            0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00,  // GS v 0, 2 bytes × 2 rows
                            0x80, 0x40, 0x40, 0x00,                          // the rows
                            0x1B, 0x64, 0x04,                                // ESC d 4
                            0x1D, 0x56, 0x42, 0x00};                         // GS V 66 0
    BOOST_TEST(EscPos::encodeRaster(bitmap) == expected, boost::test_tools::per_element());

    EscPos::RasterOptions bare;
    bare.cut = false;
    bare.feedLines = 0;
    const Bytes noFeed = {0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x40, 0x40, 0x00};
    BOOST_TEST(EscPos::encodeRaster(bitmap, bare) == noFeed, boost::test_tools::per_element());

    EscPos::RasterOptions longer;
    longer.feedLines = 6;
    longer.cutFeed = 3;
    const auto bytes = EscPos::encodeRaster(bitmap, longer);
    const Bytes tail = {0x1B, 0x64, 0x06, 0x1D, 0x56, 0x42, 0x03};
    BOOST_TEST(Bytes(bytes.end() - 7, bytes.end()) == tail, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tall_bitmap_goes_in_bands) {
    MonoBitmap bitmap = blank(576, 600);
    for (std::size_t i = 0; i < bitmap.bits.size(); ++i) bitmap.bits[i] = static_cast<std::uint8_t>(i * 7 + i / 72);
    for (const int bandRows : {255, 100, 1}) {
        EscPos::RasterOptions options;
        options.bandRows = bandRows;
        const auto bytes = EscPos::encodeRaster(bitmap, options);
        std::size_t at = 2;
        std::vector<int> bands;
        Bytes data;
        while (at + 8 <= bytes.size() && bytes[at] == 0x1D && bytes[at + 1] == 0x76) {
            BOOST_TEST_REQUIRE(bytes[at + 2] == 0x30);
            BOOST_TEST((bytes[at + 4] | (bytes[at + 5] << 8)) == 72);
            BOOST_TEST(bytes[at + 7] == 0);  // yH: never more than 255 rows
            const int rows = bytes[at + 6];
            bands.push_back(rows);
            data.insert(data.end(), bytes.begin() + static_cast<long>(at) + 8,
                        bytes.begin() + static_cast<long>(at) + 8 + rows * 72);
            at += 8 + static_cast<std::size_t>(rows) * 72;
        }
        std::vector<int> expected;
        for (int left = 600; left > 0; left -= bandRows) expected.push_back(std::min(left, bandRows));
        BOOST_TEST(bands == expected, boost::test_tools::per_element());
        BOOST_TEST(data == bitmap.bits);
        BOOST_TEST(bytes.size() - at == 7u);  // then the feed and the cut, nothing else
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
    BOOST_CHECK_THROW(EscPos::encodeRaster(MonoBitmap{}), std::invalid_argument);
    MonoBitmap wrong = blank(16, 4);
    wrong.bits.pop_back();
    BOOST_CHECK_THROW(EscPos::encodeRaster(wrong), std::invalid_argument);
    EscPos::RasterOptions options;
    options.bandRows = 256;
    BOOST_CHECK_THROW(EscPos::encodeRaster(blank(8, 1), options), std::invalid_argument);
    options.bandRows = 0;
    BOOST_CHECK_THROW(EscPos::encodeRaster(blank(8, 1), options), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(status_queries) {
    BOOST_TEST((EscPos::statusQuery(EscPos::Query::Printer) == std::array<std::uint8_t, 3>{0x10, 0x04, 1}));
    BOOST_TEST((EscPos::statusQuery(EscPos::Query::OfflineCause) == std::array<std::uint8_t, 3>{0x10, 0x04, 2}));
    BOOST_TEST((EscPos::statusQuery(EscPos::Query::ErrorCause) == std::array<std::uint8_t, 3>{0x10, 0x04, 3}));
    BOOST_TEST((EscPos::statusQuery(EscPos::Query::RollPaper) == std::array<std::uint8_t, 3>{0x10, 0x04, 4}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(escpos_status)

namespace {
PrinterStatus parse(std::uint8_t printer, std::optional<std::uint8_t> cause, std::optional<std::uint8_t> error,
                    std::optional<std::uint8_t> paper) {
    return EscPos::parseStatus({printer, cause, error, paper});
}
}  // namespace

BOOST_AUTO_TEST_CASE(only_bytes_with_the_fixed_bits_are_answers) {
    int valid = 0;
    for (int byte = 0; byte < 256; ++byte) valid += EscPos::isStatusByte(static_cast<std::uint8_t>(byte));
    BOOST_TEST(valid == 16);  // bits 2, 3, 5 and 6 free
    for (const std::uint8_t byte : {0x12, 0x16, 0x1A, 0x32, 0x52, 0x7E}) BOOST_TEST(EscPos::isStatusByte(byte));
    // 0xff (garbage), 0x00, bit 0 on, bit 7 on, bit 1 off, bit 4 off
    for (const std::uint8_t byte : {0xFF, 0x00, 0x13, 0x92, 0x10, 0x02}) BOOST_TEST(!EscPos::isStatusByte(byte));
}

BOOST_AUTO_TEST_CASE(each_bit) {
    auto online = parse(0x12, 0x12, std::nullopt, 0x12);
    BOOST_TEST(online.ready());
    BOOST_TEST(online.answered);
    BOOST_TEST(!online.mediaLow);
    BOOST_TEST(online.detail == "online (DLE EOT 1=0x12 2=0x12 4=0x12)");

    BOOST_TEST(parse(0x1A, 0x12, std::nullopt, 0x12).problem == PrinterProblem::Offline);  // 1: bit 3
    BOOST_TEST(parse(0x1A, 0x1A, std::nullopt, 0x12).problem == PrinterProblem::Offline);  // fed with the button
    BOOST_TEST(parse(0x12, 0x12, std::nullopt, 0x12 | 0x04).problem == PrinterProblem::None);  // drawer pin: nothing
    BOOST_TEST(parse(0x16, 0x12, std::nullopt, 0x12).problem == PrinterProblem::None);

    const auto cover = parse(0x1A, 0x16, std::nullopt, 0x12);  // 2: bit 2
    BOOST_TEST((cover.problem == PrinterProblem::CoverOpen));
    BOOST_TEST(cover.detail.find("cover open") != std::string::npos);

    BOOST_TEST((parse(0x1A, 0x32, std::nullopt, 0x12).problem == PrinterProblem::MediaEmpty));  // 2: bit 5
    BOOST_TEST((parse(0x1A, 0x12, std::nullopt, 0x72).problem == PrinterProblem::MediaEmpty));  // 4: bits 5-6
    BOOST_TEST((parse(0x12, std::nullopt, std::nullopt, 0x32).problem == PrinterProblem::MediaEmpty));  // 4: bit 5
    BOOST_TEST((parse(0x1A, 0x32, std::nullopt, 0x7E).problem == PrinterProblem::MediaEmpty));

    for (const std::uint8_t nearEnd : {0x1E, 0x16, 0x1A}) {  // 4: bits 2-3, either sensor
        const auto low = parse(0x12, 0x12, std::nullopt, nearEnd);
        BOOST_TEST(low.ready());
        BOOST_TEST(low.mediaLow);
        BOOST_TEST(low.detail.find("paper near end") != std::string::npos);
    }

    const auto cutter = parse(0x1A, 0x52, 0x1A, 0x12);  // 2: bit 6, 3: bit 3
    BOOST_TEST((cutter.problem == PrinterProblem::Stopped));
    BOOST_TEST(cutter.detail.find("autocutter error") != std::string::npos);
    BOOST_TEST(parse(0x1A, 0x52, 0x32, 0x12).detail.find("unrecoverable") != std::string::npos);  // 3: bit 5
    BOOST_TEST(parse(0x1A, 0x52, 0x52, 0x12).detail.find("recoverable error") != std::string::npos);  // 3: bit 6
    BOOST_TEST((parse(0x1A, 0x52, std::nullopt, 0x12).problem == PrinterProblem::Stopped));  // 2: bit 6 alone
    BOOST_TEST((parse(0x12, 0x12, 0x32, 0x12).problem == PrinterProblem::Stopped));

    // The most specific cause wins over "offline", the cover over the paper.
    BOOST_TEST((parse(0x1A, 0x36, std::nullopt, 0x7E).problem == PrinterProblem::CoverOpen));
    BOOST_TEST((parse(0x1A, 0x72, 0x1A, 0x7E).problem == PrinterProblem::MediaEmpty));
}

BOOST_AUTO_TEST_CASE(no_answer_and_invalid_answers) {
    const auto none = EscPos::parseStatus({});
    BOOST_TEST(!none.answered);
    BOOST_TEST(none.ready());
    BOOST_TEST(none.detail == "no status answer");

    for (const std::uint8_t bad : {0xFF, 0x00, 0x13, 0x92, 0x10, 0x02}) {
        for (int position = 1; position <= 4; ++position) {
            EscPos::StatusAnswers answers{0x12, 0x12, std::nullopt, 0x12};
            if (position == 1) answers.printer = bad;
            if (position == 2) answers.offlineCause = bad;
            if (position == 3) answers.errorCause = bad;
            if (position == 4) answers.rollPaper = bad;
            const auto status = EscPos::parseStatus(answers);
            BOOST_TEST(!status.answered, "byte " << int(bad) << " to DLE EOT " << position);
            BOOST_TEST(status.ready());
            BOOST_TEST(status.detail.starts_with("not a status answer"), status.detail);
            BOOST_TEST(status.detail.find("DLE EOT " + std::to_string(position)) != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(escpos_target)

BOOST_AUTO_TEST_CASE(device_paths_and_tcp) {
    const auto lp = EscPosTarget::parse("/dev/usb/lp0");
    BOOST_TEST_REQUIRE(lp.has_value());
    BOOST_TEST((lp->kind == EscPosTarget::Kind::Device));
    BOOST_TEST(lp->path == "/dev/usb/lp0");

    const auto net = EscPosTarget::parse("tcp://192.168.1.50:9100");
    BOOST_TEST_REQUIRE(net.has_value());
    BOOST_TEST((net->kind == EscPosTarget::Kind::Tcp));
    BOOST_TEST(net->host == "192.168.1.50");
    BOOST_TEST(net->port == 9100);
    BOOST_TEST(net->text() == "tcp://192.168.1.50:9100");

    const auto named = EscPosTarget::parse("tcp://may-in.phuong-sai-gon.local:9100");
    BOOST_TEST_REQUIRE(named.has_value());
    BOOST_TEST(named->host == "may-in.phuong-sai-gon.local");

    const auto v6 = EscPosTarget::parse("tcp://[fd00::50]:9101");
    BOOST_TEST_REQUIRE(v6.has_value());
    BOOST_TEST(v6->host == "fd00::50");
    BOOST_TEST(v6->port == 9101);
    BOOST_TEST(v6->text() == "tcp://[fd00::50]:9101");
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused_with_a_reason) {
    for (const char* text : {"", "lp0", "kiosk-slips", "usb://EPSON/TM-T20", "socket://10.0.0.5:9100", "tcp://",
                             "tcp://printer", "tcp://printer:", "tcp://:9100", "tcp://printer:0", "tcp://printer:65536",
                             "tcp://printer:91x0", "tcp://printer:9100/", "tcp://pr inter:9100", "tcp://[fd00::50",
                             "tcp://[fd00::50]9100", "tcp://[printer]:9100", "tcp://fd00::50:9100", "/dev/usb/"}) {
        std::string reason;
        BOOST_TEST(!EscPosTarget::parse(text, &reason).has_value(), text);
        BOOST_TEST(!reason.empty(), text);
    }
    std::string reason;
    EscPosTarget::parse("tcp://10.0.0.5", &reason);
    BOOST_TEST(reason.find("needs a port") != std::string::npos, reason);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(escpos_printer)

// The fake itself: it rebuilds what the encoder sent, answers, and flags what it does not know.
BOOST_AUTO_TEST_CASE(fake_printer_is_strict) {
    Fake fake;
    const auto target = EscPosTarget::parse(fake.target());
    BOOST_TEST_REQUIRE(target.has_value());
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(target->port));
    BOOST_TEST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);

    MonoBitmap picture = blank(16, 3);
    picture.bits = {0xF0, 0x0F, 0x0A, 0x10, 0x04, 0x01};
    auto bytes = EscPos::encodeRaster(picture);
    const Bytes more = {0x10, 0x04, 0x04, 0x1B, 0x74, 0x1E};  // DLE EOT 4, then ESC t (a code page): unknown here
    bytes.insert(bytes.end(), more.begin(), more.end());
    BOOST_TEST_REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
    std::uint8_t answer = 0;
    BOOST_TEST(::recv(fd, &answer, 1, 0) == 1);
    BOOST_TEST(answer == 0x12);
    BOOST_TEST(fake.waitFor([](const Fake::Record& r) { return !r.errors.empty(); }));
    ::close(fd);

    const auto record = fake.record();
    BOOST_TEST_REQUIRE(record.pages.size() == 1u);
    BOOST_TEST(same(record.pages[0], picture));
    BOOST_TEST(record.queries == (Query{4}), boost::test_tools::per_element());
    BOOST_TEST(record.errors.size() == 1u);
    BOOST_TEST(record.errors.at(0).find("ESC 0x74") != std::string::npos, record.errors.at(0));
}

BOOST_AUTO_TEST_CASE(slip_prints_and_its_qr_code_reads_back) {
    Fake fake;
    EscPosPrinter printer(fake.target(), 576, quick());
    BOOST_TEST(printer.wantsRaster());
    BOOST_TEST(printer.rasterWidthDots() == 576);
    BOOST_TEST(printer.describe() == "escpos:" + fake.target() + " (576 dots)");

    const MonoBitmap picture = slip();
    const auto before = std::chrono::steady_clock::now();
    const auto result = printer.print(jobOf(picture));
    BOOST_TEST(result.printed, result.detail);
    BOOST_TEST((result.problem == PrinterProblem::None));
    BOOST_TEST((result.acceptedAt >= before && result.acceptedAt <= std::chrono::steady_clock::now()));

    const auto record = fake.record();
    BOOST_TEST(record.errors.empty(), (record.errors.empty() ? std::string() : record.errors.front()));
    BOOST_TEST(record.inits == 1);
    BOOST_TEST(record.cuts == 1);
    BOOST_TEST(record.feedLines == 4);
    BOOST_TEST(record.queries == (Query{1, 2, 4, 1, 2, 4}), boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(record.pages.size() == 1u);
    BOOST_TEST(same(record.pages[0], picture));
    BOOST_TEST(decode(record.pages[0]) == std::vector<std::string>{"PA-2611-0042"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(status_of_a_ready_and_a_nearly_empty_printer) {
    Fake fake;
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto ready = printer.status();
    BOOST_TEST(ready.ready(), ready.detail);
    BOOST_TEST(ready.answered);
    BOOST_TEST(fake.record().queries == (Query{1, 2, 4}), boost::test_tools::per_element());

    fake.setState(Fake::State::PaperNearEnd);
    const auto low = printer.status();
    BOOST_TEST(low.ready());
    BOOST_TEST(low.mediaLow);
    BOOST_TEST(printer.print(jobOf(slip())).printed);  // near the end still prints
}

BOOST_AUTO_TEST_CASE(a_problem_before_the_slip_sends_nothing) {
    const std::pair<Fake::State, PrinterProblem> cases[] = {
        {Fake::State::Offline, PrinterProblem::Offline},
        {Fake::State::CoverOpen, PrinterProblem::CoverOpen},
        {Fake::State::PaperEnd, PrinterProblem::MediaEmpty},
        {Fake::State::Error, PrinterProblem::Stopped},
    };
    for (const auto& [state, problem] : cases) {
        Fake fake;
        fake.setState(state);
        EscPosPrinter printer(fake.target(), 576, quick());
        BOOST_TEST((printer.status().problem == problem));
        const auto result = printer.print(jobOf(slip()));
        BOOST_TEST(!result.printed);
        BOOST_TEST((result.problem == problem), problemName(result.problem));
        BOOST_TEST(result.detail.starts_with("not sent: "), result.detail);
        BOOST_TEST((result.acceptedAt == std::chrono::steady_clock::time_point{}));
        fake.waitFor([](const Fake::Record& r) { return r.closed == 2; });
        const auto record = fake.record();
        BOOST_TEST(record.inits == 0);
        BOOST_TEST(record.rasterRows == 0);
        BOOST_TEST(record.errors.empty());
        const Query expected = state == Fake::State::Error ? Query{1, 2, 3, 4, 1, 2, 3, 4} : Query{1, 2, 4, 1, 2, 4};
        BOOST_TEST(record.queries == expected, boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(paper_running_out_during_the_slip) {
    Fake fake;
    fake.setStateAfterRows(200, Fake::State::PaperEnd);
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto result = printer.print(jobOf(slip()));
    BOOST_TEST(!result.printed);
    BOOST_TEST((result.problem == PrinterProblem::MediaEmpty), problemName(result.problem));
    BOOST_TEST(result.detail.find("ran out") != std::string::npos, result.detail);
    BOOST_TEST(fake.record().rasterRows == 420);  // it was all sent; the printer could not finish
}

BOOST_AUTO_TEST_CASE(a_printer_that_never_answers_is_printed_to) {
    Fake fake;
    fake.setState(Fake::State::Silent);
    EscPosPrinter printer(fake.target(), 576, quick());

    const auto start = std::chrono::steady_clock::now();
    const auto status = printer.status();
    const double took = secondsSince(start);
    BOOST_TEST(!status.answered);
    BOOST_TEST(status.ready());
    BOOST_TEST(status.detail == "no status answer");
    BOOST_TEST(took >= 0.25);  // it did wait for the answer
    BOOST_TEST(took < 1.0);    // for DLE EOT 1 only

    const MonoBitmap picture = slip();
    const auto result = printer.print(jobOf(picture));
    BOOST_TEST(result.printed, result.detail);
    BOOST_TEST(result.detail.find("no status") != std::string::npos, result.detail);
    BOOST_TEST(fake.waitFor([](const Fake::Record& r) { return r.pages.size() == 1; }));
    const auto record = fake.record();
    BOOST_TEST(same(record.pages.at(0), picture));
    BOOST_TEST(record.queries == (Query{1, 1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(garbage_answers_count_as_no_answer) {
    Fake fake;
    fake.setState(Fake::State::Garbage);
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto status = printer.status();
    BOOST_TEST(!status.answered);
    BOOST_TEST(status.ready());
    BOOST_TEST(status.detail == "not a status answer: 0xff to DLE EOT 1");

    const MonoBitmap picture = slip();
    const auto result = printer.print(jobOf(picture));
    BOOST_TEST(result.printed, result.detail);
    const auto record = fake.record();
    BOOST_TEST(record.queries == (Query{1, 1, 1}), boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(record.pages.size() == 1u);
    BOOST_TEST(same(record.pages[0], picture));
}

BOOST_AUTO_TEST_CASE(nothing_listening_is_unreachable_at_once) {
    EscPosPrinter printer("tcp://127.0.0.1:" + std::to_string(closedPort()));  // default timeouts
    const auto start = std::chrono::steady_clock::now();
    const auto status = printer.status();
    BOOST_TEST((status.problem == PrinterProblem::Unreachable));
    BOOST_TEST(status.detail.find("cannot connect") != std::string::npos, status.detail);
    const auto result = printer.print(jobOf(slip()));
    BOOST_TEST(!result.printed);
    BOOST_TEST((result.problem == PrinterProblem::Unreachable));
    BOOST_TEST(secondsSince(start) < 2.0);

    EscPosPrinter missing("/dev/usb/no-such-lp9");
    BOOST_TEST((missing.status().problem == PrinterProblem::Unreachable));
    BOOST_TEST(missing.print(jobOf(slip())).detail.find("cannot open /dev/usb/no-such-lp9") != std::string::npos);
}

// A listener whose queue is full drops new connection attempts: connect() would wait for the
// kernel's retries (minutes) without the connect timeout.
BOOST_AUTO_TEST_CASE(a_printer_that_takes_no_connection_times_out) {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    BOOST_TEST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_TEST_REQUIRE(::listen(listener, 0) == 0);
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
    std::vector<int> fillers;
    for (int i = 0; i < 3; ++i) {
        fillers.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        ::connect(fillers.back(), reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
    auto options = quick();
    options.connectTimeout = milliseconds(300);
    EscPosPrinter printer("tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port)), 576, options);
    const auto start = std::chrono::steady_clock::now();
    const auto result = printer.print(jobOf(slip()));
    const double took = secondsSince(start);
    BOOST_TEST((result.problem == PrinterProblem::Unreachable));
    BOOST_TEST(result.detail.find("within 300 ms") != std::string::npos, result.detail);
    BOOST_TEST(took >= 0.29);
    BOOST_TEST(took < 1.5);
    for (const int fd : fillers) ::close(fd);
    ::close(listener);
}

BOOST_AUTO_TEST_CASE(connection_dropped_during_the_slip) {
    Fake fake;
    fake.dropAfterBytes(3000);  // inside the first band
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto start = std::chrono::steady_clock::now();
    const auto result = printer.print(jobOf(slip()));
    BOOST_TEST(secondsSince(start) < 3.0);
    BOOST_TEST(!result.printed);
    BOOST_TEST((result.problem == PrinterProblem::Unreachable || result.problem == PrinterProblem::JobFailed),
               problemName(result.problem));
    BOOST_TEST(!result.detail.empty());
    BOOST_TEST(fake.record().pages.empty());

    // The next slip goes through on a new connection.
    BOOST_TEST(printer.print(jobOf(slip())).printed);
}

BOOST_AUTO_TEST_CASE(jobs_the_printer_cannot_take) {
    Fake fake;
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto empty = printer.print(jobOf(MonoBitmap{}));
    BOOST_TEST(!empty.printed);
    BOOST_TEST((empty.problem == PrinterProblem::JobFailed));
    BOOST_TEST(empty.detail.find("no raster") != std::string::npos, empty.detail);

    const auto wide = printer.print(jobOf(blank(640, 10)));
    BOOST_TEST((wide.problem == PrinterProblem::JobFailed));
    BOOST_TEST(wide.detail.find("640 dots wide") != std::string::npos, wide.detail);
    BOOST_TEST(fake.record().connections == 0);  // refused before opening anything

    EscPosPrinter narrow(fake.target(), 512, quick());  // a 64 mm print width
    BOOST_TEST(narrow.rasterWidthDots() == 512);
    BOOST_TEST((narrow.print(jobOf(slip())).problem == PrinterProblem::JobFailed));
    BOOST_TEST(narrow.print(jobOf(blank(512, 30))).printed);

    EscPosPrinter misnamed("kiosk-slips");
    BOOST_TEST((misnamed.status().problem == PrinterProblem::NotConfigured));
    BOOST_TEST((misnamed.print(jobOf(slip())).problem == PrinterProblem::NotConfigured));
}

// The "device" is a pseudo-terminal: the same code path as /dev/usb/lp0 or a serial printer,
// including the switch to raw mode (without it the LF bytes in the picture arrive as CR LF).
BOOST_AUTO_TEST_CASE(device_path_printer) {
    Fake fake(Fake::Pty{});
    BOOST_TEST(fake.target().starts_with("/dev/"));
    EscPosPrinter printer(fake.target(), 576, quick());

    const MonoBitmap picture = slip();
    const auto result = printer.print(jobOf(picture));
    BOOST_TEST(result.printed, result.detail);
    BOOST_TEST(fake.waitFor([](const Fake::Record& r) { return r.pages.size() == 1; }));
    const auto record = fake.record();
    BOOST_TEST(record.errors.empty(), (record.errors.empty() ? std::string() : record.errors.front()));
    BOOST_TEST(record.queries == (Query{1, 2, 4, 1, 2, 4}), boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(record.pages.size() == 1u);
    BOOST_TEST(same(record.pages[0], picture));
    BOOST_TEST(decode(record.pages[0]) == std::vector<std::string>{"PA-2611-0042"}, boost::test_tools::per_element());

    fake.setState(Fake::State::CoverOpen);
    BOOST_TEST((printer.status().problem == PrinterProblem::CoverOpen));
    BOOST_TEST((printer.print(jobOf(picture)).problem == PrinterProblem::CoverOpen));
}

// A USB printer without a return channel refuses reads (the kernel's usblp says EINVAL); /dev/null
// stands in for it here, reading as end of file and taking every byte. No status, still printed,
// and no time spent waiting for answers that cannot come.
BOOST_AUTO_TEST_CASE(a_device_that_cannot_be_read_is_printed_to) {
    EscPosPrinter printer("/dev/null", 576, quick());
    const auto start = std::chrono::steady_clock::now();
    const auto status = printer.status();
    BOOST_TEST(!status.answered);
    BOOST_TEST(status.ready(), problemName(status.problem));
    BOOST_TEST(status.detail == "no status answer (the device cannot be read: end of file)");
    const auto result = printer.print(jobOf(slip()));
    BOOST_TEST(result.printed, result.detail);
    BOOST_TEST(secondsSince(start) < 0.25);
}

// The device goes away in the middle of the slip (a USB cable pulled): the write fails at once.
BOOST_AUTO_TEST_CASE(a_device_that_goes_away_during_the_slip) {
    Fake fake(Fake::Pty{});
    fake.dropAfterBytes(5000);
    EscPosPrinter printer(fake.target(), 576, quick());
    const auto start = std::chrono::steady_clock::now();
    const auto result = printer.print(jobOf(slip()));
    BOOST_TEST(secondsSince(start) < 1.0);
    BOOST_TEST(!result.printed);
    BOOST_TEST((result.problem == PrinterProblem::Unreachable), problemName(result.problem));
    BOOST_TEST(result.detail.starts_with("lost the printer after "), result.detail);
    BOOST_TEST((printer.status().problem == PrinterProblem::Unreachable));  // and it stays gone
}

BOOST_AUTO_TEST_CASE(a_device_that_stops_taking_data_fails_the_job_in_time) {
    Fake fake(Fake::Pty{});
    fake.pauseReading(true);
    auto options = quick();
    options.answerTimeout = milliseconds(100);
    options.stallTimeout = milliseconds(500);
    EscPosPrinter printer(fake.target(), 576, options);
    const auto start = std::chrono::steady_clock::now();
    const auto result = printer.print(jobOf(slip("PA-2611-0042", 12000)));  // 864 KB: more than a tty buffers
    const double took = secondsSince(start);
    BOOST_TEST(!result.printed);
    BOOST_TEST((result.problem == PrinterProblem::JobFailed), problemName(result.problem));
    BOOST_TEST(result.detail.find("nothing for 500 ms") != std::string::npos, result.detail);
    BOOST_TEST(took >= 0.5);
    BOOST_TEST(took < 3.0);
}

BOOST_AUTO_TEST_SUITE_END()
