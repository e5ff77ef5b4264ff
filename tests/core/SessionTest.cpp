#include <boost/test/unit_test.hpp>

#include "domain/Session.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(starts_pristine_with_configured_defaults) {
    Session s(Language::Vietnamese, TextSize::Large);
    BOOST_TEST(s.pristine());
    BOOST_TEST((s.textSize() == TextSize::Large));
    BOOST_TEST(s.pinned().empty());
}

BOOST_AUTO_TEST_CASE(pins_toggle_and_my_services_cannot_be_pinned) {
    Session s(Language::Vietnamese, TextSize::Normal);
    s.togglePin(GroupId::Health);
    s.togglePin(GroupId::MyServices);
    BOOST_TEST(s.isPinned(GroupId::Health));
    BOOST_TEST(!s.isPinned(GroupId::MyServices));
    BOOST_TEST(!s.pristine());
    s.togglePin(GroupId::Health);
    BOOST_TEST(s.pristine());
}

BOOST_AUTO_TEST_CASE(a_scanned_id_card_is_kept_until_logout_or_wipe) {
    Session s(Language::Vietnamese, TextSize::Normal);
    auto parsed = scan::parseCccdQr("079123456789||Nguyễn Văn An|01011950|Nam|12 Lê Lợi, Sài Gòn|01012021");
    BOOST_TEST_REQUIRE(parsed.card.has_value());
    s.setScannedCard(std::move(*parsed.card));
    BOOST_TEST_REQUIRE(s.scannedCard() != nullptr);
    BOOST_TEST(s.scannedCard()->fullName == "Nguyễn Văn An");
    BOOST_TEST(!s.pristine());  // the idle timer has something to clear
    s.wipeScannedCard();        // logout
    BOOST_TEST(s.scannedCard() == nullptr);
    BOOST_TEST(s.pristine());
    auto again = scan::parseCccdQr("079123456789||Nguyễn Văn An|01011950|Nam|12 Lê Lợi, Sài Gòn|01012021");
    s.setScannedCard(std::move(*again.card));
    s.wipe();  // the idle timeout
    BOOST_TEST(s.scannedCard() == nullptr);
}

BOOST_AUTO_TEST_CASE(wipe_forgets_everything_of_the_resident) {
    Session s(Language::Vietnamese, TextSize::Normal);
    s.setLanguage(Language::English);
    s.setTextSize(TextSize::Large);
    s.togglePin(GroupId::Feedback);
    const auto before = s.generation();
    s.wipe();
    BOOST_TEST(s.pristine());
    BOOST_TEST((s.language() == Language::Vietnamese));
    BOOST_TEST((s.textSize() == TextSize::Normal));
    BOOST_TEST(s.pinned().empty());
    BOOST_TEST(s.generation() == before + 1);
}

BOOST_AUTO_TEST_CASE(display_choices_are_the_residents_until_the_wipe) {
    Session s(Language::Vietnamese, TextSize::Normal, false);
    s.setTextSize(TextSize::ExtraLarge);
    BOOST_TEST(!s.pristine());
    s.setTextSize(TextSize::Normal);
    s.setHighContrast(true);
    BOOST_TEST(!s.pristine());  // the idle timer must bring the standard theme back
    s.noteHardwareKeyboard();
    s.wipe();
    BOOST_TEST(!s.highContrast());
    BOOST_TEST(!s.hardwareKeyboardSeen());
    BOOST_TEST(s.pristine());

    Session contrastKiosk(Language::Vietnamese, TextSize::Large, true);
    BOOST_TEST(contrastKiosk.highContrast());
    BOOST_TEST(contrastKiosk.pristine());
}

BOOST_AUTO_TEST_CASE(a_report_being_written_is_the_residents_until_the_wipe) {
    Session s(Language::Vietnamese, TextSize::Normal, false);
    BOOST_TEST(s.compose() == nullptr);
    auto& compose = s.startCompose();
    compose.draft.description = "Ổ gà trước số 12";
    compose.draft.phone = "0909123456";
    compose.step = 3;
    BOOST_TEST(!s.pristine());  // the idle timer must clear what was typed
    s.setTextSize(TextSize::ExtraLarge);  // rebuilding the screens keeps it
    BOOST_REQUIRE(s.compose() != nullptr);
    BOOST_TEST(s.compose()->draft.description == "Ổ gà trước số 12");
    s.noteOwnReport(7);
    BOOST_TEST(s.ownsReport(7));
    BOOST_TEST(!s.ownsReport(8));
    s.wipe();
    BOOST_TEST(s.compose() == nullptr);
    BOOST_TEST(!s.ownsReport(7));  // the next resident may not see the last one's phone number
    BOOST_TEST(s.pristine());
    s.startCompose();
    s.endCompose();  // sent: gone
    BOOST_TEST(s.compose() == nullptr);
}


BOOST_AUTO_TEST_CASE(a_rating_and_the_dossiers_rated_are_the_residents_until_the_wipe) {
    Session s(Language::Vietnamese, TextSize::Normal, false);
    BOOST_TEST(s.rating() == nullptr);
    s.startRating({"H29.22-261120-0005", "Đăng ký thường trú", "UBND phường", 0, {}, {}, {}});
    BOOST_TEST(!s.pristine());  // a comment being typed is cleared by the idle timer
    s.rating()->level = 2;
    s.rating()->comment = "Chờ lâu";
    s.endRating();
    s.noteRated("H29.22-261120-0005");
    BOOST_TEST(s.rated("H29.22-261120-0005"));
    BOOST_TEST(!s.rated("H29.22-261120-0006"));
    BOOST_TEST(!s.pristine());  // which dossier someone rated is theirs, not the next resident's
    s.startRating({"H29.22-261120-0006", "", "", 5, "Tốt", "sent", {}});
    s.rememberDossierLookup("H29.22-261120-0006");
    s.wipe();
    BOOST_TEST(!s.dossierLookup().has_value());
    BOOST_TEST(s.rating() == nullptr);
    BOOST_TEST(!s.rated("H29.22-261120-0005"));
    BOOST_TEST(s.pristine());
}

BOOST_AUTO_TEST_CASE(reports_saved_in_the_session_keep_it_from_being_pristine) {
    // Issue 17: after "save, then Home" the session still owns the report (its contact details
    // are offered again in "Sửa và gửi lại"): the idle timer must wipe it.
    Session s(Language::Vietnamese, TextSize::Normal, false);
    s.startCompose().draft.phone = "0909123456";
    BOOST_TEST(!s.nothingUnsaved());
    BOOST_TEST(!s.finishedTask());
    s.endCompose();
    s.noteOwnReport(42);
    BOOST_TEST(s.nothingUnsaved());  // Home ends the session now
    BOOST_TEST(s.finishedTask());
    BOOST_TEST(!s.pristine());       // and the idle timer would have something to clear
    s.wipe();
    BOOST_TEST(!s.ownsReport(42));
    BOOST_TEST(s.pristine());
    s.startRating({"H29.22-261120-0005", "", "", 0, {}, {}, {}});
    BOOST_TEST(!s.nothingUnsaved());  // a rating being chosen is unsaved too
}

BOOST_AUTO_TEST_CASE(the_identity_keeps_no_refresh_token_and_no_citizen_id) {
    // What a screen does not use is not kept (issue 17): the identity has a name, a subject and
    // the access token only; logout hands it back and leaves none in the session.
    Session s(Language::Vietnamese, TextSize::Normal, false);
    ResidentIdentity identity;
    identity.subject = "sub-1";
    identity.name = "Nguyễn Văn Thử";
    identity.accessToken = "access-token-of-the-resident";
    s.setIdentity(identity);
    BOOST_TEST(!s.pristine());
    const auto generation = s.generation();
    auto taken = s.takeIdentity();
    BOOST_TEST_REQUIRE(taken.has_value());
    BOOST_TEST(taken->accessToken == "access-token-of-the-resident");
    BOOST_TEST(!s.identity().has_value());
    BOOST_TEST(s.generation() == generation + 1);
    wipe(*taken);
    BOOST_TEST(taken->accessToken.empty());
    BOOST_TEST(taken->name.empty());
    BOOST_TEST(taken->subject.empty());
}

BOOST_AUTO_TEST_CASE(wiping_a_string_overwrites_its_whole_buffer) {
    // The helper the identity, the drafts and the scanned card are released through.
    std::string text = "0909123456 Nguyễn Văn Thử, 12 Lê Lợi";
    const char* buffer = text.data();
    const auto capacity = text.capacity();
    scan::wipeString(text);
    BOOST_TEST(text.empty());
    BOOST_TEST(text.data() == buffer);  // the same storage, now zeros
    for (std::size_t i = 0; i < capacity; ++i) BOOST_TEST_REQUIRE(buffer[i] == '\0');
}

BOOST_AUTO_TEST_SUITE_END()
