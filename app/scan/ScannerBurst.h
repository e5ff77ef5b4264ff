#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace kiosk::scan {

// Tells a handheld 2D scanner from a person at a keyboard. The scanner "types" a whole code as
// a burst of keys a few milliseconds apart, ending in Enter; a person leaves 80 ms or more
// between keys. Keys are held back while they could still be a burst, and released as typed as
// soon as they cannot, so nothing a person types is lost. Pure logic: the caller gives every key
// its time (the key event's, or a steady clock's), and calls flush() from a timer.
//
// Rules (SCANNING.md): a scan is at least kMinScanCharacters keys, each at most kMaxKeyGap after
// the one before, and Enter at most kMaxKeyGap after the last. A longer gap releases what was
// held as typed; flush() releases keys once the newest is older than kReleaseAfter.
class ScannerBurst {
public:
    using time_point = std::chrono::steady_clock::time_point;

    static constexpr std::size_t kMinScanCharacters = 6;
    static constexpr std::chrono::milliseconds kMaxKeyGap{35};
    static constexpr std::chrono::milliseconds kReleaseAfter{50};
    // A burst longer than this is released as typed, and so is the rest of it up to the next
    // gap or Enter (a key held down auto-repeats about as fast as a scanner types); scanned text
    // this long is refused as unknown anyway.
    static constexpr std::size_t kMaxHeldBytes = 4096;

    struct Step {
        enum class Kind {
            Holding,  // nothing to do: the keys are held back (a scan may be in progress)
            Scan,     // a finished scan: `text` is the code, and its Enter is consumed
            Typed,    // a person's keys: put `text` into the focused field as typed
        };
        Kind kind = Kind::Holding;
        std::string text;  // UTF-8
    };

    ScannerBurst() = default;
    ScannerBurst(const ScannerBurst&) = delete;
    ScannerBurst& operator=(const ScannerBurst&) = delete;
    ~ScannerBurst();

    // A character key. The key itself is always held; Typed carries the keys before it, released
    // because a gap longer than kMaxKeyGap came before this one (or too much was held).
    Step feed(char32_t character, time_point at);
    // The Enter key. Scan consumes it; Typed (its text possibly empty) means the Enter is a
    // person's: pass on `text` and then the Enter.
    Step feedEnter(time_point at);
    // Call from a timer (every ~20 ms while holding()): Typed once the newest held key is older
    // than kReleaseAfter, else Holding.
    Step flush(time_point now);

    bool holding() const { return characters_ > 0; }
    // When flush() will release what is held, if no key comes first (nullopt: nothing held).
    std::optional<time_point> releaseDue() const;
    // Forgets what is held, overwriting it (the session ends).
    void clear();

private:
    Step release(Step::Kind kind);

    std::string held_;
    std::size_t characters_ = 0;
    time_point last_{};
    bool overlong_ = false;  // this burst went over kMaxHeldBytes: it cannot be a scan
};

}  // namespace kiosk::scan
