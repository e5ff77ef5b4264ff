#include "KioskApp.h"

#include <wx/display.h>
#include <wx/textctrl.h>
#include <wx/weakref.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "ShellFrame.h"
#include "Translations.h"
#include "config/KioskSetup.h"
#include "auth/DeviceLogin.h"
#include "directory/BundledSeed.h"
#include "log/Log.h"
#include "platform/ServiceManager.h"
#include "scan/CameraScanService.h"
#include "storage/CsvReader.h"

namespace kiosk::ui {

DirectoryService& KioskContext::directory() const {
    if (!directory_) {
        // Opens (or builds) cache.db on the service's own thread: nothing here waits for it.
        const auto dataDir = paths.resources / "data";
        const bool samples = config.kiosk.sampleData;
        directory_ = std::make_unique<DirectoryService>(paths.cacheDir / "cache.db",
                                                        [dataDir, samples] { return loadBundledSeed(dataDir, samples); });
        directory_->whenReady([](const DirectoryCache::OpenReport& report) {
            log::get("data")->info("directory ready: {} entries{}{}", report.entries,
                                   report.detail.empty() ? "" : "; ", report.detail);
        });
    }
    return *directory_;
}

void KioskContext::stopDirectory() {
    directory_.reset();
}

FeedbackService& KioskContext::feedback() const {
    if (!feedback_) {
        const auto ward = wards.find(config.kiosk.wardCode);
        feedback_ = std::make_unique<FeedbackService>(paths.stateDir / "outbox.db", config,
                                                      std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)),
                                                      SystemClock::instance(), ward ? ward->fullName : std::string());
    }
    return *feedback_;
}

void KioskContext::stopFeedback() {
    feedback_.reset();
    dossiers_.reset();  // a lookup in progress was cancelled by its screen; its thread ends
    printer_.reset();   // a slip being sent finishes first; its outcome is only logged
}

dossier::DossierService& KioskContext::dossiers() const {
    if (!dossiers_)
        dossiers_ = std::make_unique<dossier::DossierService>(
            std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)), config.city.dvcUrl);
    return *dossiers_;
}

PrintService& KioskContext::printer() const {
    if (!printer_) {
        std::unique_ptr<Printer> device;
        try {
            device = makePrinter(config.printer, paths.stateDir);
        } catch (const std::exception& error) {
            // The config was checked at start; this is a backend this build cannot drive.
            log::get("print")->error("{}; slips go to PDF files in {} instead", error.what(),
                                     (paths.stateDir / "slips").string());
            device = makePrinter(Config::Printer{}, paths.stateDir);
        }
        printer_ = std::make_unique<PrintService>(std::move(device), keptSlipsDir(paths.stateDir));
        log::get("print")->info("slips go to {}", printer_->describe());
    }
    return *printer_;
}

std::string KioskContext::wardDisplayName() const {
    const auto ward = wards.find(config.kiosk.wardCode);
    return ward ? ward->fullName : config.kiosk.wardCode;
}

int prepareContext(int argc, char** argv, KioskContext& context) {
    CLI::App cli{"ward-kiosk: the self-service kiosk of a Ho Chi Minh City ward office"};
    std::string configFile;
    std::string windowed;
    cli.add_option("--config", configFile, "Config file (default: /etc/ward-kiosk/kiosk.toml when installed, "
                                           "~/.config/ward-kiosk/kiosk.toml from a build tree, else the embedded default)");
    cli.add_option("--windowed", windowed, "Run in a plain window of this size, e.g. 1366x768 (development)");
    cli.add_flag("--exit-after-first-paint", context.exitAfterFirstPaint,
                 "Print \"first-paint\" once the home screen is drawn, then quit (bench-startup)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return cli.exit(error);
    }
    if (!windowed.empty()) {
        int w = 0;
        int h = 0;
        if (std::sscanf(windowed.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 320) {
            std::cerr << "ward-kiosk: --windowed expects WIDTHxHEIGHT, e.g. 1366x768\n";
            return 64;  // EX_USAGE
        }
        context.windowSize = wxSize(w, h);
    }

    context.paths = Paths::resolve(Paths::processEnvironment(), configFile);
    auto setup = KioskSetup::load(context.paths);
    if (!setup.config.ok()) {
        // Staff see this in the journal (systemd) or the terminal; the log file gets it too.
        log::init(context.paths.logDir / "ward-kiosk.log", "info");
        for (const auto& issue : setup.config.issues) log::get("config")->error("{}", issue.format());
        std::cerr << "ward-kiosk: cannot start: the configuration has " << setup.config.issues.size()
                  << " problem(s) (" << setup.configSource << ")\n";
        return 78;  // EX_CONFIG
    }
    context.config = std::move(*setup.config.config);
    context.wards = std::move(setup.wards);
    const auto logFile = context.config.log.file.empty() ? context.paths.logDir / "ward-kiosk.log" : context.config.log.file;
    if (auto problem = log::init(logFile, context.config.log.level); !problem.empty())
        log::get("app")->warn("{}; logging to stderr only", problem);
    log::get("config")->info("config: {}", setup.configSource);
    log::get("app")->info("ward-kiosk {} starting for {} ({})", KIOSK_VERSION, context.wardDisplayName(),
                          context.config.kiosk.wardCode);

    try {
        context.hotlines = HotlineDirectory::load(context.paths.dataFile("hotlines.csv"));
    } catch (const CsvError& error) {
        // The agencies screen shows the emergency numbers from its own text in this case.
        log::get("data")->error("hotline list unusable: {}", error.what());
    }
    return -1;
}

KioskApp::KioskApp(KioskContext context) : context_(std::move(context)) {}


bool KioskApp::OnInit() {
    // No wxApp::OnInit(): the command line was parsed in prepareContext(). No image handlers
    // either: the icons are SVG, rasterised by wxBitmapBundle without them.
    if (!applyLanguage(context_.config.kiosk.language, context_.paths.localeDir))
        log::get("ui")->error("translation catalog not found under {}", context_.paths.localeDir.string());

    wxSize screen = context_.windowSize.value_or(wxDisplay(0u).GetGeometry().GetSize());
    if (!context_.windowSize && !context_.config.kiosk.fullscreen) screen = wxSize(screen.x * 3 / 4, screen.y * 3 / 4);
    shell_ = new ShellFrame(context_, dispatcher_, screen);
    if (context_.config.kiosk.fullscreen && !context_.windowSize) {
        shell_->ShowFullScreen(true);
    }
    shell_->Show();
    // The first probe and the directory can wait until the home screen is up: start-up time is
    // the resident's. (A start-up benchmark run ends at the first paint and starts neither.)
    if (!context_.exitAfterFirstPaint) {
        CallAfter([this] {
            if (shell_) shell_->startNetworkMonitor();
            // Sync writes into cache.db: only once the directory has opened (or built) it, and
            // only if it is a writable file.
            auto startSync = dispatcher_.bind<DirectoryCache::Origin>(shell_, [this](DirectoryCache::Origin origin) {
                if (origin == DirectoryCache::Origin::Existing || origin == DirectoryCache::Origin::Rebuilt) {
                    shell_->startSync();
                } else {
                    log::get("sync")->warn("cache.db is not writable; the directories are not refreshed from the city");
                }
            });
            context_.directory().whenReady([startSync](const DirectoryCache::OpenReport& report) { startSync(report.origin); });
            // Reports saved before a restart (or while the city was down) go out without
            // waiting for a resident to open the feedback screens.
            if (shell_) shell_->startFeedback();
        });
    }

    // `systemctl stop` (SIGTERM) or Ctrl+C closes the shell like any way out: OnExit joins the
    // workers (a report being saved is finished) and tells systemd. wx runs the handler from
    // its event loop, not inside the signal.
    for (const int signal : {SIGTERM, SIGINT}) {
        SetSignalHandler(signal, [](int caught) {
            log::get("app")->info("signal {}: closing", caught);
            auto* app = static_cast<KioskApp*>(wxTheApp);
            if (app && app->shell()) app->shell()->Close(true);
            else if (app) app->ExitMainLoop();
        });
    }

    // Under systemd: ready once the first screen is on the display, then the watchdog.
    if (service::managed() && !context_.exitAfterFirstPaint) {
        Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
            event.Skip();
            if (readyTold_ || !shell_ || !shell_->IsShownOnScreen() || !shell_->currentScreen()) return;
            readyTold_ = true;
            service::ready("Serving residents (ward " + context_.config.kiosk.wardCode + ")");
            log::get("app")->info("told systemd the kiosk is ready");
        });
        if (const auto interval = service::watchdogInterval()) {
            watchdog_.Bind(wxEVT_TIMER, [](wxTimerEvent&) { service::watchdogPing(); });
            watchdog_.Start(static_cast<int>(std::max<long long>(interval->count(), 100)));
            service::watchdogPing();
            log::get("app")->info("systemd watchdog: pinging every {} ms from the UI thread", interval->count());
        }
    }

    if (context_.exitAfterFirstPaint) {
        Bind(wxEVT_IDLE, [this](wxIdleEvent&) {
            if (firstPaintSeen_) return;
            if (shell_->IsShownOnScreen() && shell_->currentScreen()) {
                firstPaintSeen_ = true;
                shell_->Update();  // flush pending paints of every child before reporting
                std::cout << "first-paint" << std::endl;
                shell_->Close(true);
            }
        });
    }
    return true;
}

int KioskApp::OnExit() {
    log::get("app")->info("ward-kiosk stopping");
    watchdog_.Stop();
    service::stopping();
    context_.stopDirectory();  // joins its worker
    context_.stopFeedback();   // stops the sender; a report being saved is finished first
    // A login cancelled when its screen closed may still be ending a request (each has a
    // timeout); let it finish before the process tears down what it uses.
    if (!DeviceLogin::waitForAll(std::chrono::seconds(3)))
        log::get("auth")->warn("a cancelled VNeID login was still running at exit");
    if (!scan::CameraScanService::waitForRetired(std::chrono::seconds(2)))
        log::get("scan")->warn("a camera was still closing at exit");
    log::shutdown();
    return wxApp::OnExit();
}

int KioskApp::FilterEvent(wxEvent& event) {
    const auto type = event.GetEventType();
    if (shell_ && (type == wxEVT_LEFT_DOWN || type == wxEVT_RIGHT_DOWN || type == wxEVT_KEY_DOWN ||
                   type == wxEVT_MOUSEWHEEL || type == wxEVT_GESTURE_PAN)) {
        shell_->noteInput();
    }
    // The on-screen keyboard edits fields directly and sends no key events: a key event comes
    // from a real keyboard. A touch on a text field (not a focus change made by code) asks for
    // the on-screen keyboard.
    if (shell_ && type == wxEVT_KEY_DOWN) shell_->noteHardwareKey();
    // A finger dragged over a scrolling area scrolls it, whatever it first touched.
    if (shell_ && dragScroll_.filter(event)) {
        shell_->noteInput();
        return Event_Processed;
    }
    if (shell_ && (type == wxEVT_LEFT_DOWN || type == wxEVT_LEFT_DCLICK)) {
        if (auto* field = dynamic_cast<wxTextCtrl*>(event.GetEventObject())) {
            wxWeakRef<wxTextCtrl> target(field);
            CallAfter([this, target] {
                if (target && shell_) shell_->showKeyboardFor(target.get());
            });
        }
    }
    return Event_Skip;
}

}  // namespace kiosk::ui
