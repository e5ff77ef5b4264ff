#pragma once
#include <string_view>

namespace kiosk {

// The deepest array/object nesting of JSON text, counted outside strings, without parsing it;
// stops counting once past `limit`. nlohmann's parser is iterative, but the values it builds
// are walked recursively later (copies, destruction), so hostile depth is refused first.
inline int jsonNestingDepth(std::string_view text, int limit) {
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > deepest) deepest = depth;
            if (deepest > limit) break;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

}  // namespace kiosk
