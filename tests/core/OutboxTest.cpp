// outbox.db: a saved report is on disk when save() returns, keeps its keys for life, moves
// through its states only forward, and a damaged file is moved aside, never lost.
#include <boost/test/unit_test.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "FakeClock.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"
#include "log/Log.h"

using namespace kiosk;
using namespace std::chrono_literals;
using open311::ReportDraft;

namespace {
ReportDraft draft(const std::string& description = "Ổ gà lớn trước số 12 Lê Lợi") {
    ReportDraft d;
    d.serviceCode = "001";
    d.serviceName = "Ổ gà, hư hỏng mặt đường";
    d.description = description;
    d.address = "12 Lê Lợi, Phường Bến Thành";
    d.lat = 10.7725;
    d.lon = 106.698;
    d.firstName = "Lan";
    d.lastName = "Nguyễn Thị";
    d.phone = "0901234567";
    d.email = "lan@example.vn";
    d.attributes = {{"SIZE", {"L"}, false}, {"KINDS", {"a", "b"}, true}};
    d.consentVersion = "2026-11";
    d.consentAt = "2026-11-28T01:00:00Z";
    return d;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::int64_t rowCount(const std::filesystem::path& file) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT count(*) FROM reports");
    return stmt.step() ? stmt.integer(0) : -1;
}

struct OutboxFixture {
    test::FakeClock clock;
    std::filesystem::path dir;
    std::filesystem::path file;
    std::unique_ptr<Outbox> outbox;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> logged = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);

    explicit OutboxFixture(const std::string& name) : dir(test::scratchDir(name)), file(dir / "outbox.db") {
        log::get("feedback")->sinks().push_back(logged);
        outbox = Outbox::open(file, clock);
    }
    ~OutboxFixture() {
        auto& sinks = log::get("feedback")->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), logged), sinks.end());
    }
    std::chrono::system_clock::time_point now() const { return clock.wallNow(); }
    bool loggedLine(const std::string& a, const std::string& b) {
        for (const auto& line : logged->last_formatted())
            if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
        return false;
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_saving)

BOOST_AUTO_TEST_CASE(a_saved_report_is_there_after_reopening_with_everything_it_held) {
    OutboxFixture f("outbox-reopen");
    const auto saved = f.outbox->save(draft());
    BOOST_TEST(saved.id > 0);
    BOOST_TEST((saved.state == ReportState::Queued));
    BOOST_TEST(saved.createdAt == "2027-01-15T08:00:00Z");  // the fake clock's wall time
    f.outbox.reset();
    const auto reopened = Outbox::open(f.file, f.clock);
    const auto found = reopened->find(saved.trackingCode);
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == saved.id);
    BOOST_TEST(found->idempotencyKey == saved.idempotencyKey);
    const auto& d = found->draft;
    BOOST_TEST(d.serviceCode == "001");
    BOOST_TEST(d.serviceName == "Ổ gà, hư hỏng mặt đường");
    BOOST_TEST(d.description == "Ổ gà lớn trước số 12 Lê Lợi");
    BOOST_TEST(d.address == "12 Lê Lợi, Phường Bến Thành");
    BOOST_TEST(d.lat.value_or(0) == 10.7725);
    BOOST_TEST(d.lon.value_or(0) == 106.698);
    BOOST_TEST(d.firstName == "Lan");
    BOOST_TEST(d.lastName == "Nguyễn Thị");
    BOOST_TEST(d.phone == "0901234567");
    BOOST_TEST(d.email == "lan@example.vn");
    BOOST_TEST(!d.anonymous);
    BOOST_TEST_REQUIRE(d.attributes.size() == 2u);
    BOOST_TEST(d.attributes[0].code == "KINDS");
    BOOST_TEST(d.attributes[0].multiple);
    BOOST_TEST(d.consentVersion == "2026-11");
    BOOST_TEST(d.consentAt == "2026-11-28T01:00:00Z");
    BOOST_TEST(found->nextAttemptAt == saved.createdAt);  // due at once
    BOOST_TEST(reopened->integrityCheck() == "ok");
}

BOOST_AUTO_TEST_CASE(save_commits_with_wal_and_full_sync_before_it_returns) {
    OutboxFixture f("outbox-durable");
    const auto durability = f.outbox->durability();
    BOOST_TEST(durability.journalMode == "wal");
    BOOST_TEST(durability.synchronous == 2);  // FULL: the WAL is synced at every commit
    const auto saved = f.outbox->save(draft());
    // Another connection sees it while the outbox is still open: nothing is left in a pending
    // transaction or a buffer of ours.
    BOOST_TEST(rowCount(f.file) == 1);
    BOOST_TEST(std::filesystem::exists(f.file.string() + "-wal"));
}

BOOST_AUTO_TEST_CASE(a_report_survives_a_process_killed_right_after_save) {
    OutboxFixture f("outbox-crash");
    f.outbox.reset();
    const pid_t child = fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        int code = 1;
        try {
            auto outbox = Outbox::open(f.file, f.clock);
            const auto saved = outbox->save(draft("lưu rồi mới báo"));
            std::ofstream(f.dir / "code") << saved.trackingCode;
            code = 0;
        } catch (...) {
        }
        _exit(code);  // no destructors: no close, no checkpoint, as if the power went
    }
    int status = 0;
    waitpid(child, &status, 0);
    BOOST_TEST_REQUIRE(WIFEXITED(status));
    BOOST_TEST_REQUIRE(WEXITSTATUS(status) == 0);
    const auto outbox = Outbox::open(f.file, f.clock);
    const auto found = outbox->find(readFile(f.dir / "code"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->draft.description == "lưu rồi mới báo");
}

BOOST_AUTO_TEST_CASE(an_invalid_draft_is_refused_and_nothing_is_saved) {
    OutboxFixture f("outbox-invalid");
    auto bad = draft();
    bad.description = "";
    BOOST_CHECK_THROW(f.outbox->save(bad), std::invalid_argument);
    bad = draft();
    bad.consentVersion.clear();
    BOOST_CHECK_THROW(f.outbox->save(bad), std::invalid_argument);
    BOOST_TEST(f.outbox->list().empty());
}

BOOST_AUTO_TEST_CASE(an_anonymous_report_keeps_nothing_that_names_the_resident) {
    OutboxFixture f("outbox-anonymous");
    auto d = draft();
    d.anonymous = true;
    d.consentAt.clear();
    const auto saved = f.outbox->save(d);
    BOOST_TEST(saved.draft.anonymous);
    BOOST_TEST(saved.draft.firstName.empty());
    BOOST_TEST(saved.draft.lastName.empty());
    BOOST_TEST(saved.draft.phone.empty());
    BOOST_TEST(saved.draft.email.empty());
    BOOST_TEST(saved.draft.consentAt == saved.createdAt);  // agreed just before sending
    BOOST_TEST(readFile(f.file.string() + "-wal").find("0901234567") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(tracking_codes_are_unique_unambiguous_and_checked) {
    const std::regex shape("^PA-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{3}$");
    std::set<std::string> codes;
    for (int i = 0; i < 2000; ++i) {
        const auto code = newTrackingCode();
        BOOST_TEST_REQUIRE(std::regex_match(code, shape), code);
        codes.insert(code);
        BOOST_TEST_REQUIRE(normalizeTrackingCode(code) == code);
    }
    BOOST_TEST(codes.size() == 2000u);
    const std::string code = *codes.begin();
    std::string typed = code;
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char c) { return std::tolower(c); });
    std::erase(typed, '-');
    BOOST_TEST(normalizeTrackingCode(typed) == code);
    BOOST_TEST(normalizeTrackingCode(" " + code.substr(0, 5) + " " + code.substr(5) + " ") == code);
    // Every single mistyped character and every swap of neighbours is caught.
    const std::string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    std::string compact = code;
    std::erase(compact, '-');
    for (std::size_t i = 2; i < compact.size(); ++i) {
        for (const char c : alphabet) {
            if (c == compact[i]) continue;
            std::string wrong = compact;
            wrong[i] = c;
            BOOST_TEST_REQUIRE(normalizeTrackingCode(wrong).empty(), wrong);
        }
        if (i + 1 < compact.size() && compact[i] != compact[i + 1]) {
            std::string swapped = compact;
            std::swap(swapped[i], swapped[i + 1]);
            BOOST_TEST(normalizeTrackingCode(swapped).empty(), swapped);
        }
    }
    for (const std::string& bad : std::vector<std::string>{"", "PA", "PA-0000-000", "PA-OOOO-OOO", "PA-1111-111", "PA-IIII-LLL", "XX" + compact.substr(2),
                                  compact + "2", std::string(1000, 'A')})
        BOOST_TEST(normalizeTrackingCode(bad).empty(), bad);
}

BOOST_AUTO_TEST_CASE(idempotency_keys_are_random_v4_uuids) {
    const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> keys;
    for (int i = 0; i < 2000; ++i) {
        const auto key = newIdempotencyKey();
        BOOST_TEST_REQUIRE(std::regex_match(key, uuid), key);
        keys.insert(key);
    }
    BOOST_TEST(keys.size() == 2000u);
    OutboxFixture f("outbox-keys");
    std::set<std::string> saved;
    std::set<std::string> tracking;
    for (int i = 0; i < 50; ++i) {
        const auto report = f.outbox->save(draft());
        BOOST_TEST(std::regex_match(report.idempotencyKey, uuid));
        saved.insert(report.idempotencyKey);
        tracking.insert(report.trackingCode);
    }
    BOOST_TEST(saved.size() == 50u);
    BOOST_TEST(tracking.size() == 50u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(outbox_states)

BOOST_AUTO_TEST_CASE(a_report_goes_queued_sending_retry_token_filed) {
    OutboxFixture f("outbox-states");
    const auto saved = f.outbox->save(draft());
    auto claimed = f.outbox->claimDue(f.now());
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    BOOST_TEST((claimed[0].state == ReportState::Sending));
    BOOST_TEST(claimed[0].idempotencyKey == saved.idempotencyKey);
    BOOST_TEST(f.outbox->claimDue(f.now()).empty());  // leased: not claimed twice

    BOOST_TEST(f.outbox->markRetry(saved.id, "HTTP 503", f.now() + 30s));
    auto report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Queued));
    BOOST_TEST(report.failures == 1);
    BOOST_TEST(report.attempts == 1);
    BOOST_TEST(report.lastError == "HTTP 503");
    BOOST_TEST(report.nextAttemptAt == "2027-01-15T08:00:30Z");
    BOOST_TEST(f.outbox->claimDue(f.now() + 29s).empty());
    BOOST_TEST((f.outbox->nextDue().value() == f.now() + 30s));
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now() + 30s).size() == 1u);

    BOOST_TEST(f.outbox->markToken(saved.id, "tok-9", f.now() + 60s, "Đã nhận"));
    report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Token));
    BOOST_TEST(report.token == "tok-9");
    BOOST_TEST(report.failures == 0);
    BOOST_TEST(report.serviceNotice == "Đã nhận");
    BOOST_TEST(f.outbox->claimDue(f.now() + 59s).empty());
    claimed = f.outbox->claimDue(f.now() + 60s);
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    BOOST_TEST((claimed[0].state == ReportState::Token));  // polled, still the city's
    // A pending poll goes back to waiting as a token report, not as a queued one.
    BOOST_TEST(f.outbox->markRetry(saved.id, "no id yet", f.now() + 120s));
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Token));
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now() + 120s).size() == 1u);

    BOOST_TEST(f.outbox->markFiled(saved.id, "HCM-1"));
    report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Filed));
    BOOST_TEST(report.serviceRequestId == "HCM-1");
    BOOST_TEST(report.token == "tok-9");
    BOOST_TEST(report.attempts == 4);
    BOOST_TEST(report.lastError.empty());
    BOOST_TEST(!report.filedAt.empty());
    BOOST_TEST(report.trackingCode == saved.trackingCode);
    // A late answer never undoes a filed report.
    BOOST_TEST(!f.outbox->markRetry(saved.id, "late 503", f.now() + 1h));
    BOOST_TEST(!f.outbox->markRefused(saved.id, {{400, "late", ""}}));
    BOOST_TEST(!f.outbox->markToken(saved.id, "t2", f.now()));
    BOOST_TEST(!f.outbox->defer(saved.id, f.now()));
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Filed));
    BOOST_TEST(f.outbox->claimDue(f.now() + 24h).empty());
    BOOST_TEST(!f.outbox->nextDue().has_value());
}

BOOST_AUTO_TEST_CASE(a_refused_report_is_kept_not_retried_and_can_be_amended) {
    OutboxFixture f("outbox-refused");
    const auto saved = f.outbox->save(draft());
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now()).size() == 1u);
    BOOST_TEST(f.outbox->markRefused(saved.id, {{400, "attribute[SIZE] is required", "SIZE"}, {400, "Sai", ""}}));
    auto report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Refused));
    BOOST_TEST_REQUIRE(report.refusedErrors.size() == 2u);
    BOOST_TEST(report.refusedErrors[0].field == "SIZE");
    BOOST_TEST(report.refusedErrors[1].description == "Sai");
    BOOST_TEST(report.lastError == "attribute[SIZE] is required");
    BOOST_TEST(f.outbox->claimDue(f.now() + 1000h).empty());
    BOOST_TEST(f.outbox->retryAllNow(f.now() + 1000h) == 0);
    BOOST_TEST(!f.outbox->markFiled(saved.id, "X"));

    auto changed = draft("Ổ gà rất lớn");
    changed.attributes = {{"SIZE", {"S"}, false}};
    BOOST_TEST(f.outbox->amend(saved.id, changed));
    report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Queued));
    BOOST_TEST(report.trackingCode == saved.trackingCode);
    BOOST_TEST(report.idempotencyKey != saved.idempotencyKey);  // the city must not take it for the refused one
    BOOST_TEST(report.refusedErrors.empty());
    BOOST_TEST(report.draft.description == "Ổ gà rất lớn");
    BOOST_TEST(f.outbox->claimDue(f.now()).size() == 1u);
    BOOST_TEST(!f.outbox->amend(saved.id, changed));  // only a refused report is amended
}

BOOST_AUTO_TEST_CASE(a_token_report_cannot_be_refused) {
    OutboxFixture f("outbox-token-refused");
    const auto saved = f.outbox->save(draft());
    f.outbox->claimDue(f.now());
    f.outbox->markToken(saved.id, "tok", f.now());
    BOOST_TEST(!f.outbox->markRefused(saved.id, {{400, "x", ""}}));
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Token));
}

BOOST_AUTO_TEST_CASE(a_lease_ends_so_a_crash_mid_send_only_delays_a_report) {
    OutboxFixture f("outbox-lease");
    const auto saved = f.outbox->save(draft());
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now(), 120s).size() == 1u);
    f.outbox.reset();  // the sender died with the report in "sending"
    f.outbox = Outbox::open(f.file, f.clock);
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Sending));
    BOOST_TEST(f.outbox->claimDue(f.now() + 119s).empty());
    BOOST_TEST((f.outbox->nextDue().value() == f.now() + 120s));
    const auto again = f.outbox->claimDue(f.now() + 120s);
    BOOST_TEST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again[0].idempotencyKey == saved.idempotencyKey);
}

BOOST_AUTO_TEST_CASE(fewest_failures_go_first_and_defer_counts_no_failure) {
    OutboxFixture f("outbox-order");
    const auto a = f.outbox->save(draft("a"));
    const auto b = f.outbox->save(draft("b"));
    const auto c = f.outbox->save(draft("c"));
    f.outbox->claimDue(f.now());
    f.outbox->markRetry(a.id, "x", f.now());
    f.outbox->markRetry(b.id, "x", f.now());
    f.outbox->defer(c.id, f.now());
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now()).size() == 3u);
    f.outbox->markRetry(a.id, "x", f.now());  // a: its second failure
    f.outbox->defer(b.id, f.now());
    f.outbox->defer(c.id, f.now());
    BOOST_TEST(f.outbox->get(c.id)->failures == 0);
    BOOST_TEST(f.outbox->get(c.id)->attempts == 0);
    const auto claimed = f.outbox->claimDue(f.now());
    BOOST_TEST_REQUIRE(claimed.size() == 3u);
    BOOST_TEST(claimed[0].id == c.id);
    BOOST_TEST(claimed[1].id == b.id);
    BOOST_TEST(claimed[2].id == a.id);
    BOOST_TEST(claimed[2].failures == 2);
}

BOOST_AUTO_TEST_CASE(retry_all_now_makes_every_waiting_report_due) {
    OutboxFixture f("outbox-retry-all");
    const auto a = f.outbox->save(draft("a"));
    const auto b = f.outbox->save(draft("b"));
    f.outbox->claimDue(f.now());
    f.outbox->markRetry(a.id, "x", f.now() + 1h);
    f.outbox->markToken(b.id, "t", f.now() + 1h);
    BOOST_TEST(f.outbox->claimDue(f.now()).empty());
    BOOST_TEST(f.outbox->retryAllNow(f.now()) == 2);
    BOOST_TEST(f.outbox->claimDue(f.now()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(lists_counts_finding_and_tracking) {
    OutboxFixture f("outbox-lists");
    const auto a = f.outbox->save(draft("a"));
    f.clock.advance(1min);
    const auto b = f.outbox->save(draft("b"));
    const auto c = f.outbox->save(draft("c"));
    f.outbox->claimDue(f.now());
    f.outbox->markFiled(a.id, "HCM-1");
    f.outbox->markRefused(b.id, {{400, "x", ""}});
    f.outbox->markRetry(c.id, "x", f.now() + 1h);
    const auto list = f.outbox->list();
    BOOST_TEST_REQUIRE(list.size() == 3u);
    BOOST_TEST(list[0].id == c.id);  // newest first
    const auto counts = f.outbox->counts();
    BOOST_TEST(counts.filed == 1);
    BOOST_TEST(counts.refused == 1);
    BOOST_TEST(counts.queued == 1);
    BOOST_TEST(counts.waiting() == 1);
    BOOST_TEST(counts.oldestWaitingSince == c.createdAt);
    BOOST_TEST(!f.outbox->find("PA-2222-222").has_value());
    BOOST_TEST(!f.outbox->find("nonsense").has_value());

    auto track = f.outbox->toTrack();
    BOOST_TEST_REQUIRE(track.size() == 1u);
    BOOST_TEST(track[0].serviceRequestId == "HCM-1");
    open311::RequestStatus status;
    status.serviceRequestId = "HCM-1";
    status.status = "closed";
    status.statusNotes = "Đã vá";
    status.agencyResponsible = "UBND phường";
    status.updatedAt = "2027-01-17T08:00:00+07:00";
    BOOST_TEST(f.outbox->updateStatus(a.id, status));
    BOOST_TEST(!f.outbox->updateStatus(b.id, status));  // only filed reports have a city status
    const auto tracked = *f.outbox->find(a.trackingCode);
    BOOST_TEST(tracked.tracked.status == "closed");
    BOOST_TEST(tracked.tracked.statusNotes == "Đã vá");
    BOOST_TEST(tracked.tracked.agencyResponsible == "UBND phường");
    BOOST_TEST(tracked.tracked.updatedAt == "2027-01-17T08:00:00+07:00");
    BOOST_TEST(!tracked.trackedAt.empty());
    BOOST_TEST(f.outbox->toTrack().empty());  // closed: the resident confirms or reopens
}

BOOST_AUTO_TEST_CASE(the_database_refuses_to_delete_an_unsent_report) {
    OutboxFixture f("outbox-no-delete");
    const auto queued = f.outbox->save(draft("a"));
    const auto filed = f.outbox->save(draft("b"));
    f.outbox->claimDue(f.now());
    f.outbox->markFiled(filed.id, "HCM-2");
    auto db = Database::open(f.file);
    db.exec("PRAGMA busy_timeout = 5000");
    auto remove = [&](std::int64_t id) {
        auto stmt = db.prepare("DELETE FROM reports WHERE id = ?");
        stmt.bind(1, id);
        stmt.run();
    };
    BOOST_CHECK_THROW(remove(queued.id), SqliteError);
    BOOST_TEST(f.outbox->get(queued.id).has_value());
    BOOST_CHECK_NO_THROW(remove(filed.id));  // staff may purge what the city has
}

BOOST_AUTO_TEST_CASE(the_services_and_definitions_are_cached) {
    OutboxFixture f("outbox-cache");
    BOOST_TEST(!f.outbox->services().has_value());
    f.outbox->storeServices(R"([{"service_code": "001"}])");
    f.clock.advance(1h);
    f.outbox->storeServices(R"([{"service_code": "002"}])");
    const auto services = f.outbox->services();
    BOOST_TEST_REQUIRE(services.has_value());
    BOOST_TEST(services->json == R"([{"service_code": "002"}])");
    BOOST_TEST(services->fetchedAt == "2027-01-15T09:00:00Z");
    f.outbox->storeDefinition("001", R"({"service_code": "001"})");
    BOOST_TEST(f.outbox->definition("001")->json == R"({"service_code": "001"})");
    BOOST_TEST(!f.outbox->definition("002").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(outbox_damage)

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_is_moved_aside_and_a_new_outbox_started) {
    OutboxFixture f("outbox-garbage");
    f.outbox.reset();
    std::filesystem::remove(f.file.string() + "-wal");
    std::filesystem::remove(f.file.string() + "-shm");
    std::string garbage;
    for (int i = 0; i < 1000; ++i) garbage += "this is not an SQLite database; ";
    writeFile(f.file, garbage);
    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST_REQUIRE(!report.movedAside.empty());
    BOOST_TEST(report.movedAside.filename().string().starts_with("outbox.db.corrupt-20270115T080000Z"));
    BOOST_TEST(report.movedAside.parent_path() == f.dir);
    BOOST_TEST(readFile(report.movedAside) == garbage);  // kept, byte for byte, for staff
    BOOST_TEST(!report.problem.empty());
    BOOST_TEST(f.loggedLine("OUTBOX DAMAGED", report.movedAside.string()));
    BOOST_TEST(f.outbox->list().empty());
    BOOST_TEST(f.outbox->save(draft()).id > 0);
    BOOST_TEST(f.outbox->integrityCheck() == "ok");
}

BOOST_AUTO_TEST_CASE(damaged_pages_are_found_and_the_file_moved_with_its_reports) {
    OutboxFixture f("outbox-damaged-pages");
    for (int i = 0; i < 40; ++i) f.outbox->save(draft(std::string(900, 'x') + std::to_string(i)));
    f.outbox.reset();  // closing checkpoints the WAL into the file
    std::string bytes = readFile(f.file);
    BOOST_TEST_REQUIRE(bytes.size() > 8 * 4096u);
    for (std::size_t i = 2 * 4096; i < 6 * 4096; ++i) bytes[i] = static_cast<char>(0xA5);
    writeFile(f.file, bytes);
    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST_REQUIRE(!report.movedAside.empty());
    BOOST_TEST(readFile(report.movedAside) == bytes);
    BOOST_TEST(f.outbox->list().empty());
    BOOST_TEST(f.loggedLine("OUTBOX DAMAGED", "moved"));
}

BOOST_AUTO_TEST_CASE(a_foreign_or_newer_database_is_moved_aside_not_used) {
    OutboxFixture f("outbox-foreign");
    f.outbox.reset();
    for (const char* sql : {"CREATE TABLE notes(x)", "PRAGMA user_version = 99"}) {
        std::filesystem::remove(f.file);
        std::filesystem::remove(f.file.string() + "-wal");
        std::filesystem::remove(f.file.string() + "-shm");
        {
            auto db = Database::open(f.file);
            db.exec(sql);
        }
        Outbox::OpenReport report;
        f.outbox = Outbox::open(f.file, f.clock, &report);
        BOOST_TEST(!report.movedAside.empty(), sql);
        BOOST_TEST(std::filesystem::exists(report.movedAside));
        f.outbox.reset();
    }
    // Both in the same second: the second move did not overwrite the first.
    int moved = 0;
    for (const auto& entry : std::filesystem::directory_iterator(f.dir))
        if (entry.path().filename().string().starts_with("outbox.db.corrupt-") &&
            !entry.path().filename().string().ends_with("-wal") && !entry.path().filename().string().ends_with("-shm"))
            ++moved;
    BOOST_TEST(moved == 2);
}

BOOST_AUTO_TEST_CASE(a_healthy_outbox_is_never_moved) {
    OutboxFixture f("outbox-healthy");
    f.outbox->save(draft());
    f.outbox.reset();
    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST(report.movedAside.empty());
    BOOST_TEST(f.outbox->list().size() == 1u);
    for (const auto& entry : std::filesystem::directory_iterator(f.dir))
        BOOST_TEST(entry.path().filename().string().find("corrupt") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
