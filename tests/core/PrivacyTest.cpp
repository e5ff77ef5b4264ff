// Personal data at rest (issue 17, items 2 and 3; README "Personal data"): the retention rules
// blank what is past its time and nothing before, leave no copy of it in the database file or
// its WAL, delete old slips and seen damaged copies; erasure on request removes one resident's
// reports, slips and damaged copies, and never a report the city does not have without consent.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>

#include "FakeClock.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"
#include "privacy/Privacy.h"
#include "storage/Database.h"

using namespace kiosk;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Canaries: text that appears nowhere else, so that finding it in a file can only mean the
// resident's data is still there.
constexpr const char* kCanaryName = "Canarynamezq";
constexpr const char* kCanaryPhone = "0987650001";
constexpr const char* kCanaryText = "canarydescriptionzq";
constexpr const char* kCanaryAddress = "canaryaddresszq";
constexpr const char* kCanaryComment = "canarycommentzq";

open311::ReportDraft draft(const std::string& phone = kCanaryPhone, const std::string& tag = "") {
    open311::ReportDraft d;
    d.serviceCode = "001";
    d.serviceName = "Ổ gà, hư hỏng mặt đường";
    d.description = std::string(kCanaryText) + tag + " trước nhà";
    d.address = std::string(kCanaryAddress) + tag;
    d.lat = 10.7725;
    d.lon = 106.698;
    d.firstName = kCanaryName;
    d.lastName = "Nguyễn Thị";
    d.phone = phone;
    d.email = "canary@example.vn";
    d.accountId = "vneid-canary-account";
    d.consentVersion = "2026-11";
    d.consentAt = "2026-11-28T01:00:00Z";
    return d;
}

std::string bytesOf(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every byte the outbox has on disk: the database, its WAL and shared memory.
std::string outboxBytes(const fs::path& file) {
    return bytesOf(file) + bytesOf(file.string() + "-wal") + bytesOf(file.string() + "-shm");
}

void touch(const fs::path& file, std::chrono::system_clock::time_point written) {
    std::ofstream(file, std::ios::binary) << "%PDF-1.4 slip";
    fs::last_write_time(file, std::chrono::file_clock::from_sys(written));
}

struct PrivacyFixture {
    test::FakeClock clock;
    fs::path dir;
    std::unique_ptr<Outbox> outbox;
    privacy::Places places;
    Config::Privacy rules;  // the defaults: 30, 365, 3, 1 days

    explicit PrivacyFixture(const std::string& name) : dir(test::scratchDir(name)) {
        outbox = Outbox::open(dir / "outbox.db", clock);
        places.outbox = dir / "outbox.db";
        places.slipDirs = {dir / "slips", dir / "slips-kept"};
        for (const auto& d : places.slipDirs) fs::create_directories(d);
    }
    std::chrono::system_clock::time_point now() const { return clock.wallNow(); }
    OutboxReport filed(const open311::ReportDraft& d, const std::string& requestId) {
        const auto saved = outbox->save(d);
        outbox->claimDue(now());
        BOOST_REQUIRE(outbox->markFiled(saved.id, requestId));
        return *outbox->get(saved.id);
    }
    privacy::RetentionReport applyAt(std::chrono::system_clock::time_point at) {
        return privacy::applyRetention(*outbox, rules, places, at);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(privacy_retention)

BOOST_AUTO_TEST_CASE(contact_details_go_after_contact_days_content_after_content_days) {
    PrivacyFixture f("privacy-retention-days");
    const auto report = f.filed(draft(), "REQ-1");
    const auto unsent = f.outbox->save(draft("0987650002", "unsent"));

    // One day short: nothing changes.
    auto pass = f.applyAt(f.now() + 29 * 24h);
    BOOST_TEST(pass.blanked.total() == 0);
    BOOST_TEST(f.outbox->get(report.id)->draft.phone == kCanaryPhone);

    pass = f.applyAt(f.now() + 31 * 24h);
    BOOST_TEST(pass.blanked.contacts == 1);
    BOOST_TEST(pass.problem.empty(), pass.problem);
    auto after = *f.outbox->get(report.id);
    BOOST_TEST(after.draft.firstName.empty());
    BOOST_TEST(after.draft.lastName.empty());
    BOOST_TEST(after.draft.phone.empty());
    BOOST_TEST(after.draft.email.empty());
    BOOST_TEST(after.draft.accountId.empty());
    BOOST_TEST(after.draft.description.find(kCanaryText) == 0u);  // content stays for its longer period
    BOOST_TEST(after.serviceRequestId == "REQ-1");                // the report itself stays followable
    BOOST_TEST(after.trackingCode == report.trackingCode);
    // A report the city does not have yet keeps everything: the city still needs it.
    BOOST_TEST(f.outbox->get(unsent.id)->draft.phone == "0987650002");
    // A second pass finds nothing more to do.
    BOOST_TEST(f.applyAt(f.now() + 32 * 24h).blanked.total() == 0);

    pass = f.applyAt(f.now() + 366 * 24h);
    BOOST_TEST(pass.blanked.contents == 1);
    after = *f.outbox->get(report.id);
    BOOST_TEST(after.draft.description.empty());
    BOOST_TEST(after.draft.address.empty());
    BOOST_TEST(!after.draft.lat.has_value());
    BOOST_TEST(after.draft.attributes.empty());
    BOOST_TEST(f.outbox->get(unsent.id)->draft.description.find(kCanaryText) == 0u);
    // A report past its content period is no longer followed (the city's notes would bring it back).
    BOOST_TEST(f.outbox->toTrack().empty());
}

BOOST_AUTO_TEST_CASE(a_closed_report_the_resident_answered_loses_contact_at_once) {
    PrivacyFixture f("privacy-retention-closed");
    const auto closed = f.filed(draft(), "REQ-2");
    const auto open = f.filed(draft("0987650003", "open"), "REQ-3");
    open311::RequestStatus status;
    status.status = "closed";
    BOOST_REQUIRE(f.outbox->updateStatus(closed.id, status));
    BOOST_TEST(f.applyAt(f.now()).blanked.contacts == 0);  // closed, but the resident has not answered
    BOOST_REQUIRE(f.outbox->confirmFixed(closed.id));
    const auto pass = f.applyAt(f.now());
    BOOST_TEST(pass.blanked.contacts == 1);
    BOOST_TEST(f.outbox->get(closed.id)->draft.phone.empty());
    BOOST_TEST(f.outbox->get(open.id)->draft.phone == "0987650003");
}

BOOST_AUTO_TEST_CASE(a_refused_report_counts_from_the_refusal_and_rating_comments_from_sending) {
    PrivacyFixture f("privacy-retention-refused");
    const auto refused = f.outbox->save(draft());
    f.outbox->claimDue(f.now());
    BOOST_REQUIRE(f.outbox->markRefused(refused.id, {{400, "LANDMARK: bắt buộc", "LANDMARK"}}));
    const auto rating = f.outbox->saveRating({"H29.22-261120-0005", 2, kCanaryComment});
    f.outbox->claimDueRatings(f.now());
    BOOST_REQUIRE(f.outbox->markRatingSent(rating.id, "DG-1"));
    const auto waiting = f.outbox->saveRating({"H29.22-261120-0006", 4, "canary waiting"});

    auto pass = f.applyAt(f.now() + 31 * 24h);
    BOOST_TEST(pass.blanked.contacts == 1);
    BOOST_TEST(pass.blanked.comments == 0);
    pass = f.applyAt(f.now() + 366 * 24h);
    BOOST_TEST(pass.blanked.contents == 1);
    BOOST_TEST(pass.blanked.comments == 1);
    const auto after = *f.outbox->get(refused.id);
    BOOST_TEST(after.draft.description.empty());
    BOOST_TEST(after.refusedErrors.empty());
    BOOST_TEST((after.state == ReportState::Refused));
    BOOST_TEST(f.outbox->rating(rating.id)->comment.empty());
    BOOST_TEST(f.outbox->rating(rating.id)->level == 2);
    BOOST_TEST(f.outbox->rating(waiting.id)->comment == "canary waiting");  // the portal does not have it yet
}

BOOST_AUTO_TEST_CASE(blanked_text_is_in_no_byte_of_the_database_or_its_wal) {
    PrivacyFixture f("privacy-retention-bytes");
    const auto report = f.filed(draft(), "REQ-4");
    const auto rating = f.outbox->saveRating({"H29.22-261120-0005", 1, kCanaryComment});
    f.outbox->claimDueRatings(f.now());
    BOOST_REQUIRE(f.outbox->markRatingSent(rating.id, "DG-2"));
    // Several versions of the row on several pages and WAL frames, as a real outbox has.
    open311::RequestStatus status;
    status.status = "open";
    status.statusNotes = "Đã chuyển UBND phường";
    f.outbox->updateStatus(report.id, status);
    BOOST_REQUIRE(outboxBytes(f.places.outbox).find(kCanaryText) != std::string::npos);  // the check can fail

    const auto pass = f.applyAt(f.now() + 366 * 24h);
    BOOST_TEST(pass.blanked.contents == 1);
    BOOST_TEST(pass.problem.empty(), pass.problem);
    const std::string bytes = outboxBytes(f.places.outbox);
    for (const char* canary : {kCanaryName, kCanaryPhone, kCanaryText, kCanaryAddress, kCanaryComment, "vneid-canary"})
        BOOST_TEST(bytes.find(canary) == std::string::npos, canary << " is still on disk");
    BOOST_TEST(fs::file_size(f.places.outbox.string() + "-wal") == 0u);  // TRUNCATE
}

BOOST_AUTO_TEST_CASE(old_slips_are_deleted_new_ones_and_other_files_stay) {
    PrivacyFixture f("privacy-retention-slips");
    const auto now = f.now();
    touch(f.places.slipDirs[0] / "PA-7K3M-Q9R-20261128T083000Z.pdf", now - 4 * 24h);
    touch(f.places.slipDirs[1] / "PA-7K3M-Q9R-20261128T083000Z.pbm", now - 4 * 24h);
    touch(f.places.slipDirs[0] / "PA-AAAA-BBB-20261201T083000Z.pdf", now - 2 * 24h);
    touch(f.places.slipDirs[0] / "notes.txt", now - 40 * 24h);  // not a slip
    fs::create_directories(f.places.slipDirs[0] / "sub");
    touch(f.places.slipDirs[0] / "sub" / "old.pdf", now - 40 * 24h);  // not entered
    const auto pass = f.applyAt(now);
    BOOST_TEST(pass.slipsDeleted == 2);
    BOOST_TEST(!fs::exists(f.places.slipDirs[0] / "PA-7K3M-Q9R-20261128T083000Z.pdf"));
    BOOST_TEST(!fs::exists(f.places.slipDirs[1] / "PA-7K3M-Q9R-20261128T083000Z.pbm"));
    BOOST_TEST(fs::exists(f.places.slipDirs[0] / "PA-AAAA-BBB-20261201T083000Z.pdf"));
    BOOST_TEST(fs::exists(f.places.slipDirs[0] / "notes.txt"));
    BOOST_TEST(fs::exists(f.places.slipDirs[0] / "sub" / "old.pdf"));
}

BOOST_AUTO_TEST_CASE(damaged_copies_stay_until_staff_have_seen_them) {
    PrivacyFixture f("privacy-retention-damaged");
    const fs::path copy = f.dir / "outbox.db.corrupt-20261201T010000Z";
    std::ofstream(copy) << "damaged " << kCanaryPhone;
    std::ofstream(copy.string() + "-wal") << "wal";
    std::ofstream(f.dir / "outbox.db.backup") << "not ours";
    BOOST_TEST(privacy::damagedCopies(f.places).size() == 1u);
    BOOST_TEST(f.applyAt(f.now() + 400 * 24h).damagedDeleted == 0);  // never seen: kept, however old
    f.outbox->markDamagedSeen({copy});
    BOOST_TEST(f.applyAt(f.now()).damagedDeleted == 0);  // seen just now: damaged_days = 1
    BOOST_TEST(f.applyAt(f.now() + 25h).damagedDeleted == 1);
    BOOST_TEST(!fs::exists(copy));
    BOOST_TEST(!fs::exists(copy.string() + "-wal"));
    BOOST_TEST(fs::exists(f.dir / "outbox.db.backup"));
    BOOST_TEST(f.outbox->damagedSeen().empty());
}

BOOST_AUTO_TEST_CASE(personal_data_held_is_counted_with_its_oldest_item) {
    PrivacyFixture f("privacy-held");
    f.filed(draft(), "REQ-5");
    f.clock.advance(24h);
    f.outbox->save(draft("0987650004", "b"));
    auto held = f.outbox->personalData();
    BOOST_TEST(held.contacts == 2);
    BOOST_TEST(held.contents == 2);
    BOOST_TEST(held.unsent == 1);
    BOOST_TEST(held.oldestContact < held.oldestUnsent);
    f.applyAt(f.now() + 366 * 24h);
    held = f.outbox->personalData();
    BOOST_TEST(held.contacts == 1);  // the unsent one
    BOOST_TEST(held.contents == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(privacy_erasure)

BOOST_AUTO_TEST_CASE(phone_numbers_compare_in_national_form) {
    BOOST_TEST(privacy::phoneDigits("+84 98-765 0001") == "0987650001");
    BOOST_TEST(privacy::phoneDigits("0987 650 001") == "0987650001");
    BOOST_TEST(privacy::phoneDigits("(028) 3829 6052") == "02838296052");
    BOOST_TEST(privacy::phoneDigits("12345").empty());
    BOOST_TEST(privacy::phoneDigits("098765000x").empty());
}

BOOST_AUTO_TEST_CASE(by_tracking_code_the_report_its_follow_up_slips_and_damaged_copies_go) {
    PrivacyFixture f("privacy-erase-code");
    const auto first = f.filed(draft(), "REQ-10");
    open311::RequestStatus status;
    status.status = "closed";
    f.outbox->updateStatus(first.id, status);
    const auto followUp = f.outbox->reopen(first.id, draft(kCanaryPhone, "again"));
    f.outbox->claimDue(f.now());
    BOOST_REQUIRE(f.outbox->markFiled(followUp.id, "REQ-11"));
    const auto other = f.filed(draft("0987650005", "other"), "REQ-12");
    touch(f.places.slipDirs[0] / (first.trackingCode + "-20261128T083000Z.pdf"), f.now());
    touch(f.places.slipDirs[1] / (followUp.trackingCode + "-20261128T083000Z.pbm"), f.now());
    touch(f.places.slipDirs[0] / (other.trackingCode + "-20261128T083000Z.pdf"), f.now());
    const fs::path holding = f.dir / "outbox.db.corrupt-20261201T010000Z";
    std::ofstream(holding) << "rows ... " << followUp.trackingCode << " ...";
    const fs::path unrelated = f.dir / "outbox.db.newer-20261202T010000Z";
    std::ofstream(unrelated) << "rows of " << other.trackingCode;

    // Typed as a resident might read it off the slip.
    std::string typed = first.trackingCode;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto report = privacy::erase(*f.outbox, f.places, {typed, "", false});
    BOOST_TEST(report.reports.reports == 2);
    BOOST_TEST(report.reports.unsentKept == 0);
    BOOST_TEST(report.slipsDeleted == 2);
    BOOST_TEST(report.damagedDeleted == 1);
    BOOST_TEST(report.problem.empty(), report.problem);
    BOOST_TEST(!f.outbox->get(first.id));
    BOOST_TEST(!f.outbox->get(followUp.id));
    BOOST_TEST(f.outbox->get(other.id).has_value());
    BOOST_TEST(!fs::exists(holding));
    BOOST_TEST(fs::exists(unrelated));
    BOOST_TEST(privacy::slipFiles(f.places).size() == 1u);
    // The summary says what, never whose.
    const auto summary = report.summary();
    BOOST_TEST(summary.find(first.trackingCode) == std::string::npos);
    BOOST_TEST(summary.find(kCanaryPhone) == std::string::npos);
    // Nothing of the two reports is left in the file or its WAL.
    const std::string bytes = outboxBytes(f.places.outbox);
    BOOST_TEST(bytes.find(std::string(kCanaryText) + " ") == std::string::npos);
    BOOST_TEST(bytes.find(std::string(kCanaryText) + "again") == std::string::npos);
    BOOST_TEST(bytes.find(first.trackingCode) == std::string::npos);
    BOOST_TEST(bytes.find(std::string(kCanaryText) + "other") != std::string::npos);  // the check can fail
}

BOOST_AUTO_TEST_CASE(by_phone_every_report_of_that_number_in_any_form) {
    PrivacyFixture f("privacy-erase-phone");
    const auto a = f.filed(draft("0987 650 001"), "REQ-20");
    const auto b = f.filed(draft("+84987650001", "b"), "REQ-21");
    const auto c = f.filed(draft("0987650009", "c"), "REQ-22");
    const auto report = privacy::erase(*f.outbox, f.places, {"", "098-765-0001", false});
    BOOST_TEST(report.reports.reports == 2);
    BOOST_TEST(!f.outbox->get(a.id));
    BOOST_TEST(!f.outbox->get(b.id));
    BOOST_TEST(f.outbox->get(c.id).has_value());
}

BOOST_AUTO_TEST_CASE(a_report_the_city_does_not_have_is_dropped_only_with_consent) {
    PrivacyFixture f("privacy-erase-unsent");
    const auto unsent = f.outbox->save(draft());
    auto report = privacy::erase(*f.outbox, f.places, {unsent.trackingCode, "", false});
    BOOST_TEST(report.reports.unsentKept == 1);
    BOOST_TEST(report.reports.unsentDropped == 0);
    BOOST_TEST(f.outbox->get(unsent.id).has_value());
    BOOST_TEST(report.summary().find("--drop-unsent") != std::string::npos);

    // The database itself still refuses any other deletion of it.
    auto db = Database::open(f.places.outbox);
    db.exec("PRAGMA busy_timeout = 5000");
    BOOST_CHECK_THROW(db.exec("DELETE FROM reports"), SqliteError);
    BOOST_TEST(f.outbox->get(unsent.id).has_value());

    report = privacy::erase(*f.outbox, f.places, {unsent.trackingCode, "", true});
    BOOST_TEST(report.reports.unsentDropped == 1);
    BOOST_TEST(!f.outbox->get(unsent.id));
}

BOOST_AUTO_TEST_CASE(nothing_matching_erases_nothing) {
    PrivacyFixture f("privacy-erase-none");
    const auto kept = f.filed(draft(), "REQ-30");
    const auto report = privacy::erase(*f.outbox, f.places, {"", "0911111111", false});
    BOOST_TEST(report.reports.reports == 0);
    BOOST_TEST(f.outbox->get(kept.id).has_value());
    BOOST_TEST(privacy::matchingReports(*f.outbox, {"not a code", "", false}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
