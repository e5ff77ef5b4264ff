// Dossier ratings (DOSSIER.md, "Rating"; issue 8): the comment as it may be kept and sent, the
// body and the portal's answers read strictly, and ratings in outbox.db like reports — on disk
// with their idempotency key when saved, leased while sent, never deleted before the portal has
// them, never moved back by a late answer.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "FakeClock.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"
#include "feedback/Rating.h"

using namespace kiosk;
using namespace std::chrono_literals;
using json = nlohmann::json;

BOOST_AUTO_TEST_SUITE(rating_rules)

BOOST_AUTO_TEST_CASE(a_comment_loses_control_characters_and_extra_spaces_but_is_never_cut) {
    BOOST_TEST(checkRatingComment("").text.empty());
    BOOST_TEST(checkRatingComment("  Cán bộ  tận tình \n").text == "Cán bộ tận tình");
    BOOST_TEST(checkRatingComment("Dòng 1\r\nDòng 2\tcuối").text == "Dòng 1 Dòng 2 cuối");
    BOOST_TEST(checkRatingComment(std::string("a\0b\x07" "c\x1b[31m\x7f", 11)).text == "abc[31m");
    BOOST_TEST(checkRatingComment("x\xC2\x85y").text == "xy");          // U+0085 (C1 control)
    BOOST_TEST(checkRatingComment("x\xE2\x80\xA8y").text == "x y");     // U+2028 line separator
    BOOST_TEST(checkRatingComment("ok\xFF\xC3(").text == "ok(");        // not UTF-8: dropped
    BOOST_TEST(checkRatingComment("\xC0\xAF").text.empty());              // an overlong '/'
    const auto vietnamese = checkRatingComment("Rất hài lòng");
    BOOST_TEST(vietnamese.characters == 12u);
    BOOST_TEST(!vietnamese.tooLong);

    std::string limit;
    for (int i = 0; i < 500; ++i) limit += "ệ";  // 500 characters, 1500 bytes
    BOOST_TEST(checkRatingComment(limit).characters == 500u);
    BOOST_TEST(!checkRatingComment(limit).tooLong);
    const auto over = checkRatingComment(limit + "a");
    BOOST_TEST(over.tooLong);
    BOOST_TEST(over.characters == 501u);
    BOOST_TEST(checkRatingComment(limit + "\n\n   ").characters == 500u);  // trailing space is not counted
}

BOOST_AUTO_TEST_CASE(a_draft_is_made_canonical_or_refused) {
    std::string error;
    const auto ok = storableRating({" h29.22-261120-0005 ", 4, " Nhanh\tgọn "}, error);
    BOOST_TEST_REQUIRE(ok.has_value(), error);
    BOOST_TEST(ok->dossierCode == "H29.22-261120-0005");
    BOOST_TEST(ok->level == 4);
    BOOST_TEST(ok->comment == "Nhanh gọn");
    for (const int level : {0, 6, -1}) BOOST_TEST(!storableRating({"H29.22-261120-0005", level, ""}, error), level);
    BOOST_TEST(!storableRating({"not a code", 5, ""}, error));
    BOOST_TEST(!storableRating({"H29.22-261120-0005", 5, std::string(501, 'a')}, error));
    BOOST_TEST(storableRating({"H29.22-261120-0005", 1, std::string(500, 'a')}, error).has_value());
}

BOOST_AUTO_TEST_CASE(the_body_carries_the_level_the_comment_the_city_time_and_the_kiosk_only) {
    OutboxRating r;
    r.dossierCode = "H29.22-261120-0005";
    r.level = 5;
    r.comment = "Tốt";
    r.ratedAt = cityIsoTime(std::chrono::sys_days{std::chrono::year{2026} / 11 / 28} + 2h + 15min);
    BOOST_TEST(r.ratedAt == "2026-11-28T09:15:00+07:00");
    const auto body = json::parse(ratingBody(r, "kiosk-26740"));
    BOOST_TEST(body.size() == 4u);
    BOOST_TEST(body.at("level") == 5);
    BOOST_TEST(body.at("comment") == "Tốt");
    BOOST_TEST(body.at("rated_at") == "2026-11-28T09:15:00+07:00");
    BOOST_TEST(body.at("kiosk_id") == "kiosk-26740");
    r.comment.clear();
    BOOST_TEST(json::parse(ratingBody(r, "k")).at("comment").is_null());
    // Past midnight UTC+7 is the next day in the city.
    BOOST_TEST(cityIsoTime(std::chrono::sys_days{std::chrono::year{2026} / 11 / 28} + 17h + 30min) ==
               "2026-11-29T00:30:00+07:00");
}

BOOST_AUTO_TEST_CASE(the_portals_answers_are_read_strictly) {
    using Kind = RatingAnswer::Kind;
    const auto sent = parseRatingAnswer(201, R"({"id": "DG-000001", "code": "H29.22-261120-0005"})");
    BOOST_TEST((sent.kind == Kind::Sent));
    BOOST_TEST(sent.ratingId == "DG-000001");
    BOOST_TEST(parseRatingAnswer(200, R"({"id": 42})").ratingId == "42");
    // A success without a usable id proves nothing: asked again under the same key.
    for (const char* body : {"", "null", "{}", R"({"id": ""})", R"({"id": [1]})", "<html>", "[{\"id\": 1}]"})
        BOOST_TEST((parseRatingAnswer(201, body).kind == Kind::Retry), body);
    BOOST_TEST((parseRatingAnswer(201, R"({"id": ")" + std::string(101, 'x') + R"("})").kind == Kind::Retry));
    BOOST_TEST((parseRatingAnswer(409, "[]").kind == Kind::AlreadyRated));
    BOOST_TEST((parseRatingAnswer(409, "").kind == Kind::AlreadyRated));
    for (const long status : {500L, 502L, 503L, 504L, 403L, 408L, 429L, 302L, 0L})
        BOOST_TEST((parseRatingAnswer(status, "[]").kind == Kind::Retry), status);

    const auto refused =
        parseRatingAnswer(422, R"([{"code": 422, "description": "Hồ sơ chưa\u001b[2J hoàn thành"}, {"code": 1}])");
    BOOST_TEST((refused.kind == Kind::Refused));
    BOOST_TEST_REQUIRE(refused.errors.size() == 1u);  // one without a description is left out
    BOOST_TEST(refused.errors[0].code == 422);
    BOOST_TEST(refused.errors[0].description == "Hồ sơ chưa[2J hoàn thành");  // no control characters
    const auto bare = parseRatingAnswer(404, "not json");
    BOOST_TEST((bare.kind == Kind::Refused));
    BOOST_TEST_REQUIRE(bare.errors.size() == 1u);
    BOOST_TEST(bare.errors[0].description == "HTTP 404");
    std::string many = "[";
    for (int i = 0; i < 20; ++i) many += std::string(i ? "," : "") + R"({"code": 400, "description": "e"})";
    BOOST_TEST(parseRatingAnswer(400, many + "]").errors.size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {
struct RatingOutbox {
    test::FakeClock clock;
    std::filesystem::path file = test::scratchDir("outbox-ratings") / "outbox.db";
    std::unique_ptr<Outbox> outbox = Outbox::open(file, clock);
    std::chrono::system_clock::time_point now() const { return clock.wallNow(); }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_ratings)

BOOST_FIXTURE_TEST_CASE(a_saved_rating_is_on_disk_with_its_key_and_nothing_else_of_the_resident, RatingOutbox) {
    const auto saved = outbox->saveRating({"h29.22-261120-0005", 2, "Chờ\nlâu"});
    BOOST_TEST(saved.id > 0);
    BOOST_TEST(saved.dossierCode == "H29.22-261120-0005");
    BOOST_TEST(saved.level == 2);
    BOOST_TEST(saved.comment == "Chờ lâu");
    BOOST_TEST((saved.state == RatingState::Queued));
    BOOST_TEST(saved.idempotencyKey.size() == 36u);
    BOOST_TEST(saved.ratedAt == cityIsoTime(now()));
    // Another connection (another process) sees it at once: it was committed before save returned.
    outbox.reset();
    auto db = Database::open(file, Database::Mode::ReadOnly);
    auto stmt = db.prepare("SELECT dossier_code, level, comment, idempotency_key, state FROM ratings");
    BOOST_TEST_REQUIRE(stmt.step());
    BOOST_TEST(stmt.text(0) == "H29.22-261120-0005");
    BOOST_TEST(stmt.integer(1) == 2);
    BOOST_TEST(stmt.text(3) == saved.idempotencyKey);
    BOOST_TEST(stmt.text(4) == "queued");
    BOOST_TEST(!stmt.step());
    // The table holds the dossier and the choice, not who made it.
    auto columns = db.prepare("SELECT group_concat(name) FROM pragma_table_info('ratings')");
    BOOST_TEST_REQUIRE(columns.step());
    for (const char* personal : {"name", "phone", "citizen", "account", "email"})
        BOOST_TEST(columns.text(0).find(personal) == std::string::npos, personal);
}

BOOST_FIXTURE_TEST_CASE(a_bad_rating_is_refused_and_nothing_saved, RatingOutbox) {
    BOOST_CHECK_THROW(outbox->saveRating({"H29.22-261120-0005", 6, ""}), std::invalid_argument);
    BOOST_CHECK_THROW(outbox->saveRating({"H29.22", 5, ""}), std::invalid_argument);
    BOOST_CHECK_THROW(outbox->saveRating({"H29.22-261120-0005", 5, std::string(501, 'x')}), std::invalid_argument);
    BOOST_TEST(outbox->ratings().empty());
}

BOOST_FIXTURE_TEST_CASE(a_rating_is_leased_retried_and_sent_only_forward, RatingOutbox) {
    const auto a = outbox->saveRating({"H29.22-261120-0005", 5, ""});
    const auto b = outbox->saveRating({"H29.22-261120-0006", 3, ""});
    auto due = outbox->claimDueRatings(now(), 60s);
    BOOST_TEST_REQUIRE(due.size() == 2u);
    BOOST_TEST((due[0].state == RatingState::Sending));
    BOOST_TEST(outbox->claimDueRatings(now(), 60s).empty());  // leased
    BOOST_TEST(outbox->claimDueRatings(now(), 60s, 1, a.id).empty());
    // A failure: waits, counted; the other one not tried: waits, not counted.
    BOOST_TEST(outbox->markRatingRetry(a.id, "HTTP 503", now() + 30s));
    BOOST_TEST(outbox->markRatingRetry(b.id, {}, now() + 30s, false));
    BOOST_TEST(outbox->rating(a.id)->failures == 1);
    BOOST_TEST(outbox->rating(a.id)->lastError == "HTTP 503");
    BOOST_TEST(outbox->rating(b.id)->failures == 0);
    BOOST_TEST(outbox->claimDueRatings(now()).empty());
    BOOST_TEST((outbox->nextRatingDue() == now() + 30s));
    // Asked for by id (just saved, or the resident is waiting), it goes before its time.
    BOOST_TEST(outbox->claimDueRatings(now(), 60s, 10, b.id).size() == 1u);
    clock.advance(31s);
    due = outbox->claimDueRatings(now());
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].id == a.id);
    BOOST_TEST(due[0].idempotencyKey == a.idempotencyKey);  // the same key for every try
    BOOST_TEST(outbox->markRatingSent(a.id, "DG-000001"));
    BOOST_TEST(!outbox->markRatingRetry(a.id, "late", now()));  // a late answer undoes nothing
    BOOST_TEST(!outbox->markRatingRefused(a.id, {{400, "late", ""}}));
    BOOST_TEST((outbox->rating(a.id)->state == RatingState::Sent));
    BOOST_TEST(outbox->rating(a.id)->ratingId == "DG-000001");
    BOOST_TEST(outbox->markRatingRefused(b.id, {{422, "Hồ sơ chưa hoàn thành", ""}}));
    BOOST_TEST((outbox->rating(b.id)->state == RatingState::Refused));
    BOOST_TEST(outbox->rating(b.id)->refusedErrors.at(0).description == "Hồ sơ chưa hoàn thành");
    BOOST_TEST(!outbox->nextRatingDue().has_value());
    BOOST_TEST(outbox->claimDueRatings(now() + 24h).empty());  // refused: not sent again
}

BOOST_FIXTURE_TEST_CASE(the_database_refuses_to_delete_a_rating_not_yet_sent, RatingOutbox) {
    const auto queued = outbox->saveRating({"H29.22-261120-0005", 5, ""});
    const auto sent = outbox->saveRating({"H29.22-261120-0006", 4, ""});
    outbox->claimDueRatings(now());
    BOOST_TEST(outbox->markRatingSent(sent.id, "DG-1", true));
    BOOST_TEST(outbox->rating(sent.id)->alreadyRated);
    auto db = Database::open(file);
    db.exec("PRAGMA busy_timeout = 5000");
    BOOST_CHECK_THROW(db.exec("DELETE FROM ratings WHERE id = " + std::to_string(queued.id)), SqliteError);
    BOOST_CHECK_NO_THROW(db.exec("DELETE FROM ratings WHERE id = " + std::to_string(sent.id)));
    BOOST_CHECK_THROW(db.exec("UPDATE ratings SET level = 7"), SqliteError);
}

BOOST_AUTO_TEST_SUITE_END()
