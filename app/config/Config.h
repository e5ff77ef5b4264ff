#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "domain/FeatureGroup.h"

namespace kiosk {

enum class Language { Vietnamese, English };
enum class TextSize { Normal, Large, ExtraLarge };
enum class KeyboardMode { Auto, Always, Never };
enum class InputMethod { Telex, Vni, Simple };  // Simple: plain letters, marks by long press
enum class ToneStyle { Classic, Modern };        // Classic: "hòa", "thủy"; Modern: "hoà", "thuỷ"

std::string_view toString(Language language);
std::string_view toString(TextSize size);
std::string_view toString(InputMethod method);

// The kiosk's whole configuration, typed. Produced only by ConfigLoader, which has already
// validated every value, so the rest of the program never re-checks ranges or spellings.
struct Config {
    struct Kiosk {
        std::string wardCode;             // 2025 GSO code of the ward this kiosk serves
        Language language = Language::Vietnamese;
        TextSize textSize = TextSize::Normal;
        bool highContrast = false;
        std::chrono::seconds idleTimeout{90};
        std::chrono::seconds idleCountdown{30};  // at least 20 (WCAG 2.2.1 Timing Adjustable)
        std::vector<GroupId> enabledGroups;  // in the order the home screen shows them
        bool fullscreen = true;
        // Development only: add the labelled, invented example rows (Xây dựng's housing projects
        // and broker certificates) to the bundled directory. Never on a deployed kiosk.
        bool sampleData = false;
        std::string id;  // names this kiosk to the city (User-Agent); default "kiosk-<ward code>"
    } kiosk;

    struct City {
        std::string baseUrl;
        std::string healthPath = "/health";
        std::string open311Url;
        std::string dvcUrl;  // dossier status of the public-service portal (app/dossier/DOSSIER.md)
        std::string oidcIssuer;
        std::string clientId;
        std::chrono::seconds probeInterval{15};
        std::chrono::seconds connectTimeout{5};
        std::string caBundle;  // empty: the system's CA store
        std::string proxy;     // empty: no proxy
    } city;

    // Refreshing the directories from the city (see app/sync/CITY-API.md).
    struct Sync {
        bool enabled = true;
        std::chrono::seconds interval{3600};
        std::vector<std::string> datasets;  // ids from app/sync/Datasets.cpp; default: all
        std::string indexPath = "/api/v1/datasets";
        int pageSize = 1000;
        std::size_t maxPageBytes = 8u << 20;
        std::chrono::seconds requestTimeout{60};
        std::chrono::seconds retryMin{10};
        std::chrono::seconds retryMax{1800};
    } sync;

    // The VNeID login (OpenID Connect device flow; issuer and client id are in [city]).
    struct Vneid {
        std::string scope = "openid profile";
        // Which ID-token claims hold what the kiosk shows (VNeID names them its own way).
        std::string claimName = "HoVaTen";
        std::string claimCitizenId = "SoDinhDanh";
        std::string claimBirthDate = "NgayThangNamSinh";
        std::chrono::seconds maxClockSkew{120};
    } vneid;

    // The on-screen keyboard (ui/widgets/OnScreenKeyboard, engine in app/input).
    struct Keyboard {
        KeyboardMode mode = KeyboardMode::Auto;  // auto: hidden once a real keyboard is used
        InputMethod method = InputMethod::Telex; // the layout shown first
        ToneStyle toneStyle = ToneStyle::Classic;
    } keyboard;

    // Read-aloud with espeak-ng. The command is run without a shell; {voice} and {rate} are
    // replaced, and the text is written to its standard input.
    struct Speech {
        bool enabled = true;
        std::vector<std::string> command{"espeak-ng", "-v", "{voice}", "-s", "{rate}", "--stdin"};
        std::string voiceVi = "vi";
        std::string voiceEn = "en";
        int rate = 140;  // words per minute: slower than espeak's 175 for elderly listeners
    } speech;

    // Feedback to the 1022 system over Open311 GeoReport v2 (app/feedback/OPEN311.md); the
    // endpoint is city.open311Url.
    struct Feedback {
        std::string apiKey;          // sent as api_key with every report
        std::string jurisdictionId;  // sent as jurisdiction_id when not empty
        bool allowAnonymous = true;  // "gửi ẩn danh": a report without name and phone
        std::string consentVersion = "2026-11";  // recorded with each report
        std::chrono::seconds servicesRefresh{21600};
        std::chrono::seconds requestTimeout{30};
        std::chrono::seconds retryMin{15};
        std::chrono::seconds retryMax{3600};
        std::chrono::seconds trackInterval{900};  // status of filed reports pulled this often
    } feedback;

    struct Printer {
        std::string backend = "pdf";  // pdf | cups | escpos
        std::string queue;            // cups: queue name; escpos: device path or tcp://host:port
        std::string paper = "80mm";   // 80mm | a5 | a4 (escpos: 80mm only)
        int dots = 576;               // escpos: printable width in dots (576 or 512 on 80 mm paper)
        std::string server;           // CUPS server (host:port or socket path); "" = the system's
        std::filesystem::path spoolDir;  // backend pdf; "" = <state>/slips
        std::chrono::seconds jobTimeout{20};  // a job not done by then is cancelled and kept
        // Printed on slips as the ways to follow a report or a dossier on the web ("" = none).
        std::string feedbackWeb = "https://1022.hochiminhcity.gov.vn";
        std::string dossierWeb = "https://dichvucong.hochiminhcity.gov.vn";
        // The desk a resident is sent to for a slip that did not come out of the kiosk (no
        // printer, or it failed): staff print it there from the kept slips.
        std::string desk = "Bàn tiếp nhận hồ sơ (Bộ phận Một cửa)";
    } printer;

    // "Quét mã": the camera that reads QR codes (V4L2 device such as "/dev/video0"; a .pgm or
    // .ppm image instead, for demos and tests). "": no camera, the handheld scanner only.
    struct Scanner {
        std::string camera;
    } scanner;

    // How long personal data stays on this kiosk (README, "Personal data"; Law 91/2025/QH15).
    // Counted in days; the kiosk applies the rules every hour and kioskctl privacy apply at once.
    struct Privacy {
        std::chrono::days contactDays{30};   // name, phone, e-mail, VNeID account: after the city files the report
        std::chrono::days contentDays{365};  // description, address, place, rating comments
        std::chrono::days slipDays{3};       // printed-slip PDFs and slips kept after a failed print
        std::chrono::days damagedDays{1};    // damaged outbox copies, after staff have seen them
    } privacy;

    struct Log {
        std::string level = "info";
        std::filesystem::path file;  // empty: <state dir>/log/ward-kiosk.log
    } log;

    bool groupEnabled(GroupId id) const;
};

}  // namespace kiosk
