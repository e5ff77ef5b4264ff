#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "TestPaths.h"
#include "config/ConfigLoader.h"
#include "domain/WardRegistry.h"

using namespace kiosk;

namespace {
const std::set<std::string>& wardCodes() {
    static const auto codes = WardRegistry::load(test::resourcesDir() / "data" / "wards_2025.csv").codes();
    return codes;
}

ConfigLoadResult load(const std::string& text) {
    return ConfigLoader(wardCodes()).loadString(text, "test.toml");
}

const std::string kMinimal = "[kiosk]\nward_code = \"26740\"\n[city]\nbase_url = \"https://city.example.vn\"\n";

// The one issue reported for `key`, or a failure listing what was reported instead.
ConfigIssue issueFor(const ConfigLoadResult& result, const std::string& key) {
    for (const auto& issue : result.issues)
        if (issue.key == key) return issue;
    BOOST_FAIL("no issue for " + key + "; got:\n" + formatIssues(result.issues));
    return {};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config_loader)

BOOST_AUTO_TEST_CASE(embedded_default_is_valid_and_complete) {
    const auto result = ConfigLoader(wardCodes()).loadString(ConfigLoader::embeddedDefault(), "kiosk.toml");
    BOOST_TEST_REQUIRE(result.ok(), formatIssues(result.issues));
    const auto& c = *result.config;
    BOOST_TEST(c.kiosk.wardCode == "26740");
    BOOST_TEST(c.kiosk.enabledGroups.size() == 12u);
    BOOST_TEST(c.kiosk.idleTimeout.count() == 90);
    BOOST_TEST(c.kiosk.idleCountdown.count() == 30);
    BOOST_TEST(c.city.baseUrl == "http://127.0.0.1:8787");
    BOOST_TEST(c.printer.backend == "pdf");
}

BOOST_AUTO_TEST_CASE(shipped_samples_are_valid) {
    for (const char* name : {"sample-thu-dau-mot.toml", "sample-cho-lon.toml", "kiosk.toml"}) {
        const auto result = ConfigLoader(wardCodes()).loadFile(test::sourceDir() / "kiosk-config" / name);
        BOOST_TEST(result.ok(), name << ":\n" << formatIssues(result.issues));
    }
}

BOOST_AUTO_TEST_CASE(embedded_default_equals_the_shipped_file) {
    const auto fromFile = ConfigLoader(wardCodes()).loadFile(test::sourceDir() / "kiosk-config" / "kiosk.toml");
    const auto embedded = ConfigLoader(wardCodes()).loadString(ConfigLoader::embeddedDefault(), "embedded");
    BOOST_TEST_REQUIRE(fromFile.ok());
    BOOST_TEST_REQUIRE(embedded.ok());
    BOOST_TEST(fromFile.config->kiosk.wardCode == embedded.config->kiosk.wardCode);
    BOOST_TEST(fromFile.config->city.baseUrl == embedded.config->city.baseUrl);
}

BOOST_AUTO_TEST_CASE(minimal_config_gets_documented_defaults) {
    const auto result = load(kMinimal);
    BOOST_TEST_REQUIRE(result.ok(), formatIssues(result.issues));
    const auto& c = *result.config;
    BOOST_TEST((c.kiosk.language == Language::Vietnamese));
    BOOST_TEST((c.kiosk.textSize == TextSize::Normal));
    BOOST_TEST(c.kiosk.enabledGroups.size() == 12u);
    BOOST_TEST(c.city.open311Url == "https://city.example.vn/open311/v2");
    BOOST_TEST(c.city.dvcUrl == "https://city.example.vn/dvc/v1");
    BOOST_TEST(c.city.oidcIssuer == "https://city.example.vn/vneid");
    BOOST_TEST(c.city.clientId == "ward-kiosk");
    BOOST_TEST(c.log.level == "info");
}

BOOST_AUTO_TEST_CASE(unknown_key_is_reported_with_its_line) {
    const auto result = load(kMinimal + "[log]\nlevel = \"debug\"\nlevle = \"x\"\n");
    BOOST_TEST(!result.ok());
    const auto issue = issueFor(result, "log.levle");
    BOOST_TEST(issue.line == 7);
    BOOST_TEST(issue.format().find("test.toml:7: log.levle: unknown key") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_section_is_reported) {
    const auto result = load(kMinimal + "[screen]\nwidth = 3\n");
    BOOST_TEST(issueFor(result, "screen").line == 5);
}

BOOST_AUTO_TEST_CASE(section_that_is_not_a_table) {
    const auto result = load("kiosk = 3\n[city]\nbase_url = \"https://a.vn\"\n");
    BOOST_TEST(issueFor(result, "kiosk").reason.find("expected a [kiosk] table") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_types_are_named) {
    const auto result = load(kMinimal + "[printer]\npaper = 80\n");
    BOOST_TEST(issueFor(result, "printer.paper").reason == "expected a string, found an integer");
    const auto flag = load("[kiosk]\nward_code = \"26740\"\nfullscreen = \"yes\"\n[city]\nbase_url = \"https://a.vn\"\n");
    BOOST_TEST(issueFor(flag, "kiosk.fullscreen").reason == "expected true or false, found a string");
}

BOOST_AUTO_TEST_CASE(values_out_of_range) {
    const auto result = load("[kiosk]\nward_code = \"26740\"\nidle_timeout_s = 0\nidle_countdown_s = 121\n"
                             "[city]\nbase_url = \"https://a.vn\"\nconnect_timeout_s = 61\n");
    BOOST_TEST(issueFor(result, "kiosk.idle_timeout_s").reason == "must be between 1 and 3600 seconds");
    BOOST_TEST(issueFor(result, "kiosk.idle_countdown_s").reason == "must be between 20 and 120 seconds");
    BOOST_TEST(issueFor(result, "city.connect_timeout_s").line == 7);
}

// WCAG 2.2.1: the idle question gives at least 20 s to answer; 30 s unless configured.
BOOST_AUTO_TEST_CASE(idle_countdown_is_never_shorter_than_20_seconds) {
    const std::string head = "[kiosk]\nward_code = \"26740\"\n";
    const std::string tail = "[city]\nbase_url = \"https://a.vn\"\n";
    const auto defaults = load(head + tail);
    BOOST_TEST_REQUIRE(defaults.ok(), formatIssues(defaults.issues));
    BOOST_TEST(defaults.config->kiosk.idleCountdown.count() == 30);
    for (const int refused : {0, 1, 3, 15, 19}) {
        const auto result = load(head + "idle_countdown_s = " + std::to_string(refused) + "\n" + tail);
        BOOST_TEST(issueFor(result, "kiosk.idle_countdown_s").reason == "must be between 20 and 120 seconds",
                   refused << " s");
        BOOST_TEST(issueFor(result, "kiosk.idle_countdown_s").line == 3);
    }
    for (const int accepted : {20, 30, 120}) {
        const auto result = load(head + "idle_countdown_s = " + std::to_string(accepted) + "\n" + tail);
        BOOST_TEST_REQUIRE(result.ok(), accepted << " s: " << formatIssues(result.issues));
        BOOST_TEST(result.config->kiosk.idleCountdown.count() == accepted);
    }
}

BOOST_AUTO_TEST_CASE(missing_required_values) {
    const auto result = load("[kiosk]\nlanguage = \"en\"\n");
    BOOST_TEST(issueFor(result, "kiosk.ward_code").reason == "missing required value");
    BOOST_TEST(issueFor(result, "city.base_url").reason == "missing required value");
    BOOST_TEST(issueFor(result, "city.base_url").line == 0);
}

BOOST_AUTO_TEST_CASE(ward_code_must_be_a_2025_ward_of_the_city) {
    BOOST_TEST(issueFor(load("[kiosk]\nward_code = \"00001\"\n[city]\nbase_url = \"https://a.vn\"\n"), "kiosk.ward_code")
                   .reason.find("not one of the 168 wards") != std::string::npos);
    BOOST_TEST(issueFor(load("[kiosk]\nward_code = \"Sài Gòn\"\n[city]\nbase_url = \"https://a.vn\"\n"), "kiosk.ward_code")
                   .reason.find("5-digit") != std::string::npos);
    // Without a ward list (e.g. data not installed) only the shape is checked.
    BOOST_TEST(ConfigLoader().loadString("[kiosk]\nward_code = \"00001\"\n[city]\nbase_url = \"https://a.vn\"\n", "t").ok());
}

BOOST_AUTO_TEST_CASE(city_urls_must_be_https_except_loopback) {
    auto withUrl = [](const std::string& url) {
        return load("[kiosk]\nward_code = \"26740\"\n[city]\nbase_url = \"" + url + "\"\n");
    };
    BOOST_TEST(withUrl("https://api.tphcm.gov.vn").ok());
    BOOST_TEST(withUrl("http://127.0.0.1:8787").ok());
    BOOST_TEST(withUrl("http://localhost:8787").ok());
    BOOST_TEST(withUrl("http://[::1]:8787").ok());
    BOOST_TEST(!withUrl("http://api.tphcm.gov.vn").ok());
    BOOST_TEST(!withUrl("http://127.0.0.1.evil.example").ok());
    BOOST_TEST(!withUrl("ftp://127.0.0.1").ok());
    BOOST_TEST(!withUrl("not a url").ok());
}

BOOST_AUTO_TEST_CASE(enabled_groups_are_checked) {
    auto withGroups = [](const std::string& list) {
        return load("[kiosk]\nward_code = \"26740\"\nenabled_groups = " + list + "\n[city]\nbase_url = \"https://a.vn\"\n");
    };
    const auto ok = withGroups("[\"vneid\", \"feedback\"]");
    BOOST_TEST_REQUIRE(ok.ok());
    BOOST_TEST((ok.config->kiosk.enabledGroups == std::vector<GroupId>{GroupId::Vneid, GroupId::Feedback}));
    BOOST_TEST(ok.config->groupEnabled(GroupId::MyServices));
    BOOST_TEST(!ok.config->groupEnabled(GroupId::Map));
    BOOST_TEST(issueFor(withGroups("[\"feedback\", \"feedback\"]"), "kiosk.enabled_groups").reason.find("twice") !=
               std::string::npos);
    BOOST_TEST(!withGroups("[]").ok());
    BOOST_TEST(!withGroups("[\"my_services\"]").ok());
    BOOST_TEST(!withGroups("[1, 2]").ok());
    BOOST_TEST(!withGroups("\"feedback\"").ok());
}

// Issue 18: the desk a resident is sent to for a slip that did not come out.
BOOST_AUTO_TEST_CASE(printer_desk_names_where_slips_are_handed_out) {
    BOOST_TEST(load(kMinimal).config->printer.desk == "Bàn tiếp nhận hồ sơ (Bộ phận Một cửa)");
    const auto named = load(kMinimal + "[printer]\ndesk = \"Bàn tiếp nhận số 1\"\n");
    BOOST_TEST_REQUIRE(named.ok());
    BOOST_TEST(named.config->printer.desk == "Bàn tiếp nhận số 1");
    // 80 characters (not bytes) fit; Vietnamese letters are two or three bytes each.
    std::string eighty;
    for (int i = 0; i < 80; ++i) eighty += "ố";
    BOOST_TEST(load(kMinimal + "[printer]\ndesk = \"" + eighty + "\"\n").ok());
    for (const std::string& bad : {std::string("\"\""), std::string("\"   \""), "\"" + eighty + "x\"",
                                   std::string("\"Bàn\\nsố 1\""), std::string("1")})
        BOOST_TEST(issueFor(load(kMinimal + "[printer]\ndesk = " + bad + "\n"), "printer.desk").line == 6, bad);
}

BOOST_AUTO_TEST_CASE(printer_backend_needs_a_queue) {
    const auto cups = load(kMinimal + "[printer]\nbackend = \"cups\"\n");
    BOOST_TEST(issueFor(cups, "printer.queue").reason.find("needs the name") != std::string::npos);
    BOOST_TEST(load(kMinimal + "[printer]\nbackend = \"cups\"\nqueue = \"kiosk\"\n").ok());
    BOOST_TEST(!load(kMinimal + "[printer]\nbackend = \"laser\"\n").ok());
}

BOOST_AUTO_TEST_CASE(escpos_queue_is_a_device_path_or_tcp) {
    auto escpos = [](const std::string& lines) { return load(kMinimal + "[printer]\nbackend = \"escpos\"\n" + lines); };

    const auto empty = escpos("");
    BOOST_TEST(issueFor(empty, "printer.queue").reason.find("needs the name") != std::string::npos);

    for (const char* good : {"/dev/usb/lp0", "/dev/ttyUSB0", "tcp://192.168.1.50:9100", "tcp://may-in.local:9100",
                             "tcp://[fd00::50]:9100"}) {
        const auto result = escpos("queue = \"" + std::string(good) + "\"\n");
        BOOST_TEST(result.ok(), good << ":\n" << formatIssues(result.issues));
        if (result.ok()) BOOST_TEST(result.config->printer.queue == good);
    }

    // Line 7 of the file: kMinimal is four lines, then [printer] and backend.
    const auto noPort = escpos("queue = \"tcp://192.168.1.50\"\n");
    const auto issue = issueFor(noPort, "printer.queue");
    BOOST_TEST(issue.line == 7);
    BOOST_TEST(issue.reason.find("needs a port") != std::string::npos, issue.reason);
    for (const char* bad : {"tcp://printer:0", "tcp://printer:70000", "tcp://:9100", "tcp://printer:9100/x", "kiosk-slips",
                            "usb://EPSON/TM-T20", "lp0"}) {
        const auto result = escpos("queue = \"" + std::string(bad) + "\"\n");
        BOOST_TEST(issueFor(result, "printer.queue").line == 7, bad);
    }
    // A CUPS queue name is still fine for the cups backend.
    BOOST_TEST(load(kMinimal + "[printer]\nbackend = \"cups\"\nqueue = \"kiosk-slips\"\n").ok());
}

BOOST_AUTO_TEST_CASE(escpos_width_in_dots_and_paper) {
    const auto defaults = load(kMinimal);
    BOOST_TEST_REQUIRE(defaults.ok());
    BOOST_TEST(defaults.config->printer.dots == 576);

    const auto narrow = load(kMinimal + "[printer]\nbackend = \"escpos\"\nqueue = \"/dev/usb/lp0\"\ndots = 512\n");
    BOOST_TEST_REQUIRE(narrow.ok(), formatIssues(narrow.issues));
    BOOST_TEST(narrow.config->printer.dots == 512);

    for (const char* bad : {"0", "100", "577", "4096", "\"576\""})
        BOOST_TEST(issueFor(load(kMinimal + "[printer]\ndots = " + bad + "\n"), "printer.dots").line == 6, bad);

    const auto a4 = load(kMinimal + "[printer]\nbackend = \"escpos\"\nqueue = \"/dev/usb/lp0\"\npaper = \"a4\"\n");
    BOOST_TEST(issueFor(a4, "printer.paper").line == 8);
    BOOST_TEST(load(kMinimal + "[printer]\nbackend = \"cups\"\nqueue = \"office\"\npaper = \"a4\"\n").ok());
}

BOOST_AUTO_TEST_CASE(ca_bundle_must_exist) {
    const auto result = load(kMinimal + "ca_bundle = \"/no/such/ca.pem\"\n");
    BOOST_TEST(issueFor(result, "city.ca_bundle").reason == "no such file: /no/such/ca.pem");
}

BOOST_AUTO_TEST_CASE(sync_settings_are_checked) {
    const auto defaults = load(kMinimal);
    BOOST_REQUIRE(defaults.ok());
    BOOST_TEST(defaults.config->sync.datasets.size() == 8u);
    BOOST_TEST(defaults.config->sync.interval.count() == 3600);
    BOOST_TEST(defaults.config->kiosk.id == "kiosk-26740");

    const auto good = load(kMinimal + "[sync]\ndatasets = [\"schools\", \"hotlines\"]\npage_size = 200\nmax_page_kib = 1024\n");
    BOOST_TEST_REQUIRE(good.ok(), formatIssues(good.issues));
    BOOST_TEST(good.config->sync.datasets.size() == 2u);
    BOOST_TEST(good.config->sync.maxPageBytes == 1024u * 1024u);

    const auto bad = load(kMinimal +
                          "[sync]\ndatasets = [\"schools\", \"weather\"]\npage_size = 10\ninterval_s = 5\n"
                          "retry_min_s = 100\nretry_max_s = 50\nindex_path = \"api?x\"\n");
    BOOST_TEST(issueFor(bad, "sync.datasets").reason.find("unknown dataset \"weather\"") == 0u);
    BOOST_TEST(issueFor(bad, "sync.page_size").reason == "must be between 50 and 5000");
    BOOST_TEST(issueFor(bad, "sync.interval_s").line == 8);
    BOOST_TEST(issueFor(bad, "sync.retry_max_s").reason.find("retry_min_s") != std::string::npos);
    BOOST_TEST(issueFor(bad, "sync.index_path").reason.find("starting with '/'") != std::string::npos);

    const auto badId = load("[kiosk]\nward_code = \"26740\"\nid = \"kiosk 1; rm\"\n[city]\nbase_url = \"https://city.example.vn\"\n");
    BOOST_TEST(issueFor(badId, "kiosk.id").line == 3);
}

BOOST_AUTO_TEST_CASE(vneid_settings_are_checked) {
    const auto defaults = load(kMinimal);
    BOOST_REQUIRE(defaults.ok());
    BOOST_TEST(defaults.config->vneid.claimCitizenId == "SoDinhDanh");
    BOOST_TEST(defaults.config->city.oidcIssuer == "https://city.example.vn/vneid");
    const auto bad = load(kMinimal + "[vneid]\nscope = \"profile\"\nclaim_name = \"Ho Va Ten\"\nmax_clock_skew_s = 3600\n");
    BOOST_TEST(issueFor(bad, "vneid.scope").reason.find("openid") != std::string::npos);
    BOOST_TEST(issueFor(bad, "vneid.claim_name").line == 7);
    BOOST_TEST(issueFor(bad, "vneid.max_clock_skew_s").reason == "must be between 0 and 600 seconds");
}

BOOST_AUTO_TEST_CASE(accessibility_keyboard_and_speech_settings_are_checked) {
    const auto defaults = load(kMinimal);
    BOOST_TEST_REQUIRE(defaults.ok());
    BOOST_TEST((defaults.config->keyboard.mode == KeyboardMode::Auto));
    BOOST_TEST((defaults.config->keyboard.method == InputMethod::Telex));
    BOOST_TEST((defaults.config->keyboard.toneStyle == ToneStyle::Classic));
    BOOST_TEST(!defaults.config->kiosk.highContrast);
    BOOST_TEST(defaults.config->speech.enabled);
    BOOST_TEST(defaults.config->speech.voiceVi == "vi");
    BOOST_TEST(defaults.config->speech.command.front() == "espeak-ng");

    const auto good = load("[kiosk]\nward_code = \"26740\"\ntext_size = \"extra_large\"\nhigh_contrast = true\n"
                           "[city]\nbase_url = \"https://a.vn\"\n"
                           "[keyboard]\nmode = \"never\"\nmethod = \"vni\"\ntone_style = \"modern\"\n"
                           "[speech]\nenabled = false\ncommand = [\"sh\", \"-c\", \"espeak-ng --stdout | aplay\"]\n"
                           "voice_vi = \"vi-vn-x-south\"\nrate = 120\n");
    BOOST_TEST_REQUIRE(good.ok(), formatIssues(good.issues));
    const auto& c = *good.config;
    BOOST_TEST((c.kiosk.textSize == TextSize::ExtraLarge));
    BOOST_TEST(c.kiosk.highContrast);
    BOOST_TEST((c.keyboard.mode == KeyboardMode::Never));
    BOOST_TEST((c.keyboard.method == InputMethod::Vni));
    BOOST_TEST((c.keyboard.toneStyle == ToneStyle::Modern));
    BOOST_TEST(!c.speech.enabled);
    BOOST_TEST(c.speech.command.size() == 3u);
    BOOST_TEST(c.speech.voiceVi == "vi-vn-x-south");
    BOOST_TEST(c.speech.rate == 120);

    const auto bad = load(kMinimal + "[keyboard]\nmode = \"sometimes\"\nmethod = \"viqr\"\ntone_style = \"new\"\n"
                                     "[speech]\ncommand = []\nvoice_vi = \"vi; rm -rf /\"\nrate = 20\n");
    BOOST_TEST(issueFor(bad, "keyboard.mode").reason.find("\"auto\", \"always\", \"never\"") != std::string::npos);
    BOOST_TEST(issueFor(bad, "keyboard.method").reason.find("\"telex\"") != std::string::npos);
    BOOST_TEST(issueFor(bad, "keyboard.tone_style").reason.find("\"classic\"") != std::string::npos);
    BOOST_TEST(issueFor(bad, "speech.command").reason == "must name a program first");
    BOOST_TEST(issueFor(bad, "speech.voice_vi").reason.find("espeak-ng voice") != std::string::npos);
    BOOST_TEST(issueFor(bad, "speech.rate").reason == "must be between 80 and 300");
    const auto size = load("[kiosk]\nward_code = \"26740\"\ntext_size = \"huge\"\n[city]\nbase_url = \"https://a.vn\"\n");
    BOOST_TEST(issueFor(size, "kiosk.text_size").reason.find("\"extra_large\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(scanner_camera_is_a_full_path_or_nothing) {
    const auto defaults = load(kMinimal);
    BOOST_TEST_REQUIRE(defaults.ok());
    BOOST_TEST(defaults.config->scanner.camera.empty());
    const auto good = load(kMinimal + "[scanner]\ncamera = \"/dev/video2\"\n");
    BOOST_TEST_REQUIRE(good.ok(), formatIssues(good.issues));
    BOOST_TEST(good.config->scanner.camera == "/dev/video2");
    for (const std::string value : {"\"video0\"", "\"/dev/vid\\neo0\"", "0"}) {
        const auto bad = load(kMinimal + "\n[scanner]\ncamera = " + value + "\n");
        BOOST_TEST(issueFor(bad, "scanner.camera").line == 7, value);
    }
    BOOST_TEST(issueFor(load(kMinimal + "[scanner]\ncamera = \"video0\"\n"), "scanner.camera").reason.find("/dev/video0") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(feedback_settings_are_checked) {
    const auto defaults = load(kMinimal);
    BOOST_TEST_REQUIRE(defaults.ok());
    BOOST_TEST(defaults.config->feedback.allowAnonymous);
    BOOST_TEST(defaults.config->feedback.jurisdictionId.empty());
    BOOST_TEST(defaults.config->feedback.retryMin.count() == 15);
    const auto good = load(kMinimal + "[feedback]\napi_key = \"k-123\"\njurisdiction_id = \"hcmc.gov.vn\"\n"
                                      "allow_anonymous = false\nconsent_version = \"2027-01\"\ntrack_interval_s = 600\n");
    BOOST_TEST_REQUIRE(good.ok(), formatIssues(good.issues));
    BOOST_TEST(good.config->feedback.apiKey == "k-123");
    BOOST_TEST(good.config->feedback.jurisdictionId == "hcmc.gov.vn");
    BOOST_TEST(!good.config->feedback.allowAnonymous);
    BOOST_TEST(good.config->feedback.consentVersion == "2027-01");
    BOOST_TEST(good.config->feedback.trackInterval.count() == 600);
    const auto bad = load(kMinimal + "[feedback]\njurisdiction_id = \"a b&c\"\nconsent_version = \"\"\n"
                                     "retry_min_s = 100\nretry_max_s = 50\nallow_anonymous = \"yes\"\n");
    BOOST_TEST(issueFor(bad, "feedback.jurisdiction_id").reason.find("jurisdiction id") != std::string::npos);
    BOOST_TEST(issueFor(bad, "feedback.consent_version").reason.find("1 to 32") != std::string::npos);
    BOOST_TEST(issueFor(bad, "feedback.retry_max_s").reason == "must not be shorter than feedback.retry_min_s");
    BOOST_TEST(issueFor(bad, "feedback.allow_anonymous").reason == "expected true or false, found a string");
}

BOOST_AUTO_TEST_CASE(privacy_retention_is_in_days_within_bounds) {
    const auto defaults = load(kMinimal);
    BOOST_TEST_REQUIRE(defaults.ok(), formatIssues(defaults.issues));
    BOOST_TEST(defaults.config->privacy.contactDays.count() == 30);
    BOOST_TEST(defaults.config->privacy.contentDays.count() == 365);
    BOOST_TEST(defaults.config->privacy.slipDays.count() == 3);
    BOOST_TEST(defaults.config->privacy.damagedDays.count() == 1);
    const auto good = load(kMinimal + "[privacy]\ncontact_days = 7\ncontent_days = 90\nslip_days = 0\ndamaged_days = 0\n");
    BOOST_TEST_REQUIRE(good.ok(), formatIssues(good.issues));
    BOOST_TEST(good.config->privacy.contactDays.count() == 7);
    BOOST_TEST(good.config->privacy.contentDays.count() == 90);
    BOOST_TEST(good.config->privacy.slipDays.count() == 0);
    const auto bad = load(kMinimal + "[privacy]\ncontact_days = 0\ncontent_days = 5000\nslip_days = \"3\"\ndamaged_days = -1\n");
    BOOST_TEST(issueFor(bad, "privacy.contact_days").reason == "must be between 1 and 365 days");
    BOOST_TEST(issueFor(bad, "privacy.content_days").reason == "must be between 1 and 1825 days");
    BOOST_TEST(issueFor(bad, "privacy.slip_days").reason.find("whole number of days") != std::string::npos);
    BOOST_TEST(issueFor(bad, "privacy.damaged_days").reason == "must be between 0 and 30 days");
}

BOOST_AUTO_TEST_CASE(syntax_error_gives_line) {
    const auto result = load("[kiosk]\nward_code = \"26740\n");
    BOOST_TEST_REQUIRE(result.issues.size() == 1u);
    BOOST_TEST(result.issues[0].line == 2);
    BOOST_TEST(result.issues[0].reason.find("not valid TOML") == 0u);
}

BOOST_AUTO_TEST_CASE(all_problems_are_reported_at_once_in_line_order) {
    const auto result = ConfigLoader(wardCodes()).loadFile(test::sourceDir() / "tests" / "fixtures" / "broken.toml");
    BOOST_TEST(result.issues.size() >= 9u);
    BOOST_TEST(std::is_sorted(result.issues.begin(), result.issues.end(),
                              [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; }));
}

BOOST_AUTO_TEST_CASE(unreadable_file) {
    const auto result = ConfigLoader().loadFile("/no/such/kiosk.toml");
    BOOST_TEST_REQUIRE(result.issues.size() == 1u);
    BOOST_TEST(result.issues[0].format() == "/no/such/kiosk.toml: cannot open the file");
}

BOOST_AUTO_TEST_CASE(hostile_input_does_not_crash) {
    for (const std::string& text : {std::string("\0\0\0", 3), std::string("[[[[[["), std::string(10000, '['),
                                   std::string("a = \"\xff\xfe\""), std::string("[kiosk]\nward_code = 26740\n")}) {
        const auto result = load(text);
        BOOST_TEST(!result.ok());
    }
}

BOOST_AUTO_TEST_SUITE_END()
