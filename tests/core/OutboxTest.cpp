// outbox.db: a saved report is on disk when save() returns, keeps its keys for life, moves
// through its states only forward, and a damaged file is moved aside, never lost.
// The sanitizer build's GCC 12 warns falsely ("may be used uninitialized") inside libstdc++'s
// <regex>; ignored before any header is read, as the warning points into them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
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

BOOST_AUTO_TEST_CASE(tracking_codes_name_the_ward_of_the_kiosk_and_are_checked_over_it) {
    const std::regex shape("^PA-26743-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{3}$");
    const std::string code = newTrackingCode("26743");
    BOOST_TEST_REQUIRE(std::regex_match(code, shape), code);
    BOOST_TEST(normalizeTrackingCode(code) == code);
    BOOST_TEST(trackingCodeWard(code) == "26743");
    BOOST_TEST(trackingCodeWard(newTrackingCode()).empty());  // older codes name none
    std::string compact = code;
    std::erase(compact, '-');
    std::string typed = compact;
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char c) { return std::tolower(c); });
    BOOST_TEST(normalizeTrackingCode(typed) == code);
    BOOST_TEST(trackingCodeWard(typed) == "26743");
    // Any other ward, digit or character, and any swap of neighbours, ward and code alike.
    const std::string characters = "0123456789ABCDEFGHJKMNPQRSTUVWXYZ";
    for (std::size_t i = 2; i < compact.size(); ++i) {
        for (const char c : characters) {
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
    BOOST_CHECK_THROW(newTrackingCode("2674"), std::invalid_argument);
    BOOST_CHECK_THROW(newTrackingCode("2674A"), std::invalid_argument);
    BOOST_TEST(looksLikeTrackingCode("pa 26743 xxxx xxx"));
    BOOST_TEST(looksLikeTrackingCode("PA-XXXX-XXX"));
    BOOST_TEST(!looksLikeTrackingCode("HCM-000123"));
}

BOOST_AUTO_TEST_CASE(an_outbox_with_a_ward_gives_its_reports_codes_naming_it) {
    OutboxFixture f("outbox-ward");
    f.outbox->setWardCode("27343");
    const auto saved = f.outbox->save(draft());
    BOOST_TEST(trackingCodeWard(saved.trackingCode) == "27343");
    BOOST_TEST(f.outbox->find(saved.trackingCode)->id == saved.id);
    BOOST_CHECK_THROW(f.outbox->setWardCode("Bến Thành"), std::invalid_argument);
    BOOST_TEST(!f.outbox->findByRequestId("").has_value());
    BOOST_TEST(f.outbox->markFiled(saved.id, "HCM-000042"));
    BOOST_TEST(f.outbox->findByRequestId("HCM-000042")->id == saved.id);
    BOOST_TEST(!f.outbox->findByRequestId("HCM-000043").has_value());
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
    // What could be read of it is in the new outbox; nothing else is.
    BOOST_TEST_REQUIRE(report.recovered.has_value());
    BOOST_TEST(f.outbox->list().size() == static_cast<std::size_t>(report.recovered->reports));
    BOOST_TEST(report.recovered->reports + report.recovered->unreadable >= 40);
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
        if ((entry.path().filename().string().starts_with("outbox.db.corrupt-") ||
             entry.path().filename().string().starts_with("outbox.db.newer-")) &&
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

namespace {
// outbox.db as schema version 1 made it (the kiosk before accounts and verdicts), kept here as
// it shipped: a migration is tested against what is really on kiosks, not against today's code.
constexpr const char* kSchemaVersion1 = R"sql(
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT, tracking_code TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, service_code TEXT NOT NULL,
    service_name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
    lat REAL, lon REAL, first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', anonymous INTEGER NOT NULL DEFAULT 0,
    attributes TEXT NOT NULL DEFAULT '{}', consent_version TEXT NOT NULL, consent_at TEXT NOT NULL,
    parent_request_id TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'filed', 'token', 'refused')),
    service_request_id TEXT NOT NULL DEFAULT '', token TEXT NOT NULL DEFAULT '',
    service_notice TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL DEFAULT '',
    lease_until TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
    refused_errors TEXT NOT NULL DEFAULT '[]', filed_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '', status_notes TEXT NOT NULL DEFAULT '',
    status_service_name TEXT NOT NULL DEFAULT '', agency_responsible TEXT NOT NULL DEFAULT '',
    requested_datetime TEXT NOT NULL DEFAULT '', updated_datetime TEXT NOT NULL DEFAULT '',
    expected_datetime TEXT NOT NULL DEFAULT '', status_address TEXT NOT NULL DEFAULT '',
    tracked_at TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL);
CREATE INDEX reports_due ON reports(state, next_attempt_at);
CREATE TRIGGER reports_keep_unsent BEFORE DELETE ON reports WHEN OLD.state <> 'filed'
BEGIN SELECT RAISE(ABORT, 'a report the city has not filed is never deleted'); END;
CREATE TABLE services_cache (id INTEGER PRIMARY KEY CHECK (id = 1), services TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE definitions_cache (service_code TEXT PRIMARY KEY, definition TEXT NOT NULL, fetched_at TEXT NOT NULL);
)sql";

// A version 1 outbox with three reports (queued, filed and closed, refused) and both caches, as
// a kiosk of that version would have left it.
void writeVersion1Outbox(const std::filesystem::path& file) {
    auto db = Database::open(file);
    db.exec(kSchemaVersion1);
    db.exec(R"sql(
INSERT INTO reports(tracking_code, idempotency_key, created_at, service_code, service_name, description, address,
    lat, lon, first_name, phone, attributes, consent_version, consent_at, state, next_attempt_at, updated_at)
VALUES('PA-2345-67A', '11111111-1111-4111-8111-111111111111', '2026-12-01T01:00:00Z', '001', 'Ổ gà',
    'Ổ gà trước chợ', '12 Lê Lợi', 10.77, 106.69, 'Lan', '0901234567', '{"SIZE": "L"}', '2026-11',
    '2026-12-01T01:00:00Z', 'queued', '2026-12-01T01:00:00Z', '2026-12-01T01:00:00Z');
INSERT INTO reports(tracking_code, idempotency_key, created_at, service_code, description, consent_version,
    consent_at, state, service_request_id, filed_at, status, status_notes, agency_responsible, updated_at)
VALUES('PA-3456-78B', '22222222-2222-4222-8222-222222222222', '2026-12-02T01:00:00Z', '005', 'Lấn chiếm vỉa hè',
    '2026-11', '2026-12-02T01:00:00Z', 'filed', 'HCM-000007', '2026-12-02T01:05:00Z', 'closed', 'Đã giải toả',
    'Đội trật tự', '2026-12-03T01:00:00Z');
INSERT INTO reports(tracking_code, idempotency_key, created_at, service_code, description, consent_version,
    consent_at, state, refused_errors, last_error, anonymous, updated_at)
VALUES('PA-4567-89C', '33333333-3333-4333-8333-333333333333', '2026-12-04T01:00:00Z', '003', 'Rác', '2026-11',
    '2026-12-04T01:00:00Z', 'refused', '[{"code": 400, "description": "WASTE: bắt buộc", "field": "WASTE"}]',
    'WASTE: bắt buộc', 1, '2026-12-04T01:00:00Z');
INSERT INTO services_cache(id, services, fetched_at) VALUES(1, '[{"service_code": "001"}]', '2026-12-01T00:00:00Z');
INSERT INTO definitions_cache(service_code, definition, fetched_at)
VALUES('001', '{"service_code": "001"}', '2026-12-01T00:00:00Z');
PRAGMA user_version = 1;
)sql");
}

int userVersionOf(const std::filesystem::path& file) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    return db.userVersion();
}

bool hasColumn(const std::filesystem::path& file, const std::string& column) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT 1 FROM pragma_table_info('reports') WHERE name = ?");
    stmt.bind(1, column);
    return stmt.step();
}

ReportDraft draftOf(const std::string& account, const std::string& description = "Ổ gà") {
    auto d = draft(description);
    d.accountId = account;
    return d;
}

// A report the city filed as `requestId` and then closed.
OutboxReport closedReport(Outbox& outbox, const ReportDraft& d, const std::string& requestId) {
    const auto saved = outbox.save(d);
    BOOST_TEST_REQUIRE(outbox.markFiled(saved.id, requestId));
    open311::RequestStatus status;
    status.serviceRequestId = requestId;
    status.status = "closed";
    status.statusNotes = "Đã vá";
    BOOST_TEST_REQUIRE(outbox.updateStatus(saved.id, status));
    return *outbox.get(saved.id);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_schema)

BOOST_AUTO_TEST_CASE(a_version_1_outbox_is_upgraded_in_place_keeping_every_report) {
    OutboxFixture f("outbox-migrate-v1");
    f.outbox.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f.file.string() + suffix);
    writeVersion1Outbox(f.file);
    BOOST_TEST_REQUIRE(userVersionOf(f.file) == 1);
    BOOST_TEST_REQUIRE(!hasColumn(f.file, "account_id"));

    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST(report.movedAside.empty(), report.problem);
    BOOST_TEST(userVersionOf(f.file) == Outbox::kSchemaVersion);
    BOOST_TEST(f.loggedLine("schema upgraded", "from version 1 to " + std::to_string(Outbox::kSchemaVersion)));
    const auto list = f.outbox->list();
    BOOST_TEST_REQUIRE(list.size() == 3u);  // ids 1, 2, 3 in the order written
    const auto queued = f.outbox->get(1).value();
    BOOST_TEST((queued.state == ReportState::Queued));
    BOOST_TEST(queued.idempotencyKey == "11111111-1111-4111-8111-111111111111");
    BOOST_TEST(queued.draft.description == "Ổ gà trước chợ");
    BOOST_TEST(queued.draft.phone == "0901234567");
    BOOST_TEST(queued.draft.lat.value_or(0) == 10.77);
    BOOST_TEST_REQUIRE(queued.draft.attributes.size() == 1u);
    BOOST_TEST(queued.draft.attributes[0].values.at(0) == "L");
    BOOST_TEST(queued.draft.accountId.empty());  // the new columns' defaults
    BOOST_TEST(!queued.statusChanged);
    BOOST_TEST(queued.verdict.empty());
    BOOST_TEST(queued.verdictAt.empty());
    const auto closed = f.outbox->get(2).value();
    BOOST_TEST(closed.serviceRequestId == "HCM-000007");
    BOOST_TEST(closed.tracked.status == "closed");
    BOOST_TEST(closed.tracked.agencyResponsible == "Đội trật tự");
    const auto refused = f.outbox->get(3).value();
    BOOST_TEST((refused.state == ReportState::Refused));
    BOOST_TEST_REQUIRE(refused.refusedErrors.size() == 1u);
    BOOST_TEST(refused.refusedErrors[0].field == "WASTE");
    BOOST_TEST(refused.draft.anonymous);
    BOOST_TEST(f.outbox->services()->json == R"([{"service_code": "001"}])");
    BOOST_TEST(f.outbox->definition("001").has_value());
    // Still due, and sent under the key it had.
    const auto due = f.outbox->claimDue(f.now());
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].trackingCode == "PA-2345-67A");
    // What version 2 adds works on the upgraded file, and the old promises still hold.
    BOOST_TEST(f.outbox->confirmFixed(closed.id));
    BOOST_TEST(f.outbox->save(draftOf("vneid-1")).draft.accountId == "vneid-1");
    BOOST_TEST(f.outbox->listForAccount("vneid-1").size() == 1u);
    BOOST_TEST(f.outbox->integrityCheck() == "ok");
    auto db = Database::open(f.file);
    db.exec("PRAGMA busy_timeout = 5000");
    BOOST_CHECK_THROW(db.exec("DELETE FROM reports WHERE tracking_code = 'PA-4567-89C'"), SqliteError);
    for (const auto& entry : std::filesystem::directory_iterator(f.dir))
        BOOST_TEST(entry.path().filename().string().find("corrupt") == std::string::npos);
    // Opening again changes nothing.
    f.outbox.reset();
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST(report.movedAside.empty());
    BOOST_TEST(f.outbox->list().size() == 4u);
}

BOOST_AUTO_TEST_CASE(an_upgrade_that_fails_midway_leaves_the_version_1_file_as_it_was) {
    OutboxFixture f("outbox-migrate-atomic");
    f.outbox.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f.file.string() + suffix);
    writeVersion1Outbox(f.file);
    {
        // The upgrade's last step (the account index) cannot be made: a name is taken.
        auto db = Database::open(f.file);
        db.exec("CREATE TABLE reports_account(x)");
    }
    BOOST_CHECK_THROW(Outbox::open(f.file, f.clock), SqliteError);
    BOOST_TEST(userVersionOf(f.file) == 1);
    BOOST_TEST(!hasColumn(f.file, "account_id"));  // the columns added before it were rolled back
    BOOST_TEST(!hasColumn(f.file, "verdict"));
    BOOST_TEST(rowCount(f.file) == 3);
    for (const auto& entry : std::filesystem::directory_iterator(f.dir))
        BOOST_TEST(entry.path().filename().string().find("corrupt") == std::string::npos);
}

// A version 2 outbox (before ratings), as kiosks of that version left it: version 1's file, then
// version 2's step as it shipped, with a report of a logged-in resident.
void writeVersion2Outbox(const std::filesystem::path& file) {
    writeVersion1Outbox(file);
    auto db = Database::open(file);
    db.exec(R"sql(
ALTER TABLE reports ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN status_changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN verdict TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'fixed', 'reopened'));
ALTER TABLE reports ADD COLUMN verdict_at TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_account ON reports(account_id);
UPDATE reports SET account_id = 'vneid-7', status_changed = 1 WHERE tracking_code = 'PA-3456-78B';
PRAGMA user_version = 2;
)sql");
}

bool hasTable(const std::filesystem::path& file, const std::string& table) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    stmt.bind(1, table);
    return stmt.step();
}

BOOST_AUTO_TEST_CASE(a_version_2_outbox_gets_the_ratings_table_in_place_keeping_every_report) {
    OutboxFixture f("outbox-migrate-v2");
    f.outbox.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f.file.string() + suffix);
    writeVersion2Outbox(f.file);
    BOOST_TEST_REQUIRE(userVersionOf(f.file) == 2);
    BOOST_TEST_REQUIRE(!hasTable(f.file, "ratings"));

    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST(report.movedAside.empty(), report.problem);
    BOOST_TEST(userVersionOf(f.file) == Outbox::kSchemaVersion);
    BOOST_TEST(hasTable(f.file, "ratings"));
    BOOST_TEST(hasTable(f.file, "recoveries"));
    BOOST_TEST(f.loggedLine("schema upgraded", "from version 2 to " + std::to_string(Outbox::kSchemaVersion)));
    BOOST_TEST_REQUIRE(f.outbox->list().size() == 3u);
    const auto closed = f.outbox->get(2).value();
    BOOST_TEST(closed.draft.accountId == "vneid-7");
    BOOST_TEST(closed.statusChanged);
    BOOST_TEST(f.outbox->get(1)->idempotencyKey == "11111111-1111-4111-8111-111111111111");
    BOOST_TEST(f.outbox->ratings().empty());
    // A rating on the upgraded file: saved, due, and kept by the database until sent.
    const auto rating = f.outbox->saveRating({"H29.22-261120-0005", 5, "Tốt"});
    BOOST_TEST(f.outbox->claimDueRatings(f.now()).size() == 1u);
    auto db = Database::open(f.file);
    db.exec("PRAGMA busy_timeout = 5000");
    BOOST_CHECK_THROW(db.exec("DELETE FROM ratings WHERE id = " + std::to_string(rating.id)), SqliteError);
    BOOST_TEST(f.outbox->integrityCheck() == "ok");
    f.outbox.reset();
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST(report.movedAside.empty());
    BOOST_TEST(f.outbox->ratings().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_new_outbox_gets_version_2_with_its_rules) {
    OutboxFixture f("outbox-new-v2");
    BOOST_TEST(userVersionOf(f.file) == Outbox::kSchemaVersion);
    for (const char* column : {"account_id", "status_changed", "verdict", "verdict_at"})
        BOOST_TEST(hasColumn(f.file, column), column);
    const auto saved = f.outbox->save(draft());
    auto db = Database::open(f.file);
    db.exec("PRAGMA busy_timeout = 5000");
    auto index = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'reports_account'");
    BOOST_TEST(index.step());
    BOOST_CHECK_THROW(db.exec("UPDATE reports SET verdict = 'maybe' WHERE id = " + std::to_string(saved.id)),
                      SqliteError);
    BOOST_CHECK_NO_THROW(db.exec("UPDATE reports SET verdict = 'fixed' WHERE id = " + std::to_string(saved.id)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(outbox_accounts)

BOOST_AUTO_TEST_CASE(a_report_keeps_its_account_unless_it_is_anonymous) {
    OutboxFixture f("outbox-account");
    const auto named = f.outbox->save(draftOf("vneid-1"));
    BOOST_TEST(named.draft.accountId == "vneid-1");
    auto d = draftOf("vneid-1");
    d.anonymous = true;
    const auto anonymous = f.outbox->save(d);
    BOOST_TEST(anonymous.draft.accountId.empty());
    BOOST_TEST(readFile(f.file.string() + "-wal").find("vneid-1") != std::string::npos);  // the named one
    f.outbox.reset();
    f.outbox = Outbox::open(f.file, f.clock);
    BOOST_TEST(f.outbox->get(named.id)->draft.accountId == "vneid-1");
    BOOST_TEST(f.outbox->get(anonymous.id)->draft.accountId.empty());
}

BOOST_AUTO_TEST_CASE(list_for_account_gives_the_residents_reports_newest_first) {
    OutboxFixture f("outbox-list-account");
    const auto a = f.outbox->save(draftOf("vneid-1", "a"));
    f.outbox->save(draftOf("vneid-2", "b"));
    f.clock.advance(1min);
    const auto c = f.outbox->save(draftOf("vneid-1", "c"));
    f.outbox->save(draftOf("", "d"));  // nobody logged in
    auto anonymous = draftOf("vneid-1", "e");
    anonymous.anonymous = true;
    f.outbox->save(anonymous);
    const auto mine = f.outbox->listForAccount("vneid-1");
    BOOST_TEST_REQUIRE(mine.size() == 2u);
    BOOST_TEST(mine[0].id == c.id);
    BOOST_TEST(mine[1].id == a.id);
    BOOST_TEST(f.outbox->listForAccount("vneid-2").size() == 1u);
    BOOST_TEST(f.outbox->listForAccount("vneid-3").empty());
    // "" is nobody, not everybody's reports without an account.
    BOOST_TEST(f.outbox->listForAccount("").empty());
}

BOOST_AUTO_TEST_CASE(amending_keeps_the_original_account_unless_made_anonymous) {
    OutboxFixture f("outbox-amend-account");
    const auto saved = f.outbox->save(draftOf("vneid-1"));
    BOOST_TEST_REQUIRE(f.outbox->markRefused(saved.id, {{400, "x", ""}}));
    BOOST_TEST(f.outbox->amend(saved.id, draftOf("vneid-2", "sửa lại")));
    BOOST_TEST(f.outbox->get(saved.id)->draft.accountId == "vneid-1");
    BOOST_TEST_REQUIRE(f.outbox->markRefused(saved.id, {{400, "x", ""}}));
    BOOST_TEST(f.outbox->amend(saved.id, draftOf("", "sửa lần hai")));
    BOOST_TEST(f.outbox->get(saved.id)->draft.accountId == "vneid-1");
    BOOST_TEST_REQUIRE(f.outbox->markRefused(saved.id, {{400, "x", ""}}));
    auto anonymous = draftOf("vneid-1", "ẩn danh");
    anonymous.anonymous = true;
    BOOST_TEST(f.outbox->amend(saved.id, anonymous));
    const auto amended = *f.outbox->get(saved.id);
    BOOST_TEST(amended.draft.accountId.empty());
    BOOST_TEST(amended.draft.phone.empty());
    BOOST_TEST(f.outbox->listForAccount("vneid-1").empty());
}

BOOST_AUTO_TEST_CASE(a_change_in_what_the_city_says_is_flagged_until_seen) {
    OutboxFixture f("outbox-status-changed");
    const auto mine = f.outbox->save(draftOf("vneid-1"));
    const auto theirs = f.outbox->save(draftOf("vneid-2"));
    BOOST_TEST(!mine.statusChanged);
    f.outbox->markFiled(mine.id, "HCM-1");
    f.outbox->markFiled(theirs.id, "HCM-2");
    BOOST_TEST(!f.outbox->get(mine.id)->statusChanged);  // filing is the kiosk's news, not the city's

    open311::RequestStatus status;
    status.serviceRequestId = "HCM-1";
    status.status = "open";
    status.updatedAt = "2027-01-15T15:00:00+07:00";
    BOOST_TEST(f.outbox->updateStatus(mine.id, status));
    BOOST_TEST(f.outbox->get(mine.id)->statusChanged);  // the first word from the city counts
    BOOST_TEST(f.outbox->updateStatus(theirs.id, status));
    f.outbox->markSeen("vneid-1");
    BOOST_TEST(!f.outbox->get(mine.id)->statusChanged);
    BOOST_TEST(f.outbox->get(theirs.id)->statusChanged);  // someone else's stays
    f.outbox->markSeen("");
    BOOST_TEST(f.outbox->get(theirs.id)->statusChanged);

    // The same again, or only a new updated_datetime or address: nothing to tell the resident.
    status.updatedAt = "2027-01-15T16:00:00+07:00";
    status.address = "12 Lê Lợi";
    BOOST_TEST(f.outbox->updateStatus(mine.id, status));
    BOOST_TEST(!f.outbox->get(mine.id)->statusChanged);

    auto changed = [&](auto change) {
        change(status);
        BOOST_TEST_REQUIRE(f.outbox->updateStatus(mine.id, status));
        const bool flagged = f.outbox->get(mine.id)->statusChanged;
        f.outbox->markSeen("vneid-1");
        return flagged;
    };
    BOOST_TEST(changed([](open311::RequestStatus& s) { s.statusNotes = "Đã tiếp nhận"; }));
    BOOST_TEST(changed([](open311::RequestStatus& s) { s.agencyResponsible = "UBND phường"; }));
    BOOST_TEST(changed([](open311::RequestStatus& s) { s.expectedAt = "2027-01-20T17:00:00+07:00"; }));
    BOOST_TEST(changed([](open311::RequestStatus& s) { s.status = "closed"; }));
    BOOST_TEST(!changed([](open311::RequestStatus& s) { s.serviceName = "Tên khác"; }));
    // Flagged until seen, whatever later polls bring.
    status.statusNotes = "Đã xử lý";
    f.outbox->updateStatus(mine.id, status);
    status.statusNotes = "Đã xử lý xong";
    f.outbox->updateStatus(mine.id, status);
    BOOST_TEST(f.outbox->listForAccount("vneid-1").at(0).statusChanged);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(outbox_verdicts)

BOOST_AUTO_TEST_CASE(only_a_closed_report_without_a_verdict_is_confirmed_fixed) {
    OutboxFixture f("outbox-confirm");
    const auto queued = f.outbox->save(draftOf("vneid-1"));
    BOOST_TEST(!f.outbox->confirmFixed(queued.id));
    const auto open = f.outbox->save(draftOf("vneid-1"));
    f.outbox->markFiled(open.id, "HCM-1");
    open311::RequestStatus status;
    status.serviceRequestId = "HCM-1";
    status.status = "open";
    f.outbox->updateStatus(open.id, status);
    BOOST_TEST(!f.outbox->confirmFixed(open.id));
    BOOST_TEST(!f.outbox->confirmFixed(9999));
    BOOST_TEST(f.outbox->get(open.id)->verdict.empty());

    const auto closed = closedReport(*f.outbox, draftOf("vneid-1"), "HCM-2");
    f.clock.advance(1h);
    BOOST_TEST(f.outbox->confirmFixed(closed.id));
    const auto fixed = *f.outbox->get(closed.id);
    BOOST_TEST(fixed.verdict == "fixed");
    BOOST_TEST(fixed.verdictAt == "2027-01-15T09:00:00Z");
    BOOST_TEST(!f.outbox->confirmFixed(closed.id));  // once
    BOOST_CHECK_THROW(f.outbox->reopen(closed.id, draftOf("vneid-1")), std::invalid_argument);
    BOOST_TEST(f.outbox->list().size() == 3u);
}

BOOST_AUTO_TEST_CASE(reopening_saves_a_linked_report_and_marks_the_closed_one) {
    OutboxFixture f("outbox-reopen-linked");
    const auto closed = closedReport(*f.outbox, draftOf("vneid-1"), "HCM-7");
    f.clock.advance(1h);
    auto again = draftOf("vneid-1", "Ổ gà vẫn còn, chưa vá");
    again.parentRequestId = "HCM-something-else";  // the outbox decides the link
    const auto reopened = f.outbox->reopen(closed.id, again);
    BOOST_TEST(reopened.id != closed.id);
    BOOST_TEST(reopened.draft.parentRequestId == "HCM-7");
    BOOST_TEST(reopened.draft.description == "Ổ gà vẫn còn, chưa vá");
    BOOST_TEST(reopened.draft.accountId == "vneid-1");
    BOOST_TEST((reopened.state == ReportState::Queued));
    BOOST_TEST(reopened.trackingCode != closed.trackingCode);
    BOOST_TEST(normalizeTrackingCode(reopened.trackingCode) == reopened.trackingCode);
    BOOST_TEST(reopened.idempotencyKey != closed.idempotencyKey);
    BOOST_TEST(reopened.createdAt == "2027-01-15T09:00:00Z");
    const auto marked = *f.outbox->get(closed.id);
    BOOST_TEST(marked.verdict == "reopened");
    BOOST_TEST(marked.verdictAt == "2027-01-15T09:00:00Z");
    BOOST_TEST((marked.state == ReportState::Filed));  // the city's report is left as the city has it
    const auto due = f.outbox->claimDue(f.now());
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].id == reopened.id);
    // Once: a second reopening (another screen, kioskctl) makes no second report.
    BOOST_CHECK_THROW(f.outbox->reopen(closed.id, again), std::invalid_argument);
    BOOST_TEST(!f.outbox->confirmFixed(closed.id));
    BOOST_TEST(f.outbox->listForAccount("vneid-1").size() == 2u);
}

BOOST_AUTO_TEST_CASE(reopening_is_refused_for_a_report_not_closed_or_a_bad_draft) {
    OutboxFixture f("outbox-reopen-refused");
    const auto queued = f.outbox->save(draftOf("vneid-1"));
    BOOST_CHECK_THROW(f.outbox->reopen(queued.id, draftOf("vneid-1")), std::invalid_argument);
    const auto open = f.outbox->save(draftOf("vneid-1"));
    f.outbox->markFiled(open.id, "HCM-1");
    BOOST_CHECK_THROW(f.outbox->reopen(open.id, draftOf("vneid-1")), std::invalid_argument);
    BOOST_CHECK_THROW(f.outbox->reopen(424242, draftOf("vneid-1")), std::invalid_argument);
    const auto closed = closedReport(*f.outbox, draftOf("vneid-1"), "HCM-2");
    auto bad = draftOf("vneid-1");
    bad.description.clear();
    BOOST_CHECK_THROW(f.outbox->reopen(closed.id, bad), std::invalid_argument);
    BOOST_TEST(f.outbox->list().size() == 3u);  // nothing new saved
    BOOST_TEST(f.outbox->get(closed.id)->verdict.empty());
}

BOOST_AUTO_TEST_CASE(reopening_is_all_or_nothing) {
    OutboxFixture f("outbox-reopen-atomic");
    const auto closed = closedReport(*f.outbox, draftOf("vneid-1"), "HCM-3");
    {
        // The last write of a reopening fails (the disk, say): the new report must go with it.
        auto db = Database::open(f.file);
        db.exec("PRAGMA busy_timeout = 5000");
        db.exec("CREATE TRIGGER fail_verdict BEFORE UPDATE OF verdict ON reports BEGIN "
                "SELECT RAISE(ABORT, 'disk full (test)'); END");
    }
    BOOST_CHECK_THROW(f.outbox->reopen(closed.id, draftOf("vneid-1", "chưa vá")), SqliteError);
    BOOST_TEST(f.outbox->list().size() == 1u);
    BOOST_TEST(f.outbox->get(closed.id)->verdict.empty());
    BOOST_TEST(f.outbox->claimDue(f.now()).empty());
    {
        auto db = Database::open(f.file);
        db.exec("PRAGMA busy_timeout = 5000");
        db.exec("DROP TRIGGER fail_verdict");
    }
    BOOST_TEST(f.outbox->reopen(closed.id, draftOf("vneid-1", "chưa vá")).draft.parentRequestId == "HCM-3");
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 16, item 6: what a damaged outbox still holds is recovered into the new one, each report
// and rating once, under its own keys. The expected ids are worked out from where SQLite put each
// row (its dbstat table, read before the damage), not from the recovery code.
BOOST_AUTO_TEST_SUITE(outbox_recovery)

namespace {
constexpr std::uintmax_t kPage = 4096;  // SQLite's default page size, which the outbox keeps

// `n` reports of one leaf page each (a 2500-byte description fits a 4096-byte page once, not
// twice), in every state recovery treats differently, and three dossier ratings.
struct Filled {
    std::vector<OutboxReport> reports;  // by id, ascending
    std::vector<OutboxRating> ratings;
};
Filled fill(OutboxFixture& f, int n) {
    for (int i = 1; i <= n; ++i) f.outbox->save(draft(std::string(2500, 'x') + " #" + std::to_string(i)));
    BOOST_TEST_REQUIRE(f.outbox->claimDue(f.now(), 10min, 1).size() == 1u);  // report 1: being sent
    BOOST_TEST_REQUIRE(f.outbox->markFiled(2, "HCM-2"));
    BOOST_TEST_REQUIRE(f.outbox->markRefused(3, {{400, "mô tả quá ngắn", "description"}}));
    for (int i = 1; i <= 3; ++i) f.outbox->saveRating({"H29.22-261120-000" + std::to_string(i), i + 2, "tốt"});
    Filled filled;
    filled.reports = f.outbox->list();
    std::reverse(filled.reports.begin(), filled.reports.end());
    filled.ratings = f.outbox->ratings();
    return filled;
}

// The pages of a table's rows in b-tree (id) order, and how many rows each holds.
std::vector<std::pair<std::int64_t, std::int64_t>> leafPages(const std::filesystem::path& file, const std::string& table) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY path");
    stmt.bind(1, table);
    std::vector<std::pair<std::int64_t, std::int64_t>> pages;
    while (stmt.step()) pages.emplace_back(stmt.integer(0), stmt.integer(1));
    return pages;
}

std::int64_t interiorPagesMax(const std::filesystem::path& file, const std::string& table) {
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT coalesce(max(pageno), 0) FROM dbstat WHERE name = ?1 AND pagetype = 'internal'");
    stmt.bind(1, table);
    return stmt.step() ? stmt.integer(0) : 0;
}

void zeroPage(const std::filesystem::path& file, std::int64_t page) {
    std::string bytes = readFile(file);
    const auto at = static_cast<std::size_t>(page - 1) * kPage;
    BOOST_TEST_REQUIRE(bytes.size() >= at + kPage);
    std::fill(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.begin() + static_cast<std::ptrdiff_t>(at + kPage), '\0');
    writeFile(file, bytes);
}

// Each recovered report is the original: the same tracking code, idempotency key, creation time
// and text; a report that was being sent waits again, due now; the others keep their state.
void checkKept(OutboxFixture& f, const Filled& original, const std::set<std::int64_t>& expectedIds) {
    std::set<std::string> expectedCodes;
    for (const auto id : expectedIds) expectedCodes.insert(original.reports.at(static_cast<std::size_t>(id - 1)).trackingCode);
    std::set<std::string> codes;
    for (const auto& r : f.outbox->list()) {
        codes.insert(r.trackingCode);
        const auto it = std::find_if(original.reports.begin(), original.reports.end(),
                                     [&](const OutboxReport& o) { return o.trackingCode == r.trackingCode; });
        BOOST_TEST_REQUIRE((it != original.reports.end()));
        BOOST_TEST(r.idempotencyKey == it->idempotencyKey);
        BOOST_TEST(r.createdAt == it->createdAt);
        BOOST_TEST(r.draft.description == it->draft.description);
        BOOST_TEST(r.draft.phone == it->draft.phone);
        BOOST_TEST(r.serviceRequestId == it->serviceRequestId);
        const auto expected = it->state == ReportState::Sending ? ReportState::Queued : it->state;
        BOOST_TEST(toString(r.state) == toString(expected));
    }
    BOOST_TEST(codes == expectedCodes);
    // The waiting ones are due at once: the sender sends them under their keys.
    std::size_t waiting = 0;
    for (const auto id : expectedIds) {
        const auto state = original.reports.at(static_cast<std::size_t>(id - 1)).state;
        waiting += (state == ReportState::Queued || state == ReportState::Sending) ? 1 : 0;
    }
    BOOST_TEST(f.outbox->claimDue(f.now()).size() == waiting);
}

void checkRatingsKept(OutboxFixture& f, const Filled& original, std::size_t expected) {
    const auto ratings = f.outbox->ratings();
    BOOST_TEST(ratings.size() == expected);
    for (const auto& r : ratings) {
        const auto it = std::find_if(original.ratings.begin(), original.ratings.end(),
                                     [&](const OutboxRating& o) { return o.idempotencyKey == r.idempotencyKey; });
        BOOST_TEST_REQUIRE((it != original.ratings.end()));
        BOOST_TEST(r.dossierCode == it->dossierCode);
        BOOST_TEST(r.level == it->level);
    }
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_truncated_outbox_gives_back_every_report_on_the_pages_left) {
    OutboxFixture f("outbox-recover-truncated");
    const auto original = fill(f, 30);
    f.outbox.reset();  // checkpointed into the file; the -wal is gone
    const auto leaves = leafPages(f.file, "reports");
    BOOST_TEST_REQUIRE(leaves.size() == 30u);
    for (const auto& [page, cells] : leaves) BOOST_TEST_REQUIRE(cells == 1);
    const auto cutAfter = leaves[11].first;  // keep the pages up to report 12's
    BOOST_TEST_REQUIRE(interiorPagesMax(f.file, "reports") <= cutAfter);
    std::set<std::int64_t> expected;
    for (std::size_t i = 0; i < leaves.size(); ++i)
        if (leaves[i].first <= cutAfter) expected.insert(static_cast<std::int64_t>(i + 1));
    const auto ratingPages = leafPages(f.file, "ratings");
    BOOST_TEST_REQUIRE(ratingPages.size() == 1u);
    const std::size_t ratingsExpected = ratingPages[0].first <= cutAfter ? 3 : 0;
    std::filesystem::resize_file(f.file, static_cast<std::uintmax_t>(cutAfter) * kPage);
    const std::string damaged = readFile(f.file);

    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST_REQUIRE(!report.movedAside.empty());
    BOOST_TEST_REQUIRE(report.recovered.has_value());
    BOOST_TEST(report.recovered->reports == static_cast<std::int64_t>(expected.size()));
    BOOST_TEST(report.recovered->ratings == static_cast<std::int64_t>(ratingsExpected));
    BOOST_TEST(report.recovered->unreadable == static_cast<std::int64_t>(30 - expected.size() + 3 - ratingsExpected));
    BOOST_TEST(report.recovered->notUnderstood == 0);
    BOOST_TEST(readFile(report.movedAside) == damaged);  // read, never written
    checkKept(f, original, expected);
    checkRatingsKept(f, original, ratingsExpected);
    BOOST_TEST(f.loggedLine("outbox: recovered " + std::to_string(expected.size()) + " reports", report.movedAside.string()));

    // Once only: a second recovery of the same file adds nothing.
    const auto again = f.outbox->recoverFrom(report.movedAside);
    BOOST_TEST(again.reports == 0);
    BOOST_TEST(again.ratings == 0);
    BOOST_TEST(again.alreadyHere == static_cast<std::int64_t>(expected.size() + ratingsExpected));
    BOOST_TEST(f.outbox->list().size() == expected.size());
    // Both are on record for kioskctl status, newest first, counts only.
    const auto recorded = f.outbox->recoveries();
    BOOST_TEST_REQUIRE(recorded.size() == 2u);
    BOOST_TEST(recorded[1].reports == static_cast<std::int64_t>(expected.size()));
    BOOST_TEST(recorded[1].problem == report.problem);
    BOOST_TEST(recorded[0].alreadyHere == again.alreadyHere);
    BOOST_TEST(f.outbox->recoveries(f.now() + 1h).empty());
    BOOST_TEST(f.outbox->integrityCheck() == "ok");
}

BOOST_AUTO_TEST_CASE(a_page_of_zeros_loses_only_the_reports_on_it) {
    OutboxFixture f("outbox-recover-zeros");
    const auto original = fill(f, 40);
    f.outbox.reset();
    const auto leaves = leafPages(f.file, "reports");
    BOOST_TEST_REQUIRE(leaves.size() == 40u);
    for (const auto& [page, cells] : leaves) BOOST_TEST_REQUIRE(cells == 1);
    // Reports 10 and 25, in the middle of the file.
    zeroPage(f.file, leaves[9].first);
    zeroPage(f.file, leaves[24].first);
    std::set<std::int64_t> expected;
    for (std::int64_t id = 1; id <= 40; ++id)
        if (id != 10 && id != 25) expected.insert(id);

    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST_REQUIRE(!report.movedAside.empty());
    BOOST_TEST(report.problem.find("quick_check") != std::string::npos);
    BOOST_TEST_REQUIRE(report.recovered.has_value());
    BOOST_TEST(report.recovered->reports == 38);
    BOOST_TEST(report.recovered->ratings == 3);
    BOOST_TEST(report.recovered->unreadable == 2);
    checkKept(f, original, expected);
    checkRatingsKept(f, original, 3);

    const auto again = f.outbox->recoverFrom(report.movedAside);
    BOOST_TEST(again.reports + again.ratings == 0);
    BOOST_TEST(again.alreadyHere == 41);
    BOOST_TEST(again.unreadable == 2);
    BOOST_TEST(f.outbox->list().size() == 38u);
}

BOOST_AUTO_TEST_CASE(a_newer_kiosks_outbox_is_kept_aside_and_what_we_know_of_it_recovered) {
    OutboxFixture f("outbox-recover-newer");
    const auto original = fill(f, 5);
    f.outbox.reset();
    {
        // What a later kiosk might have made of it: a column and a table more, a higher version.
        auto db = Database::open(f.file);
        db.exec("ALTER TABLE reports ADD COLUMN priority INTEGER NOT NULL DEFAULT 0; CREATE TABLE photos(id, report_id, jpeg);"
                "UPDATE reports SET priority = 2 WHERE id = 4; PRAGMA user_version = " +
                std::to_string(Outbox::kSchemaVersion + 1));
    }
    const std::string newer = readFile(f.file);
    Outbox::OpenReport report;
    f.outbox = Outbox::open(f.file, f.clock, &report);
    BOOST_TEST_REQUIRE(!report.movedAside.empty());
    BOOST_TEST(report.movedAside.filename().string().starts_with("outbox.db.newer-"));
    BOOST_TEST(readFile(report.movedAside) == newer);  // kept as it was, for the newer kiosk
    BOOST_TEST(report.problem.find("newer") != std::string::npos);
    BOOST_TEST_REQUIRE(report.recovered.has_value());
    BOOST_TEST(report.recovered->reports == 5);
    BOOST_TEST(report.recovered->ratings == 3);
    BOOST_TEST(report.recovered->unreadable == 0);
    BOOST_TEST(report.recovered->note.find("newer than this kiosk's") != std::string::npos);
    checkKept(f, original, {1, 2, 3, 4, 5});
    checkRatingsKept(f, original, 3);
    BOOST_TEST(f.loggedLine("OUTBOX FROM A NEWER KIOSK", report.movedAside.string()));

    const auto again = f.outbox->recoverFrom(report.movedAside);
    BOOST_TEST(again.reports + again.ratings == 0);
    BOOST_TEST(again.alreadyHere == 8);
}

BOOST_AUTO_TEST_CASE(reports_only_in_the_wal_are_recovered_too) {
    OutboxFixture f("outbox-recover-wal");
    const auto original = fill(f, 4);
    // The kiosk still has it open: what it saved is in the -wal, not yet in the file.
    BOOST_TEST_REQUIRE(std::filesystem::file_size(f.file.string() + "-wal") > 0u);
    const auto copy = f.dir / "copy.db";
    std::filesystem::copy_file(f.file, copy);
    std::filesystem::copy_file(f.file.string() + "-wal", copy.string() + "-wal");
    OutboxFixture g("outbox-recover-wal-into");
    const auto r = g.outbox->recoverFrom(copy);
    BOOST_TEST(r.reports == 4);
    BOOST_TEST(r.ratings == 3);
    BOOST_TEST(r.readThrough);
    BOOST_TEST(r.note.empty(), r.note);
    checkKept(g, original, {1, 2, 3, 4});
    checkRatingsKept(g, original, 3);
}

BOOST_AUTO_TEST_CASE(recovery_by_hand_refuses_the_outbox_itself_and_a_missing_file) {
    OutboxFixture f("outbox-recover-refused");
    f.outbox->save(draft());
    BOOST_CHECK_THROW(f.outbox->recoverFrom(f.file), std::invalid_argument);
    BOOST_CHECK_THROW(f.outbox->recoverFrom(f.dir / "nothing-here.db"), std::invalid_argument);
    // Not a database at all: nothing recovered, and said so.
    writeFile(f.dir / "garbage.db", std::string(10000, 'g'));
    const auto none = f.outbox->recoverFrom(f.dir / "garbage.db");
    BOOST_TEST(none.reports + none.ratings == 0);
    BOOST_TEST(!none.note.empty());
    BOOST_TEST(!none.readThrough);
    BOOST_TEST(f.outbox->list().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
