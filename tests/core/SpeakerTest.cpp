// The read-aloud runner: real espeak-ng into a WAV file, and stand-in commands (sh, cat, sleep)
// that record their input and pid, to see that stopping is immediate and leaves no process, that
// the text arrives byte for byte without a shell, and that every failure says what failed.
#include <boost/test/unit_test.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "../support/TestPaths.h"
#include "log/Log.h"
#include "speech/Speaker.h"

using namespace kiosk;
using namespace std::chrono_literals;
using Outcome = Speaker::Outcome;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {
const std::string kGreeting = "Xin chào ông bà, đây là kiosk của phường.";

// Every Done call, in order, with the thread that made it.
struct Recorder {
    struct Call {
        std::uint64_t id = 0;
        Outcome outcome = Outcome::Failed;
        std::string detail;
        std::thread::id thread;
    };
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Call> calls;

    Speaker::Done callback() {
        return [this](std::uint64_t id, Outcome outcome, std::string detail) {
            {
                std::lock_guard lock(mutex);
                calls.push_back({id, outcome, std::move(detail), std::this_thread::get_id()});
            }
            changed.notify_all();
        };
    }
    std::optional<Call> waitFor(std::uint64_t id, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex);
        std::optional<Call> found;
        changed.wait_for(lock, limit, [&] {
            for (const auto& call : calls)
                if (call.id == id) found = call;
            return found.has_value();
        });
        return found;
    }
    std::vector<Call> all() {
        std::lock_guard lock(mutex);
        return calls;
    }
};

Config::Speech settingsFor(std::vector<std::string> command) {
    Config::Speech settings;
    settings.command = std::move(command);
    return settings;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <typename Predicate>
bool waitUntil(Predicate ready, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!ready()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

// The pid a test command wrote with `echo $$ > file`, once the whole line is there.
pid_t pidFrom(const fs::path& file) {
    pid_t pid = 0;
    waitUntil(
        [&] {
            const auto text = readFile(file);
            if (text.empty() || text.back() != '\n') return false;
            pid = static_cast<pid_t>(std::stol(text));
            return true;
        },
        5s);
    return pid;
}

// Gone entirely, or dead and waiting for a parent that is not us (a grandchild's zombie is
// reaped by init, not by the kiosk).
bool processGone(pid_t pid) {
    if (::kill(pid, 0) != 0) return errno == ESRCH;
    std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

// The "speech" category's lines, for checking what is logged and what never is.
struct CapturedLog {
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);
    spdlog::level::level_enum before;
    CapturedLog() : before(log::get("speech")->level()) {
        log::get("speech")->sinks().push_back(sink);
        log::get("speech")->set_level(spdlog::level::debug);
    }
    ~CapturedLog() {
        auto logger = log::get("speech");
        auto& sinks = logger->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
        logger->set_level(before);
    }
    std::vector<std::string> lines() { return sink->last_formatted(); }
    bool has(const std::string& a, const std::string& b) {
        for (const auto& line : lines())
            if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
        return false;
    }
};

std::uint32_t le32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
    return value;
}

std::uint16_t le16(const std::string& bytes, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes.at(at)) |
                                      (static_cast<unsigned char>(bytes.at(at + 1)) << 8));
}
}  // namespace

BOOST_AUTO_TEST_CASE(argv_has_voice_and_rate_replaced_everywhere) {
    Config::Speech settings;
    BOOST_TEST(speechArgv(settings, Language::Vietnamese) ==
                   (std::vector<std::string>{"espeak-ng", "-v", "vi", "-s", "140", "--stdin"}),
               boost::test_tools::per_element());
    settings.voiceEn = "en-gb";
    settings.rate = 95;
    BOOST_TEST(speechArgv(settings, Language::English) ==
                   (std::vector<std::string>{"espeak-ng", "-v", "en-gb", "-s", "95", "--stdin"}),
               boost::test_tools::per_element());

    settings.command = {"say", "--voice={voice}/{voice}", "{rate}{rate}", "-x{rate}-{voice}", "{text_file}"};
    BOOST_TEST(speechArgv(settings, Language::Vietnamese) ==
                   (std::vector<std::string>{"say", "--voice=vi/vi", "9595", "-x95-vi", "{text_file}"}),
               boost::test_tools::per_element());
    BOOST_TEST(speechArgv(settings, Language::English)[1] == "--voice=en-gb/en-gb");
}

BOOST_AUTO_TEST_CASE(espeak_speaks_vietnamese_into_a_wav_file) {
    BOOST_REQUIRE_MESSAGE(fs::exists("/usr/bin/espeak-ng"), "espeak-ng is not installed (installer/deps-debian.sh)");
    const auto dir = test::scratchDir("speech-wav");
    const auto wav = dir / "greeting.wav";
    Recorder done;
    Speaker speaker(settingsFor({"espeak-ng", "-v", "{voice}", "-s", "{rate}", "-w", wav.string(), "--stdin"}),
                    done.callback());
    const auto id = speaker.speak(kGreeting, Language::Vietnamese);
    BOOST_REQUIRE(id > 0);
    const auto call = done.waitFor(id, 30s);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Finished));
    BOOST_TEST(call->thread != std::this_thread::get_id());
    BOOST_TEST(!speaker.speaking());

    const auto bytes = readFile(wav);
    BOOST_REQUIRE(bytes.size() > 44);
    BOOST_TEST(bytes.substr(0, 4) == "RIFF");
    BOOST_TEST(bytes.substr(8, 4) == "WAVE");
    // Walk the chunks rather than assume espeak-ng's layout.
    std::uint32_t byteRate = 0;
    std::uint16_t channels = 0;
    std::uint32_t sampleRate = 0;
    std::optional<std::uint32_t> dataSize;
    for (std::size_t at = 12; at + 8 <= bytes.size();) {
        const auto name = bytes.substr(at, 4);
        const auto size = le32(bytes, at + 4);
        if (name == "fmt ") {
            channels = le16(bytes, at + 10);
            sampleRate = le32(bytes, at + 12);
            byteRate = le32(bytes, at + 16);
        } else if (name == "data") {
            dataSize = std::min<std::uint32_t>(size, static_cast<std::uint32_t>(bytes.size() - at - 8));
            break;
        }
        at += 8 + size + (size & 1);
    }
    BOOST_REQUIRE(dataSize.has_value());
    BOOST_TEST(channels >= 1);
    BOOST_TEST(sampleRate >= 8000);
    BOOST_REQUIRE(byteRate > 0);
    const double seconds = static_cast<double>(*dataSize) / byteRate;
    BOOST_TEST_MESSAGE("espeak-ng wrote " << seconds << " s at " << sampleRate << " Hz");
    BOOST_TEST(seconds > 0.5);
}

BOOST_AUTO_TEST_CASE(stop_kills_at_once_even_a_child_ignoring_sigterm) {
    const auto dir = test::scratchDir("speech-stop");
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"plain", "echo $$ > \"$0\"; exec sleep 30"},
        {"ignores TERM", "trap '' TERM; echo $$ > \"$0\"; exec sleep 30"},
    };
    for (const auto& [name, script] : commands) {
        BOOST_TEST_CONTEXT(name) {
            const auto pidFile = dir / (name + ".pid");
            Recorder done;
            Speaker speaker(settingsFor({"sh", "-c", script, pidFile.string()}), done.callback());
            const auto id = speaker.speak(kGreeting, Language::Vietnamese);
            BOOST_REQUIRE(id > 0);
            const pid_t pid = pidFrom(pidFile);
            BOOST_REQUIRE(pid > 0);
            BOOST_TEST(speaker.speaking());

            const auto before = Clock::now();
            speaker.stop();
            const auto took = Clock::now() - before;
            BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 50);
            BOOST_TEST(!speaker.speaking());
            const auto call = done.waitFor(id, 500ms);
            BOOST_REQUIRE(call.has_value());
            BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Stopped));
            // Reaped, not only killed: no zombie is left behind.
            errno = 0;
            BOOST_TEST(::kill(pid, 0) == -1);
            BOOST_TEST(errno == ESRCH);
            speaker.stop();  // nothing left to stop: no second Done
            std::this_thread::sleep_for(50ms);
            BOOST_TEST(done.all().size() == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(stop_reaches_what_the_command_started) {
    // A wrapper script whose player runs as its grandchild: stop() must silence that too.
    const auto dir = test::scratchDir("speech-group");
    const auto pidFile = dir / "player.pid";
    Recorder done;
    Speaker speaker(settingsFor({"sh", "-c", "trap '' TERM; sleep 30 & echo $! > \"$0\"; wait", pidFile.string()}),
                    done.callback());
    const auto id = speaker.speak(kGreeting, Language::Vietnamese);
    const pid_t player = pidFrom(pidFile);
    BOOST_REQUIRE(player > 0);
    speaker.stop();
    const auto call = done.waitFor(id, 500ms);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Stopped));
    BOOST_TEST(waitUntil([&] { return processGone(player); }, 1s));
}

BOOST_AUTO_TEST_CASE(a_new_text_stops_the_one_speaking) {
    const auto dir = test::scratchDir("speech-replace");
    // Each run keeps its input in <pid>.txt; an input starting with WAIT then lingers as if long.
    const std::string script =
        "cat > \"$0/$$.txt\"; if [ \"$(head -c 4 \"$0/$$.txt\")\" = WAIT ]; then exec sleep 30; fi";
    Recorder done;
    Speaker speaker(settingsFor({"sh", "-c", script, dir.string()}), done.callback());

    const std::string first = "WAIT Thủ tục đăng ký thường trú: mang theo căn cước công dân.";
    const std::string second = "Giờ làm việc: thứ Hai đến thứ Sáu, 7 giờ 30 – 17 giờ. “Cảm ơn” ✓\n";
    const auto firstId = speaker.speak(first, Language::Vietnamese);
    BOOST_REQUIRE(firstId > 0);
    // Speaking for certain: its whole input has arrived and it now sleeps.
    BOOST_REQUIRE(waitUntil(
        [&] {
            for (const auto& file : fs::directory_iterator(dir))
                if (readFile(file.path()) == first) return true;
            return false;
        },
        5s));
    BOOST_TEST(speaker.speaking());

    const auto secondId = speaker.speak(second, Language::Vietnamese);
    BOOST_TEST(secondId > firstId);
    BOOST_TEST(speaker.speaking());
    const auto call = done.waitFor(secondId, 5s);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Finished));
    const auto calls = done.all();
    BOOST_REQUIRE(calls.size() == 2u);
    BOOST_TEST(calls[0].id == firstId);
    BOOST_TEST(static_cast<int>(calls[0].outcome) == static_cast<int>(Outcome::Stopped));
    BOOST_TEST(calls[1].id == secondId);

    std::vector<std::string> received;
    for (const auto& file : fs::directory_iterator(dir)) received.push_back(readFile(file.path()));
    std::sort(received.begin(), received.end());
    BOOST_TEST(received == (std::vector<std::string>{second, first}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_text_replaced_before_it_started_reports_stopped) {
    const auto dir = test::scratchDir("speech-quick");
    const auto out = dir / "heard.txt";
    Recorder done;
    Speaker speaker(settingsFor({"sh", "-c", "cat > \"$0\"", out.string()}), done.callback());
    const auto a = speaker.speak("một", Language::Vietnamese);
    const auto b = speaker.speak("hai", Language::Vietnamese);
    const auto c = speaker.speak("ba", Language::English);
    BOOST_REQUIRE(done.waitFor(c, 5s).has_value());
    const auto calls = done.all();
    BOOST_REQUIRE(calls.size() == 3u);
    BOOST_TEST(calls[0].id == a);
    BOOST_TEST(calls[1].id == b);
    BOOST_TEST(calls[2].id == c);
    BOOST_TEST(static_cast<int>(calls[0].outcome) == static_cast<int>(Outcome::Stopped));
    BOOST_TEST(static_cast<int>(calls[1].outcome) == static_cast<int>(Outcome::Stopped));
    BOOST_TEST(static_cast<int>(calls[2].outcome) == static_cast<int>(Outcome::Finished));
    BOOST_TEST(readFile(out) == "ba");
}

BOOST_AUTO_TEST_CASE(a_missing_program_fails_naming_it) {
    CapturedLog logged;
    Recorder done;
    Speaker speaker(settingsFor({"/nonexistent/espeak-ng", "-v", "{voice}", "--stdin"}), done.callback());
    const auto id = speaker.speak(kGreeting, Language::Vietnamese);
    BOOST_REQUIRE(id > 0);
    const auto call = done.waitFor(id, 5s);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Failed));
    BOOST_TEST(call->detail.find("/nonexistent/espeak-ng") != std::string::npos, call->detail);
    BOOST_TEST(call->detail.find("not found") != std::string::npos, call->detail);
    BOOST_TEST(!speaker.speaking());
    BOOST_TEST(logged.has("not found", "/nonexistent/espeak-ng -v vi --stdin"));
}

BOOST_AUTO_TEST_CASE(a_failing_program_fails_with_its_stderr_and_the_text_is_never_logged) {
    CapturedLog logged;
    Recorder done;
    Speaker speaker(settingsFor({"sh", "-c", "echo boom >&2; exit 3"}), done.callback());
    const std::string secret = "Nguyễn Văn A, số định danh 079123456789";
    const auto id = speaker.speak(secret, Language::Vietnamese);
    const auto call = done.waitFor(id, 5s);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Failed));
    BOOST_TEST(call->detail.find("boom") != std::string::npos, call->detail);
    BOOST_TEST(call->detail.find("status 3") != std::string::npos, call->detail);
    BOOST_TEST(logged.has("boom", "exit 3"));  // the cause and the command, for the staff
    BOOST_TEST(logged.has(std::to_string(secret.size()) + " bytes", "speech"));
    for (const auto& line : logged.lines()) {
        BOOST_TEST(line.find("079123456789") == std::string::npos, line);
        BOOST_TEST(line.find("Nguyễn") == std::string::npos, line);
    }
}

BOOST_AUTO_TEST_CASE(disabled_or_empty_speaks_nothing) {
    const auto dir = test::scratchDir("speech-nothing");
    const auto out = dir / "heard.txt";
    Recorder done;
    {
        auto settings = settingsFor({"sh", "-c", "cat > \"$0\"", out.string()});
        settings.enabled = false;
        Speaker disabled(settings, done.callback());
        BOOST_TEST(disabled.speak(kGreeting, Language::Vietnamese) == 0u);
        BOOST_TEST(!disabled.speaking());
        disabled.stop();

        Speaker enabled(settingsFor({"sh", "-c", "cat > \"$0\"", out.string()}), done.callback());
        BOOST_TEST(enabled.speak("", Language::English) == 0u);
        BOOST_TEST(!enabled.speaking());
        enabled.stop();
        std::this_thread::sleep_for(200ms);
    }
    BOOST_TEST(done.all().empty());
    BOOST_TEST(!fs::exists(out));
}

BOOST_AUTO_TEST_CASE(destruction_while_speaking_is_quick_and_leaves_no_child) {
    const auto dir = test::scratchDir("speech-destroy");
    const auto pidFile = dir / "child.pid";
    Recorder done;
    auto speaker = std::make_unique<Speaker>(
        settingsFor({"sh", "-c", "trap '' TERM; echo $$ > \"$0\"; exec sleep 30", pidFile.string()}), done.callback());
    const auto id = speaker->speak(kGreeting, Language::Vietnamese);
    const pid_t pid = pidFrom(pidFile);
    BOOST_REQUIRE(pid > 0);
    const auto before = Clock::now();
    speaker.reset();
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - before).count() < 1000);
    const auto calls = done.all();
    BOOST_REQUIRE(calls.size() == 1u);
    BOOST_TEST(calls[0].id == id);
    BOOST_TEST(static_cast<int>(calls[0].outcome) == static_cast<int>(Outcome::Stopped));
    errno = 0;
    BOOST_TEST(::kill(pid, 0) == -1);
    BOOST_TEST(errno == ESRCH);
}

BOOST_AUTO_TEST_CASE(a_long_text_is_cut_at_a_space) {
    const auto dir = test::scratchDir("speech-long");
    const auto out = dir / "heard.txt";
    Recorder done;
    Speaker speaker(settingsFor({"sh", "-c", "cat > \"$0\"", out.string()}), done.callback());

    std::string text;
    for (int i = 0; text.size() < 20000; ++i) text += "phường" + std::to_string(i % 7) + (i % 3 ? " " : "ệ ");
    text.resize(20000);
    const auto id = speaker.speak(text, Language::Vietnamese);
    const auto call = done.waitFor(id, 5s);
    BOOST_REQUIRE(call.has_value());
    BOOST_TEST(static_cast<int>(call->outcome) == static_cast<int>(Outcome::Finished));
    const auto heard = readFile(out);
    BOOST_TEST(heard.size() <= Speaker::kMaxTextBytes);
    BOOST_TEST(heard.size() > Speaker::kMaxTextBytes - 20);  // the last space, not much earlier
    BOOST_TEST(text.starts_with(heard));
    BOOST_TEST(text.at(heard.size()) == ' ');

    // One endless "word": cut between characters, never inside one.
    std::string word;
    while (word.size() < 20000) word += "ư";
    const auto wordId = speaker.speak(word, Language::Vietnamese);
    BOOST_REQUIRE(done.waitFor(wordId, 5s).has_value());
    const auto heardWord = readFile(out);
    BOOST_TEST(heardWord.size() == Speaker::kMaxTextBytes);
    BOOST_TEST(word.starts_with(heardWord));
}
