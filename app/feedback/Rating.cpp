#include "feedback/Rating.h"

#include <nlohmann/json.hpp>

#include <ctime>

#include "core/BoundedInput.h"
#include "core/CityTime.h"
#include "dossier/Dossier.h"

namespace kiosk {
namespace {
using json = nlohmann::json;
constexpr std::size_t kMaxAnswerBytes = 64 * 1024;
constexpr std::size_t kMaxErrors = 5;
constexpr std::size_t kMaxIdChars = 100;

// The code point starting at text[i] and its length in bytes; 0 bytes when it is not UTF-8
// (a stray continuation byte, a cut sequence, an overlong form or a surrogate).
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char first = byte(i);
    if (first < 0x80) return {first, 1};
    std::size_t length = 0;
    char32_t cp = 0;
    if ((first & 0xE0) == 0xC0) length = 2, cp = first & 0x1F;
    else if ((first & 0xF0) == 0xE0) length = 3, cp = first & 0x0F;
    else if ((first & 0xF8) == 0xF0) length = 4, cp = first & 0x07;
    else return {0, 0};
    if (i + length > text.size()) return {0, 0};
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
    return {cp, length};
}
}  // namespace

RatingComment checkRatingComment(std::string_view typed) {
    RatingComment out;
    bool pendingSpace = false;
    for (std::size_t i = 0; i < typed.size();) {
        const auto [cp, length] = decode(typed, i);
        if (length == 0) {
            ++i;  // not UTF-8: dropped
            continue;
        }
        const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 ||
                           cp == 0xA0;
        const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (space) {
            pendingSpace = !out.text.empty();
        } else if (!control) {
            if (pendingSpace) {
                out.text += ' ';
                ++out.characters;
                pendingSpace = false;
            }
            out.text.append(typed.substr(i, length));
            ++out.characters;
        }
        i += length;
    }
    out.tooLong = out.characters > kMaxRatingCommentChars;
    return out;
}

std::string_view toString(RatingState state) {
    switch (state) {
        case RatingState::Queued: return "queued";
        case RatingState::Sending: return "sending";
        case RatingState::Sent: return "sent";
        case RatingState::Refused: return "refused";
    }
    return "queued";
}

std::optional<RatingState> ratingStateFromString(std::string_view text) {
    for (const auto s : {RatingState::Queued, RatingState::Sending, RatingState::Sent, RatingState::Refused})
        if (toString(s) == text) return s;
    return std::nullopt;
}

std::optional<RatingDraft> storableRating(const RatingDraft& draft, std::string& error) {
    RatingDraft out;
    out.dossierCode = dossier::normalizeCode(draft.dossierCode);
    if (out.dossierCode.empty()) {
        error = "not a dossier code";
        return std::nullopt;
    }
    if (draft.level < kMinRatingLevel || draft.level > kMaxRatingLevel) {
        error = "the level is not 1 to 5";
        return std::nullopt;
    }
    out.level = draft.level;
    const auto comment = checkRatingComment(draft.comment);
    if (comment.tooLong) {
        error = "the comment is longer than " + std::to_string(kMaxRatingCommentChars) + " characters";
        return std::nullopt;
    }
    out.comment = comment.text;
    return out;
}

std::string cityIsoTime(std::chrono::system_clock::time_point when) {
    const std::tm at = cityCalendar(when).value_or(std::tm{});
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+07:00", &at);
    return text;
}

std::string ratingBody(const OutboxRating& rating, const std::string& kioskId) {
    json body = {{"level", rating.level}, {"rated_at", rating.ratedAt}, {"kiosk_id", kioskId}};
    body["comment"] = rating.comment.empty() ? json(nullptr) : json(rating.comment);
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view toString(RatingAnswer::Kind kind) {
    switch (kind) {
        case RatingAnswer::Kind::Sent: return "sent";
        case RatingAnswer::Kind::AlreadyRated: return "already rated";
        case RatingAnswer::Kind::Refused: return "refused";
        case RatingAnswer::Kind::Retry: return "retry";
    }
    return "retry";
}

RatingAnswer parseRatingAnswer(long status, std::string_view body) {
    RatingAnswer answer;
    std::string unreadable;  // an answer that cannot be read counts as one without an id or reason
    const auto parsed = readJson(body, JsonLimits{.maxBytes = kMaxAnswerBytes, .maxDepth = 8}, unreadable);
    if (status == 200 || status == 201) {
        const bool hasId = parsed && parsed->is_object() && parsed->contains("id") &&
                           ((*parsed)["id"].is_string() || (*parsed)["id"].is_number_integer());
        if (!hasId) {
            // The Idempotency-Key makes asking again safe; an answer without an id proves nothing.
            answer.reason = "HTTP " + std::to_string(status) + " without a rating id";
            return answer;
        }
        const auto& id = (*parsed)["id"];
        answer.ratingId = id.is_string() ? id.get<std::string>() : std::to_string(id.get<std::int64_t>());
        if (answer.ratingId.empty() || answer.ratingId.size() > kMaxIdChars) {
            answer.ratingId.clear();
            answer.reason = "HTTP " + std::to_string(status) + " with an unusable rating id";
            return answer;
        }
        answer.kind = RatingAnswer::Kind::Sent;
        return answer;
    }
    if (status == 409) {
        answer.kind = RatingAnswer::Kind::AlreadyRated;
        answer.reason = "409: the dossier was already rated";
        return answer;
    }
    // Waiting, throttled or not allowed (the kiosk's access, which staff fix): not the rating's fault.
    if (status < 400 || status >= 500 || status == 403 || status == 408 || status == 429) {
        answer.reason = "HTTP " + std::to_string(status);
        return answer;
    }
    answer.kind = RatingAnswer::Kind::Refused;
    if (parsed) {
        for (auto& e : open311::errorsFromJson(body)) {
            e.description = checkRatingComment(e.description).text;  // shown to the resident: no control characters
            if (e.description.empty() || answer.errors.size() == kMaxErrors) continue;
            answer.errors.push_back(std::move(e));
        }
    }
    if (answer.errors.empty()) answer.errors.push_back({status, "HTTP " + std::to_string(status), ""});
    answer.reason = std::to_string(status) + ": " + answer.errors.front().description;
    return answer;
}

}  // namespace kiosk
