# The core must build and run without wxWidgets: no source under app/ may include a wx header,
# and kioskctl (which links only the core) must not load a wx library.
include(${CMAKE_CURRENT_LIST_DIR}/CoreSourceRule.cmake)
kiosk_forbid_in_core(${SOURCE_DIR} "^[ \t]*#[ \t]*include[ \t]*[<\"]wx/" "wxWidgets included in the core")
execute_process(COMMAND ldd ${KIOSKCTL} OUTPUT_VARIABLE libs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ldd ${KIOSKCTL} failed")
endif()
if(libs MATCHES "libwx_")
  message(FATAL_ERROR "kioskctl links wxWidgets:\n${libs}")
endif()
message(STATUS "${checked} core files checked: no wx include; kioskctl links no wx library")
