# Every thread of the core has an owner that joins it (issue 19): no source under app/ may
# detach one. Work the UI thread must not wait for goes to a Reaper (app/core/Reaper.h).
include(${CMAKE_CURRENT_LIST_DIR}/CoreSourceRule.cmake)
kiosk_forbid_in_core(${SOURCE_DIR} "[.>][ \t]*detach[ \t]*\\([ \t]*\\)"
                     "a thread detached in the core (give it an owner, or a Reaper)")
message(STATUS "${checked} core files checked: no thread detached")
