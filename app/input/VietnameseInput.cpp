#include "input/VietnameseInput.h"

#include <array>
#include <cstdint>
#include <optional>

namespace kiosk::input {
namespace {

constexpr std::size_t kNowhere = static_cast<std::size_t>(-1);

enum class Mark : unsigned char { None, Circumflex, Breve, Horn, Stroke };

// The twelve vowels of the alphabet, each row holding the plain form and then the five toned
// ones in Tone order, so that a row indexed by a Tone gives the glyph.
struct VowelRow {
    char base;
    Mark mark;
    std::u32string_view lower;
    std::u32string_view upper;
};
constexpr std::array<VowelRow, 12> kVowels{{
    {'a', Mark::None, U"aáàảãạ", U"AÁÀẢÃẠ"},
    {'a', Mark::Breve, U"ăắằẳẵặ", U"ĂẮẰẲẴẶ"},
    {'a', Mark::Circumflex, U"âấầẩẫậ", U"ÂẤẦẨẪẬ"},
    {'e', Mark::None, U"eéèẻẽẹ", U"EÉÈẺẼẸ"},
    {'e', Mark::Circumflex, U"êếềểễệ", U"ÊẾỀỂỄỆ"},
    {'i', Mark::None, U"iíìỉĩị", U"IÍÌỈĨỊ"},
    {'o', Mark::None, U"oóòỏõọ", U"OÓÒỎÕỌ"},
    {'o', Mark::Circumflex, U"ôốồổỗộ", U"ÔỐỒỔỖỘ"},
    {'o', Mark::Horn, U"ơớờởỡợ", U"ƠỚỜỞỠỢ"},
    {'u', Mark::None, U"uúùủũụ", U"UÚÙỦŨỤ"},
    {'u', Mark::Horn, U"ưứừửữự", U"ƯỨỪỬỮỰ"},
    {'y', Mark::None, U"yýỳỷỹỵ", U"YÝỲỶỸỴ"},
}};
constexpr bool rowsArePrecomposed() {
    for (const auto& row : kVowels)
        if (row.lower.size() != 6 || row.upper.size() != 6) return false;
    return true;
}
static_assert(rowsArePrecomposed(), "a vowel table entry is not one precomposed code point per form");

constexpr char32_t kDStrokeLower = U'đ';
constexpr char32_t kDStrokeUpper = U'Đ';

// One letter of the word being typed: the tone is not here but on the word, which is what lets
// it move as letters are added.
struct Letter {
    char base;  // a..z
    bool upper;
    Mark mark;
};

struct Word {
    std::vector<Letter> letters;
    Tone tone = Tone::None;
    std::size_t tonePos = kNowhere;  // where it was found or last placed; kept while the word is no syllable
};

bool isVowel(char base) { return std::string_view("aeiouy").find(base) != std::string_view::npos; }

struct Decoded {
    Letter letter;
    Tone tone;
};

std::optional<Decoded> decodeLetter(char32_t c) {
    if (c >= U'a' && c <= U'z') return Decoded{{static_cast<char>(c), false, Mark::None}, Tone::None};
    if (c >= U'A' && c <= U'Z') return Decoded{{static_cast<char>(c - U'A' + U'a'), true, Mark::None}, Tone::None};
    if (c == kDStrokeLower || c == kDStrokeUpper) return Decoded{{'d', c == kDStrokeUpper, Mark::Stroke}, Tone::None};
    if (c < 0xC0) return std::nullopt;
    for (const auto& row : kVowels) {
        for (std::size_t t = 0; t < 6; ++t) {
            if (row.lower[t] == c) return Decoded{{row.base, false, row.mark}, static_cast<Tone>(t)};
            if (row.upper[t] == c) return Decoded{{row.base, true, row.mark}, static_cast<Tone>(t)};
        }
    }
    return std::nullopt;
}

bool isLetter(char32_t c) { return decodeLetter(c).has_value(); }

char32_t glyph(const Letter& letter, Tone tone) {
    if (isVowel(letter.base)) {
        for (const auto& row : kVowels) {
            if (row.base != letter.base || row.mark != letter.mark) continue;
            return (letter.upper ? row.upper : row.lower)[static_cast<std::size_t>(tone)];
        }
    }
    if (letter.mark == Mark::Stroke) return letter.upper ? kDStrokeUpper : kDStrokeLower;
    return static_cast<char32_t>(letter.upper ? letter.base - 'a' + 'A' : letter.base);
}

// --- UTF-8 by hand: the engine only ever sees short words, and must not trust the bytes before them.

bool isScalar(char32_t c) { return c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF); }

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string toUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (const char32_t c : text) appendUtf8(out, c);
    return out;
}

// Decodes the sequence starting at `pos`; nullopt for anything malformed, overlong or a surrogate,
// so a damaged byte never becomes part of a word.
std::optional<char32_t> decodeAt(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const std::uint8_t lead = byte(pos);
    char32_t c = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        length = 1;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, c = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, c = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, c = lead & 0x07, minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (pos + length > text.size()) return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) return std::nullopt;
        c = (c << 6) | (byte(pos + i) & 0x3F);
    }
    if (c < minimum || !isScalar(c)) return std::nullopt;
    return c;
}

std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t length = 1;
        if (const auto c = decodeAt(text, pos, length)) out += *c;
        else length = 1;  // skip the bad byte and resynchronise
        pos += length;
    }
    return out;
}

// Byte offset where the trailing run of letters starts, found from the end so a long text costs
// only its last word.
std::size_t trailingWordStart(std::string_view text) {
    std::size_t start = text.size();
    while (start > 0) {
        std::size_t begin = start - 1;
        while (begin > 0 && start - begin < 4 && (static_cast<std::uint8_t>(text[begin]) & 0xC0) == 0x80) --begin;
        std::size_t length = 0;
        const auto c = decodeAt(text, begin, length);
        if (!c || begin + length != start || !isLetter(*c)) break;
        start = begin;
    }
    return start;
}

// --- The word model.

// A word with two tones is nothing the engine could have produced; it is left alone.
std::optional<Word> parseWord(std::u32string_view text) {
    Word word;
    for (const char32_t c : text) {
        const auto decoded = decodeLetter(c);
        if (!decoded) return std::nullopt;
        if (decoded->tone != Tone::None) {
            if (word.tone != Tone::None) return std::nullopt;
            word.tone = decoded->tone;
            word.tonePos = word.letters.size();
        }
        word.letters.push_back(decoded->letter);
    }
    return word;
}

// The parts of a syllable as letter indexes: initial [0, nucleusBegin), nucleus (the vowels)
// [nucleusBegin, nucleusEnd), final consonant [nucleusEnd, size).
struct Syllable {
    bool valid = false;
    std::size_t nucleusBegin = 0;
    std::size_t nucleusEnd = 0;
    bool hasNucleus() const { return nucleusEnd > nucleusBegin; }
};

std::string consonantsOf(const std::vector<Letter>& letters, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out += letters[i].mark == Mark::Stroke ? '#' : letters[i].base;
    return out;
}

// Initials and finals, each with the prefixes met while typing them ("q" before "qu", "n" before
// "ng" and "ngh"); '#' is đ.
bool isInitial(std::string_view s) {
    static constexpr std::array<std::string_view, 29> kInitials{
        "",  "b",  "c",  "ch", "d",  "#", "g",  "gh", "gi", "h", "k",  "kh", "l", "m", "n",
        "ng", "ngh", "nh", "p", "ph", "q", "qu", "r", "s",  "t", "th", "tr", "v", "x"};
    for (const auto initial : kInitials)
        if (initial == s) return true;
    return false;
}

bool isFinal(std::string_view s) {
    return s.empty() || s == "c" || s == "ch" || s == "m" || s == "n" || s == "ng" || s == "nh" || s == "p" ||
           s == "t";
}

// Finals after which only sắc and nặng can be written.
bool isStopFinal(std::string_view s) { return s == "c" || s == "ch" || s == "p" || s == "t"; }

Syllable analyze(const std::vector<Letter>& letters) {
    Syllable s;
    const std::size_t n = letters.size();
    std::size_t i = 0;
    while (i < n && !isVowel(letters[i].base)) ++i;
    s.nucleusBegin = i;
    while (i < n && isVowel(letters[i].base)) ++i;
    s.nucleusEnd = i;
    while (i < n && !isVowel(letters[i].base)) ++i;
    if (i < n) return s;  // a second vowel run: not one syllable

    // The u of "qu" and the i of "gi" are part of the initial as soon as another vowel follows,
    // which is what puts the tone of "quá", "giữ" and "giường" where it belongs.
    const std::string initial = consonantsOf(letters, 0, s.nucleusBegin);
    if (s.nucleusEnd - s.nucleusBegin >= 2) {
        const Letter& first = letters[s.nucleusBegin];
        if ((initial == "q" && first.base == 'u' && first.mark == Mark::None) || (initial == "g" && first.base == 'i'))
            ++s.nucleusBegin;
    }
    const std::string finalPart = consonantsOf(letters, s.nucleusEnd, n);
    s.valid = isInitial(consonantsOf(letters, 0, s.nucleusBegin)) && isFinal(finalPart) &&
              s.nucleusEnd - s.nucleusBegin <= 3;
    return s;
}

std::string finalOf(const std::vector<Letter>& letters, const Syllable& s) {
    return consonantsOf(letters, s.nucleusEnd, letters.size());
}

// The placement rules, in order; only the two-vowel pairs oa, oe, uy depend on the style.
std::size_t tonePosition(const std::vector<Letter>& letters, const Syllable& s, ToneStyle style) {
    const std::size_t b = s.nucleusBegin;
    const std::size_t e = s.nucleusEnd;
    for (std::size_t i = e; i-- > b;)
        if (letters[i].mark != Mark::None) return i;
    const std::size_t count = e - b;
    if (count == 1) return b;
    if (e < letters.size()) return e - 1;
    if (count == 3) return b + 1;
    const char first = letters[b].base;
    const char second = letters[b + 1].base;
    const bool stylePair = (first == 'o' && (second == 'a' || second == 'e')) || (first == 'u' && second == 'y');
    return stylePair && style == ToneStyle::Modern ? b + 1 : b;
}

std::u32string render(Word& word, ToneStyle style) {
    if (word.tone != Tone::None) {
        const Syllable s = analyze(word.letters);
        if (s.valid && s.hasNucleus()) {
            word.tonePos = tonePosition(word.letters, s, style);
        } else if (word.tonePos >= word.letters.size() || !isVowel(word.letters[word.tonePos].base)) {
            word.tone = Tone::None;  // its vowel is gone; nowhere sensible to keep it
        }
    }
    std::u32string out;
    for (std::size_t i = 0; i < word.letters.size(); ++i)
        out += glyph(word.letters[i], i == word.tonePos ? word.tone : Tone::None);
    return out;
}

// --- Keys.

enum class Action { Letter, SetTone, ClearTone, Circumflex, TelexW, Horn, Breve, Stroke };

struct KeyRole {
    Action action = Action::Letter;
    Tone tone = Tone::None;
    char vowel = 0;  // Telex a/e/o: the vowel to put a circumflex on; VNI 6 takes any of a, e, o
};

KeyRole roleOf(char32_t key, InputMethod method) {
    const char32_t k = key >= U'A' && key <= U'Z' ? key - U'A' + U'a' : key;
    if (method == InputMethod::Telex) {
        switch (k) {
        case U's': return {Action::SetTone, Tone::Acute};
        case U'f': return {Action::SetTone, Tone::Grave};
        case U'r': return {Action::SetTone, Tone::Hook};
        case U'x': return {Action::SetTone, Tone::Tilde};
        case U'j': return {Action::SetTone, Tone::Dot};
        case U'z': return {Action::ClearTone};
        case U'a': return {Action::Circumflex, Tone::None, 'a'};
        case U'e': return {Action::Circumflex, Tone::None, 'e'};
        case U'o': return {Action::Circumflex, Tone::None, 'o'};
        case U'w': return {Action::TelexW};
        case U'd': return {Action::Stroke};
        default: return {};
        }
    }
    if (method == InputMethod::Vni) {
        switch (k) {
        case U'1': return {Action::SetTone, Tone::Acute};
        case U'2': return {Action::SetTone, Tone::Grave};
        case U'3': return {Action::SetTone, Tone::Hook};
        case U'4': return {Action::SetTone, Tone::Tilde};
        case U'5': return {Action::SetTone, Tone::Dot};
        case U'0': return {Action::ClearTone};
        case U'6': return {Action::Circumflex};
        case U'7': return {Action::Horn};
        case U'8': return {Action::Breve};
        case U'9': return {Action::Stroke};
        default: return {};
        }
    }
    return {};
}

enum class Outcome {
    NotApplicable,  // the key is typed as a plain character
    Applied,
    Undone,         // a repeated key took its effect back: the key is typed as is, the word turns literal
    UndoneInPlace,  // the same, but the key's own letter already stands in the word ("ww" -> "w")
};

struct WordState {
    bool literal = false;
    std::size_t bareW = kNowhere;
};

Outcome setTone(Word& word, Tone tone) {
    const Syllable s = analyze(word.letters);
    if (!s.valid || !s.hasNucleus()) return Outcome::NotApplicable;
    if (word.tone == tone) {
        word.tone = Tone::None;
        return Outcome::Undone;
    }
    if (isStopFinal(finalOf(word.letters, s)) && tone != Tone::Acute && tone != Tone::Dot)
        return Outcome::NotApplicable;
    word.tone = tone;
    return Outcome::Applied;
}

Outcome circumflex(Word& word, char vowel) {
    const Syllable s = analyze(word.letters);
    if (!s.valid) return Outcome::NotApplicable;
    for (std::size_t i = s.nucleusEnd; i-- > s.nucleusBegin;) {
        Letter& letter = word.letters[i];
        const bool target =
            vowel ? letter.base == vowel : std::string_view("aeo").find(letter.base) != std::string_view::npos;
        if (!target) continue;
        if (letter.mark == Mark::Circumflex) {
            letter.mark = Mark::None;
            return Outcome::Undone;
        }
        // "ươ" turned to "uô": the horn of the u only ever comes paired with the o's.
        if (letter.base == 'o' && letter.mark == Mark::Horn && i > s.nucleusBegin && word.letters[i - 1].base == 'u')
            word.letters[i - 1].mark = Mark::None;
        letter.mark = Mark::Circumflex;
        return Outcome::Applied;
    }
    return Outcome::NotApplicable;
}

// Telex w and VNI 7 (horn), which differ only in that w also makes ă and can stand for "ư" alone.
Outcome horn(Word& word, bool telexW, bool upperKey, WordState& state) {
    const Syllable s = analyze(word.letters);
    if (!s.valid) return Outcome::NotApplicable;
    if (!s.hasNucleus()) {
        if (!telexW) return Outcome::NotApplicable;
        state.bareW = word.letters.size();
        word.letters.push_back({'u', upperKey, Mark::Horn});
        return Outcome::Applied;
    }
    auto& letters = word.letters;
    for (std::size_t i = s.nucleusBegin; i + 1 < s.nucleusEnd; ++i) {
        if (letters[i].base != 'u' || letters[i + 1].base != 'o') continue;
        if (letters[i].mark == Mark::Horn && letters[i + 1].mark == Mark::Horn) {
            letters[i].mark = letters[i + 1].mark = Mark::None;
            return Outcome::Undone;
        }
        letters[i].mark = letters[i + 1].mark = Mark::Horn;
        return Outcome::Applied;
    }
    std::size_t target = kNowhere;
    for (std::size_t i = s.nucleusBegin; i < s.nucleusEnd && target == kNowhere; ++i) {
        const char base = letters[i].base;
        if (base == 'o' || base == 'u' || (telexW && base == 'a')) target = i;
    }
    // In "oa" it is the a that takes the breve ("hoặc", "xoăn"), not the o a horn.
    if (telexW && target != kNowhere && letters[target].base == 'o' && target + 1 < s.nucleusEnd &&
        letters[target + 1].base == 'a')
        ++target;
    if (target == kNowhere) return Outcome::NotApplicable;
    Letter& letter = letters[target];
    const Mark mark = letter.base == 'a' ? Mark::Breve : Mark::Horn;
    if (letter.mark == mark) {
        if (target == state.bareW) {
            letter = {'w', letter.upper, Mark::None};
            return Outcome::UndoneInPlace;
        }
        letter.mark = Mark::None;
        return Outcome::Undone;
    }
    letter.mark = mark;
    return Outcome::Applied;
}

Outcome breve(Word& word) {
    const Syllable s = analyze(word.letters);
    if (!s.valid) return Outcome::NotApplicable;
    for (std::size_t i = s.nucleusEnd; i-- > s.nucleusBegin;) {
        Letter& letter = word.letters[i];
        if (letter.base != 'a') continue;
        if (letter.mark == Mark::Breve) {
            letter.mark = Mark::None;
            return Outcome::Undone;
        }
        letter.mark = Mark::Breve;
        return Outcome::Applied;
    }
    return Outcome::NotApplicable;
}

// Only the initial d takes the stroke, wherever in the word the key comes ("dongd" -> "đong").
Outcome stroke(Word& word) {
    const Syllable s = analyze(word.letters);
    if (!s.valid || word.letters.empty() || word.letters[0].base != 'd' || s.nucleusBegin != 1)
        return Outcome::NotApplicable;
    Letter& d = word.letters[0];
    if (d.mark == Mark::Stroke) {
        d.mark = Mark::None;
        return Outcome::Undone;
    }
    d.mark = Mark::Stroke;
    return Outcome::Applied;
}

// The new trailing word (possibly followed by the key, if the key ends it) for `word` + `key`.
std::u32string applyKey(std::u32string_view wordText, char32_t key, InputMethod method, ToneStyle style,
                        WordState& state) {
    std::u32string plain(wordText);
    plain += key;
    if (state.literal) return plain;
    auto parsed = parseWord(wordText);
    if (!parsed) return plain;
    Word word = std::move(*parsed);

    const KeyRole role = roleOf(key, method);
    const bool upperKey = key >= U'A' && key <= U'Z';
    Outcome outcome = Outcome::NotApplicable;
    switch (role.action) {
    case Action::Letter: break;
    case Action::SetTone: outcome = setTone(word, role.tone); break;
    case Action::ClearTone:
        if (word.tone != Tone::None) {
            word.tone = Tone::None;
            outcome = Outcome::Applied;
        }
        break;
    case Action::Circumflex: outcome = circumflex(word, role.vowel); break;
    case Action::TelexW: outcome = horn(word, true, upperKey, state); break;
    case Action::Horn: outcome = horn(word, false, upperKey, state); break;
    case Action::Breve: outcome = breve(word); break;
    case Action::Stroke: outcome = stroke(word); break;
    }

    switch (outcome) {
    case Outcome::Applied: return render(word, style);
    case Outcome::Undone: state.literal = true; return render(word, style) + key;
    case Outcome::UndoneInPlace: state.literal = true; return render(word, style);
    case Outcome::NotApplicable: break;
    }
    // A plain ASCII letter joins the word, which is rendered again: the tone may move ("hòa" + n
    // -> "hoàn" in the classic style). Anything else is just typed.
    if (key < 0x80 && isLetter(key)) {
        word.letters.push_back(decodeLetter(key)->letter);
        return render(word, style);
    }
    return plain;
}

}  // namespace

VietnameseComposer::VietnameseComposer(InputMethod method, ToneStyle style) : method_(method), style_(style) {}

void VietnameseComposer::reset() {
    word_.clear();
    literal_ = false;
    bareW_ = kNowhere;
}

void VietnameseComposer::setMethod(InputMethod method) {
    method_ = method;
    reset();
}

std::string VietnameseComposer::type(const std::string& text, char32_t key) {
    if (!isScalar(key)) return text;
    if (method_ == InputMethod::Simple) {
        std::string out = text;
        appendUtf8(out, key);
        return out;
    }
    const std::size_t start = trailingWordStart(text);
    // The state is about the word this composer left; a different word there was edited elsewhere.
    if (std::string_view(text).substr(start) != word_) reset();

    WordState state{literal_, bareW_};
    const std::u32string tail = applyKey(decodeUtf8(std::string_view(text).substr(start)), key, method_, style_, state);
    std::string out = text.substr(0, start) + toUtf8(tail);

    const std::size_t newStart = trailingWordStart(out);
    word_ = out.substr(newStart);
    literal_ = state.literal;
    bareW_ = state.bareW;
    if (word_.empty()) reset();  // the key ended the word
    return out;
}

std::string compose(std::string_view keys, InputMethod method, ToneStyle style) {
    VietnameseComposer composer(method, style);
    std::string text;
    for (const char32_t key : decodeUtf8(keys)) text = composer.type(text, key);
    return text;
}

std::vector<std::string> markedForms(char32_t base) {
    std::vector<std::string> forms;
    if (base > 0x7F) return forms;
    const bool upper = base >= U'A' && base <= U'Z';
    const char lower = static_cast<char>(upper ? base - U'A' + U'a' : base);
    if (lower == 'd') {
        forms.emplace_back(upper ? "D" : "d");
        forms.push_back(toUtf8(std::u32string(1, upper ? kDStrokeUpper : kDStrokeLower)));
        return forms;
    }
    for (const auto& row : kVowels) {
        if (row.base != lower) continue;
        for (const char32_t c : upper ? row.upper : row.lower) forms.push_back(toUtf8(std::u32string_view(&c, 1)));
    }
    return forms;
}

std::string placeTone(const std::string& word, Tone tone, ToneStyle style) {
    const std::u32string decoded = decodeUtf8(word);
    if (toUtf8(decoded) != word) return word;  // not valid UTF-8: not a syllable either
    auto parsed = parseWord(decoded);
    if (!parsed) return word;
    const Syllable s = analyze(parsed->letters);
    if (!s.valid || !s.hasNucleus()) return word;
    parsed->tone = tone;
    parsed->tonePos = kNowhere;
    return toUtf8(render(*parsed, style));
}

}  // namespace kiosk::input
