#include "GroupStyle.h"

namespace kiosk::ui {

wxColour groupColour(GroupId id) {
    switch (id) {
        case GroupId::Feedback: return wxColour(0xC6, 0x28, 0x28);
        case GroupId::Education: return wxColour(0x15, 0x65, 0xC0);
        case GroupId::Health: return wxColour(0x00, 0x83, 0x8F);
        case GroupId::Tourism: return wxColour(0x6A, 0x1B, 0x9A);
        case GroupId::Transport: return wxColour(0x2E, 0x7D, 0x32);
        case GroupId::Construction: return wxColour(0x6D, 0x4C, 0x41);
        case GroupId::Agencies: return wxColour(0x28, 0x35, 0x93);
        case GroupId::PublicServices: return wxColour(0x02, 0x77, 0xBD);
        case GroupId::Map: return wxColour(0xEF, 0x6C, 0x00);
        case GroupId::Account: return wxColour(0x45, 0x5A, 0x64);
        case GroupId::Vneid: return wxColour(0xD3, 0x2F, 0x2F);
        case GroupId::News: return wxColour(0xAD, 0x14, 0x57);
        case GroupId::MyServices: return wxColour(0xF9, 0xA8, 0x25);
    }
    return wxColour(0x45, 0x5A, 0x64);
}

}  // namespace kiosk::ui
