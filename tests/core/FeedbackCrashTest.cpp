// Issue 7: "a resident's report is never lost, and never filed twice". The kiosk's own submit
// and send path (kioskctl feedback submit / outbox retry use the same Outbox and FeedbackSender
// as the screen) is killed with SIGKILL at random moments, KIOSK_CRASH_RUNS times (500 by
// default), against a simulated 1022 endpoint that sometimes stores a report and then drops
// the connection. Afterwards every report the resident was told was saved ("SAVED <code>")
// is on the server exactly once, no report is there twice, and outbox.db passes integrity_check.
#define BOOST_TEST_MODULE FeedbackCrash
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CitySimServer.h"
#include "Open311Sim.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"

extern char** environ;

namespace {

struct Run {
    std::string out;
    bool killed = false;
    int exitCode = -1;
};

// Runs argv with stdout captured; kills it (SIGKILL) after `killAfter` unless it ended first.
Run runAndMaybeKill(const std::vector<std::string>& args, std::chrono::microseconds killAfter) {
    int pipeFds[2];
    BOOST_TEST_REQUIRE(::pipe2(pipeFds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    BOOST_TEST_REQUIRE(spawned == 0);
    ::fcntl(pipeFds[0], F_SETFL, O_NONBLOCK);

    Run run;
    const auto deadline = std::chrono::steady_clock::now() + killAfter;
    auto drain = [&] {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0) run.out.append(buffer, static_cast<size_t>(n));
    };
    int status = 0;
    for (;;) {
        drain();
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            run.killed = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    drain();
    ::close(pipeFds[0]);
    if (WIFEXITED(status)) run.exitCode = WEXITSTATUS(status);
    return run;
}

std::vector<std::string> savedCodes(const std::string& out) {
    std::vector<std::string> codes;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind("SAVED ", 0) == 0) codes.push_back(line.substr(6, line.find(' ', 6) - 6));
    return codes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sigkill_during_submit_and_send_loses_nothing_and_files_nothing_twice) {
    const int runs = std::getenv("KIOSK_CRASH_RUNS") ? std::atoi(std::getenv("KIOSK_CRASH_RUNS")) : 500;
    const auto scratch = kiosk::test::scratchDir("feedback-crash");
    citysim::CitySimServer::Options options;
    options.dataDir = kiosk::test::resourcesDir() / "data";
    citysim::CitySimServer sim(options);
    sim.start();
    sim.open311().setStoreThenDrop(0.3);
    sim.open311().setSeed(20261128);

    const auto config = scratch / "kiosk.toml";
    std::ofstream(config) << "[kiosk]\nward_code = \"26740\"\n[city]\nbase_url = \"" << sim.baseUrl()
                          << "\"\nconnect_timeout_s = 2\n[sync]\nenabled = false\n"
                          << "[feedback]\napi_key = \"crash-test\"\nrequest_timeout_s = 5\nretry_min_s = 1\nretry_max_s = 2\n[log]\nlevel = \"warn\"\n";
    ::setenv("WARD_KIOSK_STATE_DIR", scratch.c_str(), 1);
    const std::string kioskctl = KIOSKCTL_PATH;

    auto submitArgs = [&](int i) {
        return std::vector<std::string>{kioskctl, "--config", config.string(), "feedback", "submit", "--service", "010",
                                        "--address", "12 Lê Lợi", "--description", "Phản ánh thử số " + std::to_string(i),
                                        "--name", "Nguyễn Văn Thử", "--phone", "0900000000"};
    };
    std::set<std::string> told;
    // How long an undisturbed submit takes here, so that the kill points spread over the whole
    // life of a run: before the save, during it, after it was reported, during the POST, while
    // the answer is written back.
    long longestUs = 0;
    for (int i = 0; i < 5; ++i) {
        const auto started = std::chrono::steady_clock::now();
        const auto run = runAndMaybeKill(submitArgs(-1 - i), std::chrono::seconds(30));
        longestUs = std::max<long>(longestUs, std::chrono::duration_cast<std::chrono::microseconds>(
                                                  std::chrono::steady_clock::now() - started).count());
        for (const auto& code : savedCodes(run.out)) told.insert(code);
    }
    BOOST_TEST_MESSAGE("an undisturbed submit takes up to " << longestUs << " us");
    std::mt19937 random(1022);
    std::uniform_int_distribution<long> killUs(0, longestUs * 13 / 10);
    int killed = 0;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> args{kioskctl, "--config", config.string()};
        if (i % 5 == 4) {
            args.insert(args.end(), {"outbox", "retry"});  // kills land in sends of earlier reports too
        } else {
            args = submitArgs(i);
        }
        const auto run = runAndMaybeKill(args, std::chrono::microseconds(killUs(random)));
        killed += run.killed ? 1 : 0;
        for (const auto& code : savedCodes(run.out)) told.insert(code);
    }
    BOOST_TEST_MESSAGE(runs << " runs, " << killed << " killed, " << told.size() << " reports told saved, "
                            << sim.open311().drops() << " answers dropped after storing");
    BOOST_TEST(killed > runs / 5);  // the kills really landed mid-way (the share varies with the load)
    BOOST_TEST(told.size() > static_cast<std::size_t>(runs / 10));  // and many runs got as far as the save
    BOOST_TEST(!told.empty());

    // Then the kiosk runs on undisturbed (faults off) until nothing waits.
    sim.open311().clearFaults();
    int drained = -1;
    for (int attempt = 0; attempt < 20 && drained != 0; ++attempt) {
        drained = runAndMaybeKill({kioskctl, "--config", config.string(), "outbox", "retry"}, std::chrono::seconds(60)).exitCode;
        if (drained != 0) std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    }
    BOOST_TEST_REQUIRE(drained == 0, "reports still waiting after the drain");

    auto outbox = kiosk::Outbox::open(scratch / "outbox.db");
    BOOST_TEST(outbox->integrityCheck() == "ok");
    const auto server = sim.open311().requests();
    std::map<std::string, int> onServer;  // tracking code → copies filed
    for (const auto& request : server) {
        const auto it = request.attributes.find("kiosk_tracking");
        if (it != request.attributes.end() && !it->second.empty()) ++onServer[it->second.front()];
    }
    for (const auto& code : told) {
        const auto report = outbox->find(code);
        BOOST_TEST_REQUIRE(report.has_value(), code << " was told saved but is not in outbox.db");
        BOOST_TEST((report->state == kiosk::ReportState::Filed), code << " is " << kiosk::toString(report->state));
        BOOST_TEST(onServer[code] == 1, code << " is on the server " << onServer[code] << " times");
    }
    // Nothing twice, including reports saved but killed before "SAVED" was printed.
    for (const auto& [code, copies] : onServer) BOOST_TEST(copies == 1, code << " filed " << copies << " times");
    BOOST_TEST(server.size() == onServer.size());
    BOOST_TEST(outbox->counts().filed == static_cast<std::int64_t>(server.size()));

    // Staff can save what the kiosk holds: every report, readable by them only.
    const auto exported = scratch / "export.json";
    std::filesystem::remove(exported);
    const auto run = runAndMaybeKill({kioskctl, "--config", config.string(), "outbox", "export", exported.string()},
                                     std::chrono::seconds(30));
    BOOST_TEST(run.exitCode == 0);
    const auto mode = std::filesystem::status(exported).permissions();
    BOOST_TEST(((mode & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
                std::filesystem::perms::none));
    std::ifstream in(exported);
    std::stringstream text;
    text << in.rdbuf();
    std::size_t listed = 0;
    for (auto at = text.str().find("\"tracking_code\""); at != std::string::npos;
         at = text.str().find("\"tracking_code\"", at + 1))
        ++listed;
    BOOST_TEST(listed == outbox->list().size());
    sim.stop();
}
