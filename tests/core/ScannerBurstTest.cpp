// The scanner-burst detector: a handheld scanner's fast burst ending in Enter is a scan; a
// person's keys, slow or fast, all reach the field they were typed into, in order.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "scan/ScannerBurst.h"

using namespace kiosk::scan;
using namespace std::chrono_literals;
using Kind = ScannerBurst::Step::Kind;
using ms = std::chrono::milliseconds;

namespace {
constexpr char32_t kEnter = U'\n';

struct Key {
    char32_t character;  // kEnter for the Enter key
    ms at;               // since the start of the test
};

// What the kiosk's screen receives: the text field gets typed keys (and "\n" for an Enter that
// was a person's), the scan handler gets scans.
struct Screen {
    std::string typed;
    std::vector<std::string> scans;
    // For each character key, how many characters the field had received just before it: shows
    // how long a person's key stayed held back.
    std::vector<std::size_t> typedBeforeKey;
};

std::size_t codePoints(const std::string& utf8) {
    std::size_t count = 0;
    for (const char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

const ScannerBurst::time_point kStart{std::chrono::hours(1000)};

void take(Screen& screen, const ScannerBurst::Step& step) {
    if (step.kind == Kind::Scan) screen.scans.push_back(step.text);
    if (step.kind == Kind::Typed) screen.typed += step.text;
    if (step.kind == Kind::Holding) BOOST_TEST(step.text.empty());
}

// Plays the keys with the UI's 10 ms flush timer running all along, then 200 ms more.
Screen play(const std::vector<Key>& presses) {
    ScannerBurst burst;
    Screen screen;
    ms tick{0};
    const auto timerUntil = [&](ms until) {
        for (; tick < until; tick += 10ms) take(screen, burst.flush(kStart + tick));
    };
    for (const Key& key : presses) {
        timerUntil(key.at);
        if (key.character == kEnter) {
            const ScannerBurst::Step step = burst.feedEnter(kStart + key.at);
            take(screen, step);
            if (step.kind != Kind::Scan) screen.typed += '\n';  // the person's Enter goes on
        } else {
            screen.typedBeforeKey.push_back(codePoints(screen.typed));
            take(screen, burst.feed(key.character, kStart + key.at));
            BOOST_TEST(burst.holding());  // the key just fed is always held first
        }
    }
    timerUntil((presses.empty() ? ms{0} : presses.back().at) + 200ms);
    BOOST_TEST(!burst.holding());
    return screen;
}

// `text` typed from `start` with gaps drawn from [minGap, maxGap], then Enter `enterGap` after
// the last key (no Enter when enterGap is negative).
std::vector<Key> keys(std::u32string_view text, ms start, ms minGap, ms maxGap, ms enterGap, unsigned seed = 7) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> gap(minGap.count(), maxGap.count());
    std::vector<Key> out;
    ms at = start;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0) at += ms{gap(random)};
        out.push_back({text[i], at});
    }
    if (enterGap >= 0ms) out.push_back({kEnter, at + enterGap});
    return out;
}

std::vector<Key> operator+(std::vector<Key> a, const std::vector<Key>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scanner_burst)

BOOST_AUTO_TEST_CASE(a_scanner_at_5_to_15_ms_a_key_is_a_scan) {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        const Screen screen = play(keys(U"PA-7K3M-Q9R", 0ms, 5ms, 15ms, 8ms, seed));
        BOOST_TEST(screen.typed.empty());
        BOOST_TEST_REQUIRE(screen.scans.size() == 1u);
        BOOST_TEST(screen.scans[0] == "PA-7K3M-Q9R");
    }
}

BOOST_AUTO_TEST_CASE(a_long_vietnamese_card_scan_stays_whole) {
    // Synthetic card: invented number, name and address.
    const std::u32string card = U"079190001234||TRẦN THỊ MINH THƯ|29022000|Nữ|12 Đường Số 7, Phường 1, TP.HCM|15062021";
    const Screen screen = play(keys(card, 0ms, 5ms, 15ms, 10ms));
    BOOST_TEST(screen.typed.empty());
    BOOST_TEST_REQUIRE(screen.scans.size() == 1u);
    BOOST_TEST(screen.scans[0] == "079190001234||TRẦN THỊ MINH THƯ|29022000|Nữ|12 Đường Số 7, Phường 1, TP.HCM|15062021");
}

BOOST_AUTO_TEST_CASE(a_person_at_80_to_300_ms_a_key_types_and_loses_nothing) {
    const Screen screen = play(keys(U"Nguyễn Văn 12", 0ms, 80ms, 300ms, 150ms));
    BOOST_TEST(screen.scans.empty());
    BOOST_TEST(screen.typed == "Nguyễn Văn 12\n");
    // Every key reached the field (by the flush timer) before the next was pressed.
    BOOST_TEST_REQUIRE(screen.typedBeforeKey.size() == 13u);
    for (std::size_t i = 0; i < screen.typedBeforeKey.size(); ++i)
        BOOST_TEST(screen.typedBeforeKey[i] == i, "before key " << i);
}

BOOST_AUTO_TEST_CASE(a_fast_typist_at_40_ms_a_key_types) {
    const Screen screen = play(keys(U"hello world", 0ms, 40ms, 40ms, 40ms));
    BOOST_TEST(screen.scans.empty());
    BOOST_TEST(screen.typed == "hello world\n");
}

BOOST_AUTO_TEST_CASE(a_burst_with_jitter_up_to_30_ms_is_a_scan) {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        const Screen screen = play(keys(U"H29.22-241128-0001", 0ms, 2ms, 30ms, 30ms, seed));
        BOOST_TEST(screen.typed.empty());
        BOOST_TEST((screen.scans == std::vector<std::string>{"H29.22-241128-0001"}));
    }
}

BOOST_AUTO_TEST_CASE(gaps_of_35_ms_still_scan_and_36_do_not) {
    BOOST_TEST(play(keys(U"ABCDEFGH", 0ms, 35ms, 35ms, 35ms)).scans.size() == 1u);
    // One slow gap in the middle: the keys before it were typed; the 4 after it are too few.
    const Screen slowInside = play(keys(U"ABCD", 0ms, 35ms, 35ms, -1ms) + keys(U"EFGH", 141ms, 10ms, 10ms, 10ms));
    BOOST_TEST(slowInside.scans.empty());
    BOOST_TEST(slowInside.typed == "ABCDEFGH\n");
    const Screen slowEnter = play(keys(U"ABCDEFGH", 0ms, 10ms, 10ms, 36ms));
    BOOST_TEST(slowEnter.scans.empty());
    BOOST_TEST(slowEnter.typed == "ABCDEFGH\n");
}

BOOST_AUTO_TEST_CASE(six_keys_make_a_scan_five_do_not) {
    BOOST_TEST((play(keys(U"ABCDEF", 0ms, 5ms, 5ms, 5ms)).scans == std::vector<std::string>{"ABCDEF"}));
    const Screen five = play(keys(U"ABCDE", 0ms, 5ms, 5ms, 5ms));
    BOOST_TEST(five.scans.empty());
    BOOST_TEST(five.typed == "ABCDE\n");
}

BOOST_AUTO_TEST_CASE(a_burst_interrupted_without_enter_is_released_as_typed) {
    ScannerBurst burst;
    for (int i = 0; i < 8; ++i) BOOST_TEST((burst.feed(U'7', kStart + ms{10 * i}).kind == Kind::Holding));
    BOOST_TEST_REQUIRE(burst.releaseDue().has_value());
    BOOST_TEST((*burst.releaseDue() == kStart + 70ms + ScannerBurst::kReleaseAfter));
    BOOST_TEST((burst.flush(kStart + 119ms).kind == Kind::Holding));
    const ScannerBurst::Step step = burst.flush(kStart + 120ms);
    BOOST_TEST((step.kind == Kind::Typed));
    BOOST_TEST(step.text == "77777777");
    BOOST_TEST(!burst.holding());
    BOOST_TEST(!burst.releaseDue().has_value());
    // A late Enter is the person's: nothing held, nothing scanned.
    const ScannerBurst::Step enter = burst.feedEnter(kStart + 125ms);
    BOOST_TEST((enter.kind == Kind::Typed));
    BOOST_TEST(enter.text.empty());
}

BOOST_AUTO_TEST_CASE(a_burst_broken_by_a_pause_then_resumed) {
    // Scanner-fast keys, a 100 ms pause, then six more fast keys and Enter: the first part is
    // released as typed and the part after the pause is a burst of its own.
    const Screen screen = play(keys(U"ABC", 0ms, 10ms, 10ms, -1ms) + keys(U"123456", 120ms, 10ms, 10ms, 10ms));
    BOOST_TEST(screen.typed == "ABC");
    BOOST_TEST((screen.scans == std::vector<std::string>{"123456"}));
}

BOOST_AUTO_TEST_CASE(enter_typed_alone_goes_on) {
    ScannerBurst burst;
    const ScannerBurst::Step step = burst.feedEnter(kStart);
    BOOST_TEST((step.kind == Kind::Typed));
    BOOST_TEST(step.text.empty());
    BOOST_TEST(play({{kEnter, 0ms}, {kEnter, 5ms}}).typed == "\n\n");
}

BOOST_AUTO_TEST_CASE(typing_then_scanning_keeps_both_apart) {
    const Screen screen = play(keys(U"ab", 0ms, 150ms, 150ms, -1ms) + keys(U"PA-7K3M-Q9R", 400ms, 8ms, 12ms, 9ms) +
                               keys(U"cd", 700ms, 120ms, 120ms, 200ms));
    BOOST_TEST(screen.typed == "abcd\n");
    BOOST_TEST((screen.scans == std::vector<std::string>{"PA-7K3M-Q9R"}));
}

BOOST_AUTO_TEST_CASE(a_key_held_down_past_the_limit_is_typed_not_scanned) {
    // Auto-repeat at 30 ms a key, 5000 times, then Enter: nothing is lost and nothing scans.
    const Screen screen = play(keys(std::u32string(5000, U'x'), 0ms, 30ms, 30ms, 20ms));
    BOOST_TEST(screen.scans.empty());
    BOOST_TEST(screen.typed == std::string(5000, 'x') + "\n");
}

BOOST_AUTO_TEST_CASE(a_non_character_becomes_the_replacement_character) {
    ScannerBurst burst;
    for (int i = 0; i < 6; ++i) burst.feed(i == 2 ? char32_t{0xD800} : U'A', kStart + ms{i});
    const ScannerBurst::Step step = burst.feedEnter(kStart + 10ms);
    BOOST_TEST((step.kind == Kind::Scan));
    BOOST_TEST(step.text == "AA\xEF\xBF\xBD" "AAA");
}

BOOST_AUTO_TEST_CASE(clear_forgets_what_is_held) {
    ScannerBurst burst;
    for (int i = 0; i < 10; ++i) burst.feed(U'9', kStart + ms{i});
    burst.clear();
    BOOST_TEST(!burst.holding());
    const ScannerBurst::Step step = burst.feedEnter(kStart + 12ms);
    BOOST_TEST((step.kind == Kind::Typed));
    BOOST_TEST(step.text.empty());
}

BOOST_AUTO_TEST_SUITE_END()
