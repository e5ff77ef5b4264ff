# Runs COMMAND ARGS FILE and expects exit code EXPECT_CODE with every problem of the broken
# fixture reported as "<file>:<line>: <key>: <reason>".
execute_process(COMMAND ${COMMAND} ${ARGS} ${FILE} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT rc EQUAL EXPECT_CODE)
  message(FATAL_ERROR "expected exit code ${EXPECT_CODE}, got ${rc}:\n${all}")
endif()
get_filename_component(name ${FILE} NAME)
foreach(expected
    "${name}:3: kiosk.ward_code: \"99999\" is not one of the 168 wards"
    "${name}:4: kiosk.language: \"fr\" is not one of"
    "${name}:5: kiosk.idle_timeout_s: expected a whole number of seconds, found a string"
    "${name}:6: kiosk.idle_countdown_s: must be between 20 and 120 seconds"
    "${name}:7: kiosk.enabled_groups: unknown group \"parking\""
    "${name}:8: kiosk.colour: unknown key"
    "${name}:11: city.base_url: plain http is only allowed to a loopback address"
    "${name}:15: printer.queue: backend \"cups\" needs the name of the printer queue"
    "${name}:16: extras: unknown section")
  string(FIND "${all}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing from the output: ${expected}\n--- output ---\n${all}")
  endif()
endforeach()
message(STATUS "exit code ${rc}; every problem reported with file, line and key")
