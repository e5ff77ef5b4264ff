#include "core/BoundedInput.h"

#include <exception>
#include <set>
#include <vector>

namespace kiosk {
namespace {

using json = nlohmann::json;

std::string overLimit(std::size_t size, std::size_t limit) {
    return std::to_string(size) + " bytes, more than the limit " + std::to_string(limit);
}

// A member name for a message: at most 64 bytes, printable ASCII, anything else as '?'.
std::string printableName(std::string_view name) {
    std::string out;
    for (const char c : name.substr(0, 64)) out += c >= 0x20 && c < 0x7F ? c : '?';
    return out;
}

// Builds the value from nlohmann's SAX events, refusing an array or object one level too deep
// before it is made: returning false stops the parser at once, so neither the parser's own
// stack nor the value ever grows past the limit.
class BoundedBuilder final : public nlohmann::json_sax<json> {
public:
    explicit BoundedBuilder(const JsonLimits& limits) : limits_(limits) {}

    json root;
    std::string error;

    bool null() override { return put(json(nullptr)); }
    bool boolean(bool value) override { return put(json(value)); }
    bool number_integer(number_integer_t value) override { return put(json(value)); }
    bool number_unsigned(number_unsigned_t value) override { return put(json(value)); }
    bool number_float(number_float_t value, const string_t&) override { return put(json(value)); }
    bool string(string_t& value) override { return put(json(std::move(value))); }
    bool binary(binary_t& value) override { return put(json::binary(std::move(value))); }

    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& name) override {
        if (limits_.rejectDuplicateKeys && !names_.back().insert(name).second) {
            error = "has the member \"" + printableName(name) + "\" twice";
            return false;
        }
        member_ = &(*stack_.back())[name];
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        // chars_read_total counts the byte that broke the rule, so a bad first byte is "byte 1";
        // past the end means the text stopped early.
        if (size_ == 0)
            error = "empty, not JSON";
        else if (position > size_)
            error = "malformed JSON: it ends at byte " + std::to_string(size_) + ", before the value is complete";
        else
            error = "malformed JSON at byte " + std::to_string(position) + " of " + std::to_string(size_);
        return false;
    }

    void setSize(std::size_t size) { size_ = size; }

private:
    // Places a value where the parser is: the root, the next element of an array, or the
    // member whose key came last. Returns where it went.
    json* place(json&& value) {
        if (stack_.empty()) {
            root = std::move(value);
            return &root;
        }
        if (stack_.back()->is_array()) {
            stack_.back()->push_back(std::move(value));
            return &stack_.back()->back();
        }
        *member_ = std::move(value);
        return member_;
    }
    bool put(json&& value) {
        place(std::move(value));
        return true;
    }
    bool open(json&& container) {
        if (static_cast<int>(stack_.size()) >= limits_.maxDepth) {
            error = "nests deeper than " + std::to_string(limits_.maxDepth) + " levels";
            return false;
        }
        const bool object = container.is_object();
        stack_.push_back(place(std::move(container)));
        if (object && limits_.rejectDuplicateKeys) names_.emplace_back();
        return true;
    }
    bool close() {
        if (stack_.back()->is_object() && limits_.rejectDuplicateKeys) names_.pop_back();
        stack_.pop_back();
        return true;
    }

    const JsonLimits& limits_;
    std::size_t size_ = 0;
    std::vector<json*> stack_;               // the open arrays and objects, outermost first
    json* member_ = nullptr;                 // where the value of the last key goes
    std::vector<std::set<std::string>> names_;  // member names of each open object (duplicates)
};

}  // namespace

std::optional<json> readJson(std::string_view text, const JsonLimits& limits, std::string& error) {
    if (text.size() > limits.maxBytes) {
        error = overLimit(text.size(), limits.maxBytes);
        return std::nullopt;
    }
    try {
        BoundedBuilder builder(limits);
        builder.setSize(text.size());
        const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                                        /*strict=*/true, /*ignore_comments=*/false);
        if (!ok) {
            error = builder.error.empty() ? "malformed JSON" : builder.error;
            return std::nullopt;
        }
        return std::move(builder.root);
    } catch (const std::exception& e) {
        // Only memory exhaustion gets here: the SAX interface reports every parse error.
        error = std::string("could not be read: ") + e.what();
        return std::nullopt;
    }
}

std::string checkTextSize(std::string_view text, const TextBounds& bounds) {
    if (bounds.maxBytes != 0 && text.size() > bounds.maxBytes) return overLimit(text.size(), bounds.maxBytes);
    return {};
}

std::string tooManyFields(const TextBounds& bounds) {
    return "more than " + std::to_string(bounds.maxFields) + " fields";
}

std::string fieldTooLong(std::size_t fieldNumber, std::size_t bytes, const TextBounds& bounds) {
    return "field " + std::to_string(fieldNumber) + " is " + overLimit(bytes, bounds.maxFieldBytes);
}

std::string tooManyRecords(const TextBounds& bounds) {
    return "more than " + std::to_string(bounds.maxRecords) + " records";
}

}  // namespace kiosk
