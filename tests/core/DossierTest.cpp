// Dossier status lookup (app/dossier/DOSSIER.md, issue 8): codes as residents type them, the
// portal's answers read strictly (hostile ones refused whole, never half-read), and the client
// against the simulated portal: by code, and the resident's own after a VNeID login.
#include <boost/test/unit_test.hpp>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>

#include "CitySimServer.h"
#include "DossierSim.h"
#include "OidcProvider.h"
#include "TestPaths.h"
#include "FakeClock.h"
#include "core/IsoTime.h"
#include "dossier/Dossier.h"
#include "feedback/Outbox.h"
#include "feedback/RatingSender.h"

using namespace kiosk::dossier;
using json = nlohmann::json;

namespace {

json sample() {
    return {{"code", "H29.22-261120-0001"},
            {"procedure", "Đăng ký khai sinh"},
            {"agency", "UBND phường Sài Gòn"},
            {"status", "processing"},
            {"step", "Đang thẩm định hồ sơ"},
            {"received_at", "2026-11-20T09:00:00+07:00"},
            {"appointment_at", "2026-11-27T16:00:00+07:00"},
            {"completed_at", nullptr}};
}

std::string refusal(const json& answer, const std::string& code = "H29.22-261120-0001") {
    std::string error;
    const auto d = parseDossier(answer.dump(), code, error);
    return d ? std::string("accepted") : error;
}

struct City {
    City() {
        citysim::CitySimServer::Options options;
        options.dataDir = kiosk::test::resourcesDir() / "data";
        sim = std::make_unique<citysim::CitySimServer>(options);
        sim->start();
        sim->oidc().setTiming(std::chrono::seconds(300), std::chrono::seconds(1));
    }
    ~City() { sim->stop(); }
    DossierClient client() {
        return DossierClient(std::make_shared<kiosk::CurlHttpClient>(kiosk::Config::City{}), sim->baseUrl() + "/dvc/v1/",
                             std::chrono::seconds(5));
    }
    // A VNeID login through the simulator's device flow (RFC 8628), approved on its "phone".
    std::string accessToken() {
        httplib::Client http("127.0.0.1", sim->port());
        const auto code = http.Post("/vneid/device", "client_id=ward-kiosk&scope=openid%20profile",
                                    "application/x-www-form-urlencoded");
        BOOST_TEST_REQUIRE((code && code->status == 200));
        const json grant = json::parse(code->body);
        BOOST_TEST_REQUIRE(sim->oidc().approve(grant.at("user_code").get<std::string>()));
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the polling interval
        const auto tokens = http.Post("/vneid/token",
                                      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=ward-kiosk&"
                                      "device_code=" + grant.at("device_code").get<std::string>(),
                                      "application/x-www-form-urlencoded");
        BOOST_TEST_REQUIRE((tokens && tokens->status == 200), (tokens ? tokens->body : "no answer"));
        return json::parse(tokens->body).at("access_token").get<std::string>();
    }
    std::unique_ptr<citysim::CitySimServer> sim;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dossier_lookup)

BOOST_AUTO_TEST_CASE(codes_as_residents_type_them) {
    BOOST_TEST(normalizeCode("H29.22-261120-0001") == "H29.22-261120-0001");
    BOOST_TEST(normalizeCode("  h29.22-261120-0001 ") == "H29.22-261120-0001");
    BOOST_TEST(normalizeCode("000.00.13.H29-241128-123456") == "000.00.13.H29-241128-123456");
    BOOST_TEST(normalizeCode("H29.22-240229-0001") == "H29.22-240229-0001");  // a leap day
    for (const char* bad : {"", "H29.22", "H29.22-261120", "H29.22-261320-0001", "H29.22-261100-0001", "H29.22-26112-0001",
                            "H29.22-261120-001", "H29.22-261120-0000001", "H2-261120-0001", ".H29-261120-0001",
                            "H29/22-261120-0001", "H29.22-261120-00a1", "PA-7K3M-Q9R", "H29.22 -261120-0001",
                            "ĐƯỜNG-261120-0001", "https://dichvucong.gov.vn/H29.22-261120-0001",
                            "H29.22-260230-0001", "H29..22-261120-0001"})
        BOOST_TEST(normalizeCode(bad).empty(), bad);
}

// Issue 18: what the resident must do comes first. The portal's own status, or only its step
// (some agencies leave "processing" and write "Cần bổ sung …"), says it waits for them; a
// promised date that passed with no result is overdue, unless the resident holds it up.
BOOST_AUTO_TEST_CASE(what_the_resident_must_do_next) {
    using namespace std::chrono_literals;
    std::string error;
    auto d = *parseDossier(sample().dump(), "", error);
    const auto due = *kiosk::parseIso8601("2026-11-27T16:00:00+07:00");
    BOOST_TEST(!attentionFor(d, due - 1min).any());  // in time, nothing asked of the resident
    auto late = attentionFor(d, due + 1min);
    BOOST_TEST(late.overdue);
    BOOST_TEST(!late.needsResident);
    BOOST_TEST(late.where == "UBND phường Sài Gòn");

    d.status = Status::Supplement;
    d.step = "Cần bổ sung giấy xác nhận tình trạng hôn nhân";
    auto asks = attentionFor(d, due + 1min);
    BOOST_TEST(asks.needsResident);
    BOOST_TEST(!asks.overdue);  // the time restarts once the papers are in
    BOOST_TEST(asks.what == "Cần bổ sung giấy xác nhận tình trạng hôn nhân");
    BOOST_TEST(asks.where == "UBND phường Sài Gòn");

    // Only the step says so, in any case and with or without accents.
    d.status = Status::Processing;
    for (const char* step : {"Cần bổ sung bản sao CCCD", "CẦN BỔ SUNG hồ sơ", "Can bo sung so ho khau",
                             "Yêu cầu bổ sung: ảnh 4x6", "Chờ công dân bổ sung giấy tờ"})  {
        d.step = step;
        BOOST_TEST(attentionFor(d, due - 1min).needsResident, step);
    }
    // Words that do not ask anything of the resident.
    for (const char* step : {"Đang thẩm định hồ sơ", "Đã bổ sung đủ, đang xử lý", "Bổ sungx", ""}) {
        d.step = step;
        BOOST_TEST(!attentionFor(d, due - 1min).needsResident, step);
    }
    // A finished dossier asks nothing and is never late, whatever its step or date.
    d.step = "Cần bổ sung bản sao CCCD";
    for (const auto status : {Status::Completed, Status::Returned, Status::Rejected}) {
        d.status = status;
        BOOST_TEST(!attentionFor(d, due + 24h).any());
    }
    // No promised date: never overdue.
    d.status = Status::Received;
    d.step.clear();
    d.appointmentAt.clear();
    BOOST_TEST(!attentionFor(d, due + 24h).any());
}

BOOST_AUTO_TEST_CASE(a_dossier_is_read_whole_or_refused) {
    std::string error;
    const auto d = parseDossier(sample().dump(), "H29.22-261120-0001", error);
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST((d->status == Status::Processing));
    BOOST_TEST(d->step == "Đang thẩm định hồ sơ");
    BOOST_TEST(d->appointmentAt == "2026-11-27T16:00:00+07:00");
    BOOST_TEST(d->completedAt.empty());

    auto other = sample();
    other["status"] = "chờ ký";  // a status the kiosk does not know: shown as text
    other.erase("step");
    const auto unknown = parseDossier(other.dump(), "", error);
    BOOST_REQUIRE(unknown.has_value());
    BOOST_TEST((unknown->status == Status::Other));
    BOOST_TEST(unknown->step == "chờ ký");

    BOOST_TEST(refusal(sample(), "H29.22-261120-0002").find("answered dossier") == 0u);  // not the one asked for
    auto broken = sample();
    broken.erase("code");
    BOOST_TEST(refusal(broken) == "no \"code\"");
    broken = sample();
    broken["received_at"] = "hôm qua";
    BOOST_TEST(refusal(broken).find("ISO 8601") != std::string::npos);
    broken = sample();
    broken["procedure"] = 42;
    BOOST_TEST(refusal(broken).find("not text") != std::string::npos);
    broken = sample();
    broken["step"] = std::string(1001, 'x');
    BOOST_TEST(refusal(broken).find("longer than") != std::string::npos);
    broken = sample();
    broken["agency"] = "UBND\nphường";
    BOOST_TEST(refusal(broken).find("control") != std::string::npos);
    BOOST_TEST(refusal(json::array({sample()})).find("not an object") != std::string::npos);
    BOOST_TEST(!parseDossier("{\"code\": \"H29.22-2611", "", error).has_value());
    BOOST_TEST(!parseDossier(std::string(5000, '[') + std::string(5000, ']'), "", error).has_value());
    BOOST_TEST(error == "answer nests deeper than 8 levels");
}

BOOST_AUTO_TEST_CASE(a_list_skips_broken_entries_but_not_a_broken_list) {
    auto broken = sample();
    broken["code"] = "not a code";
    const json list = {{"dossiers", json::array({sample(), broken, sample()})}};
    std::size_t skipped = 0;
    std::string error;
    const auto dossiers = parseDossierList(list.dump(), skipped, error);
    BOOST_REQUIRE(dossiers.has_value());
    BOOST_TEST(dossiers->size() == 2u);
    BOOST_TEST(skipped == 1u);
    BOOST_TEST(!parseDossierList(R"({"items": []})", skipped, error).has_value());
    BOOST_TEST(!parseDossierList(R"({"dossiers": {}})", skipped, error).has_value());
}

BOOST_FIXTURE_TEST_CASE(looked_up_by_code_on_the_simulated_portal, City) {
    const auto all = sim->dossiers().dossiers();
    BOOST_REQUIRE(all.size() >= 3u);
    auto portal = client();
    std::string typed = all[0].code;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto found = portal.byCode(" " + typed + " ");
    BOOST_TEST_REQUIRE((found.kind == Lookup::Kind::Found), found.detail);
    BOOST_REQUIRE(found.dossiers.size() == 1u);
    BOOST_TEST(found.dossiers[0].code == all[0].code);
    BOOST_TEST(found.dossiers[0].procedure == all[0].procedure);
    BOOST_TEST(found.dossiers[0].procedure.find("mô phỏng") != std::string::npos);  // synthetic, and says so

    BOOST_TEST((portal.byCode("H29.22-010101-9999").kind == Lookup::Kind::NotFound));
    BOOST_TEST((portal.byCode("PA-7K3M-Q9R").kind == Lookup::Kind::InvalidCode));

    // A dossier that moved on is shown as it is now.
    auto changed = all[0];
    changed.status = "completed";
    changed.step = "Đã có kết quả (mô phỏng)";
    BOOST_TEST(sim->dossiers().update(changed));
    BOOST_TEST((portal.byCode(all[0].code).dossiers.at(0).status == Status::Completed));

    // Nobody listening: unavailable, with the reason for the log.
    DossierClient nowhere(std::make_shared<kiosk::CurlHttpClient>(kiosk::Config::City{}), "http://127.0.0.1:9/dvc/v1",
                          std::chrono::seconds(2));
    const auto down = nowhere.byCode(all[0].code);
    BOOST_TEST((down.kind == Lookup::Kind::Unavailable));
    BOOST_TEST(!down.detail.empty());
}

// Another portal labels its JSON in other ways: each is read; an HTML or text page is not.
BOOST_FIXTURE_TEST_CASE(a_portal_answer_is_read_under_any_json_media_type, City) {
    const auto code = sim->dossiers().dossiers().at(0).code;
    auto portal = client();
    for (const std::string type : {"application/json;charset=UTF-8", "application/vnd.dvc.dossier+json",
                                   "APPLICATION/JSON ; charset=utf-8"}) {
        sim->setMediaType("dvc", type);
        const auto found = portal.byCode(code);
        BOOST_TEST((found.kind == Lookup::Kind::Found), type << ": " << found.detail);
    }
    sim->setMediaType("dvc", "text/plain");
    const auto refused = portal.byCode(code);
    BOOST_TEST((refused.kind == Lookup::Kind::Unavailable));
    BOOST_TEST(refused.detail.find("text/plain") != std::string::npos, refused.detail);
}

BOOST_FIXTURE_TEST_CASE(the_residents_own_dossiers_need_a_valid_login, City) {
    auto portal = client();
    BOOST_TEST((portal.mine("").kind == Lookup::Kind::LoginExpired));
    BOOST_TEST((portal.mine("not-a-token").kind == Lookup::Kind::LoginExpired));
    const std::string token = accessToken();
    const auto mine = portal.mine(token);
    BOOST_TEST_REQUIRE((mine.kind == Lookup::Kind::Found), mine.detail);
    std::size_t owned = 0;
    for (const auto& d : sim->dossiers().dossiers())
        if (d.ownerCitizenId == citysim::OidcProvider::Citizen{}.citizenId) ++owned;
    BOOST_TEST(mine.dossiers.size() == owned);
    BOOST_TEST(owned > 0u);
    for (std::size_t i = 1; i < mine.dossiers.size(); ++i)
        BOOST_TEST(mine.dossiers[i - 1].receivedAt >= mine.dossiers[i].receivedAt);  // newest first
}

BOOST_AUTO_TEST_SUITE_END()

// Ratings (DOSSIER.md, "Rating"): the simulated portal's rules, and the outbox's ratings sent to
// it with the feedback sender's retry rules.
namespace {
struct RatingCity : City {
    kiosk::test::FakeClock clock;
    std::unique_ptr<kiosk::Outbox> outbox =
        kiosk::Outbox::open(kiosk::test::scratchDir("dossier-ratings") / "outbox.db", clock);
    kiosk::Config config = [this] {
        kiosk::Config c;
        c.city.dvcUrl = sim->baseUrl() + "/dvc/v1/";
        c.kiosk.id = "kiosk-test";
        c.feedback.requestTimeout = std::chrono::seconds(5);
        c.feedback.retryMin = std::chrono::seconds(15);
        c.feedback.retryMax = std::chrono::seconds(3600);
        return c;
    }();
    kiosk::Backoff backoff{config.feedback.retryMin, config.feedback.retryMax};
    kiosk::RatingSender sender{*outbox, config, std::make_shared<kiosk::CurlHttpClient>(kiosk::Config::City{}), clock,
                               backoff};

    std::string codeWith(const std::string& status) {
        for (const auto& d : sim->dossiers().dossiers())
            if (d.status == status) return d.code;
        BOOST_FAIL("no " + status + " dossier in the simulator");
        return {};
    }
    // A raw POST, as another kiosk or a retry after a lost answer would make it.
    httplib::Result post(const std::string& code, const std::string& key, const json& body) {
        httplib::Client http("127.0.0.1", sim->port());
        httplib::Headers headers;
        if (!key.empty()) headers.emplace("Idempotency-Key", key);
        return http.Post("/dvc/v1/dossiers/" + code + "/ratings", headers, body.dump(), "application/json");
    }
};
json rated(int level) {
    return {{"level", level}, {"comment", nullptr}, {"rated_at", "2026-11-28T09:15:00+07:00"}, {"kiosk_id", "k"}};
}
using Answer = kiosk::RatingAnswer::Kind;
}  // namespace

BOOST_AUTO_TEST_SUITE(dossier_rating)

BOOST_FIXTURE_TEST_CASE(the_simulated_portal_takes_one_rating_of_a_completed_dossier, RatingCity) {
    const auto completed = codeWith("completed");
    auto first = post(completed, "key-1", rated(5));
    BOOST_TEST_REQUIRE((first && first->status == 201));
    const auto id = json::parse(first->body).at("id").get<std::string>();
    // The same key again: the same answer, no second rating.
    auto again = post(completed, "key-1", rated(5));
    BOOST_TEST_REQUIRE((again && again->status == 201));
    BOOST_TEST(json::parse(again->body).at("id") == id);
    // Another key: already rated.
    auto other = post(completed, "key-2", rated(1));
    BOOST_TEST_REQUIRE(other);
    BOOST_TEST(other->status == 409);
    BOOST_TEST(sim->dossiers().ratings().size() == 1u);
    BOOST_TEST(sim->dossiers().ratings()[0].level == 5);
    // What it refuses.
    BOOST_TEST(post(codeWith("processing"), "key-3", rated(4))->status == 422);
    BOOST_TEST(post("H29.22-010101-9999", "key-4", rated(4))->status == 404);
    BOOST_TEST(post(completed, "", rated(4))->status == 400);
    BOOST_TEST(post(codeWith("returned"), "key-5", rated(0))->status == 422);
    BOOST_TEST(post(codeWith("returned"), "key-6", {{"level", "5"}})->status == 400);
    auto longComment = rated(3);
    longComment["comment"] = std::string(501, 'a');
    BOOST_TEST(post(codeWith("returned"), "key-7", longComment)->status == 422);
    // The fault switch: 503 for everything, with Retry-After.
    sim->dossiers().setRatingsFailing(true);
    auto down = post(completed, "key-1", rated(5));
    BOOST_TEST_REQUIRE(down);
    BOOST_TEST(down->status == 503);
    BOOST_TEST(down->get_header_value("Retry-After") == "1");
    sim->dossiers().setRatingsFailing(false);
    BOOST_TEST(sim->dossiers().ratings().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_rating_waits_through_503_and_is_sent_once_under_its_key, RatingCity) {
    const auto completed = codeWith("completed");
    const auto saved = outbox->saveRating({completed, 4, "Cán bộ\nhướng dẫn tận tình"});
    sim->dossiers().setRatingsFailing(true);
    auto outcomes = sender.runOnce(clock.wallNow());
    BOOST_TEST_REQUIRE(outcomes.size() == 1u);
    BOOST_TEST((outcomes[0].result == Answer::Retry));
    BOOST_TEST(outcomes[0].retryIn >= std::chrono::seconds(15));
    auto waiting = outbox->rating(saved.id).value();
    BOOST_TEST((waiting.state == kiosk::RatingState::Queued));
    BOOST_TEST(waiting.failures == 1);
    BOOST_TEST(sim->dossiers().ratingRequests() == 1u);
    BOOST_TEST(sender.runOnce(clock.wallNow()).empty());  // not due yet: the portal is left alone
    // A second failure waits longer (exponential, whatever the jitter).
    clock.advance(outcomes[0].retryIn);
    const auto second = sender.runOnce(clock.wallNow());
    BOOST_TEST_REQUIRE(second.size() == 1u);
    BOOST_TEST(second[0].retryIn >= std::chrono::seconds(30));
    BOOST_TEST(sim->dossiers().ratingRequests() == 2u);

    sim->dossiers().setRatingsFailing(false);
    clock.advance(second[0].retryIn);
    outcomes = sender.runOnce(clock.wallNow());
    BOOST_TEST_REQUIRE(outcomes.size() == 1u);
    BOOST_TEST((outcomes[0].result == Answer::Sent), outcomes[0].detail);
    const auto stored = sim->dossiers().ratings();
    BOOST_TEST_REQUIRE(stored.size() == 1u);
    BOOST_TEST(stored[0].dossierCode == completed);
    BOOST_TEST(stored[0].level == 4);
    BOOST_TEST(stored[0].comment == "Cán bộ hướng dẫn tận tình");
    BOOST_TEST(stored[0].kioskId == "kiosk-test");
    BOOST_TEST(stored[0].ratedAt == saved.ratedAt);  // when the resident rated, not when it went
    BOOST_TEST(stored[0].idempotencyKey == saved.idempotencyKey);
    const auto sent = outbox->rating(saved.id).value();
    BOOST_TEST((sent.state == kiosk::RatingState::Sent));
    BOOST_TEST(sent.ratingId == stored[0].id);
    BOOST_TEST(!sent.alreadyRated);
    clock.advance(std::chrono::hours(2));
    BOOST_TEST(sender.runOnce(clock.wallNow()).empty());  // sent once, never again
    BOOST_TEST(sim->dossiers().ratingRequests() == 3u);
}

BOOST_FIXTURE_TEST_CASE(already_rated_is_done_and_a_refusal_is_kept_not_retried, RatingCity) {
    const auto completed = codeWith("completed");
    BOOST_TEST_REQUIRE(post(completed, "from-another-kiosk", rated(2))->status == 201);
    const auto twice = outbox->saveRating({completed, 5, ""});
    const auto early = outbox->saveRating({codeWith("processing"), 1, "Chưa xong"});
    const auto outcomes = sender.runOnce(clock.wallNow());
    BOOST_TEST_REQUIRE(outcomes.size() == 2u);
    const auto done = outbox->rating(twice.id).value();
    BOOST_TEST((done.state == kiosk::RatingState::Sent));
    BOOST_TEST(done.alreadyRated);
    const auto refused = outbox->rating(early.id).value();
    BOOST_TEST((refused.state == kiosk::RatingState::Refused));
    BOOST_TEST_REQUIRE(refused.refusedErrors.size() == 1u);
    BOOST_TEST(refused.refusedErrors[0].code == 422);
    BOOST_TEST(refused.refusedErrors[0].description.find("chưa hoàn thành") != std::string::npos);
    BOOST_TEST(sim->dossiers().ratings().size() == 1u);
    BOOST_TEST(sim->dossiers().ratings()[0].level == 2);  // the first rating stands
    const auto asked = sim->dossiers().ratingRequests();
    clock.advance(std::chrono::hours(24));
    BOOST_TEST(sender.runOnce(clock.wallNow()).empty());
    BOOST_TEST(sim->dossiers().ratingRequests() == asked);
}

BOOST_FIXTURE_TEST_CASE(a_rating_just_saved_is_tried_at_once_and_only_by_one_sender, RatingCity) {
    const auto saved = outbox->saveRating({codeWith("completed"), 3, ""});
    const auto outcome = sender.sendNow(saved.id, std::chrono::seconds(5));
    BOOST_TEST_REQUIRE(outcome.has_value());
    BOOST_TEST((outcome->result == Answer::Sent), outcome->detail);
    BOOST_TEST(!sender.sendNow(saved.id, std::chrono::seconds(5)).has_value());  // sent: nothing to do
    // Leased by another sender (the background run): not posted twice.
    const auto other = outbox->saveRating({codeWith("returned"), 3, ""});
    BOOST_TEST(outbox->claimDueRatings(clock.wallNow(), std::chrono::seconds(60)).size() == 1u);
    BOOST_TEST(!sender.sendNow(other.id, std::chrono::seconds(5)).has_value());
    BOOST_TEST(sim->dossiers().ratingRequests() == 1u);
}

// Staff see and push ratings like reports: kioskctl outbox list shows them, outbox retry sends
// one that waits out its backoff now, and the portal's refusal is shown, not retried.
BOOST_FIXTURE_TEST_CASE(kioskctl_lists_ratings_and_sends_the_waiting_ones_now, RatingCity) {
    const auto scratch = kiosk::test::scratchDir("kioskctl-ratings");
    const auto configFile = scratch / "kiosk.toml";
    std::ofstream(configFile) << "[kiosk]\nward_code = \"26740\"\nid = \"kiosk-test\"\n[city]\nbase_url = \""
                              << sim->baseUrl() << "\"\nconnect_timeout_s = 2\n[sync]\nenabled = false\n"
                              << "[feedback]\napi_key = \"ratings-test\"\nrequest_timeout_s = 5\n[log]\nlevel = \"warn\"\n";
    const auto completed = codeWith("completed");
    const auto processing = codeWith("processing");
    {
        auto box = kiosk::Outbox::open(scratch / "outbox.db");
        const auto waiting = box->saveRating({completed, 4, "Nhanh"});
        box->saveRating({processing, 2, ""});
        // The first one failed once and waits an hour: only staff's retry sends it now.
        const auto now = std::chrono::system_clock::now();
        BOOST_TEST_REQUIRE(box->claimDueRatings(now, std::chrono::seconds(60)).size() == 2u);
        BOOST_TEST_REQUIRE(box->markRatingRetry(waiting.id, "HTTP 503", now + std::chrono::hours(1)));
        BOOST_TEST_REQUIRE(box->markRatingRetry(waiting.id + 1, "HTTP 503", now + std::chrono::hours(1)));
    }
    auto kioskctl = [&](const std::string& args, int& exitCode) {
        const std::string command = "WARD_KIOSK_STATE_DIR='" + scratch.string() + "' '" KIOSKCTL_PATH "' --config '" +
                                    configFile.string() + "' " + args + " 2>>'" + (scratch / "stderr.log").string() + "'";
        std::string out;
        FILE* pipe = popen(command.c_str(), "r");
        BOOST_TEST_REQUIRE(pipe != nullptr);
        char buffer[4096];
        while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
        const int status = pclose(pipe);
        exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        BOOST_TEST_MESSAGE("kioskctl " << args << " → " << exitCode << "\n" << out);
        return out;
    };
    int exitCode = -1;
    auto listed = kioskctl("outbox list", exitCode);
    BOOST_TEST(exitCode == 0);
    BOOST_TEST(listed.find("2 dossier rating(s): 0 sent, 2 waiting, 0 refused") != std::string::npos, listed);
    BOOST_TEST(listed.find(completed) != std::string::npos);
    BOOST_TEST(listed.find("last error: HTTP 503") != std::string::npos);

    const auto retried = kioskctl("outbox retry", exitCode);
    BOOST_TEST(exitCode == 0, retried);  // nothing waits any more: one sent, one refused for good
    BOOST_TEST(retried.find("2 waiting report(s) and rating(s) due now") != std::string::npos, retried);
    BOOST_TEST(retried.find("of " + completed + "  SENT as ") != std::string::npos, retried);
    BOOST_TEST(retried.find("of " + processing + "  REFUSED: ") != std::string::npos, retried);
    BOOST_TEST(sim->dossiers().ratings().size() == 1u);

    const auto asJson = json::parse(kioskctl("outbox list --json", exitCode));
    BOOST_TEST(exitCode == 0);
    BOOST_TEST(asJson.at("reports").empty());
    BOOST_TEST_REQUIRE(asJson.at("ratings").size() == 2u);
    for (const auto& r : asJson.at("ratings")) {
        const bool isCompleted = r.at("dossier_code") == completed;
        BOOST_TEST(r.at("state") == (isCompleted ? "sent" : "refused"));
        BOOST_TEST(r.at("level") == (isCompleted ? 4 : 2));
    }
    // Sent and refused: a second retry posts nothing.
    const auto asked = sim->dossiers().ratingRequests();
    kioskctl("outbox retry", exitCode);
    BOOST_TEST(exitCode == 0);
    BOOST_TEST(sim->dossiers().ratingRequests() == asked);
}

BOOST_AUTO_TEST_SUITE_END()
