# kiosk_add_boost_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                      [GUI <WxH>...] [ARGS <args...>] [WRAP <command...>])
# The one way a Boost.Test program becomes CTest tests. Core tests run directly (no display).
# With GUI, the program runs once per screen size, each under its own Xvfb of that size
# (xvfb-run -a picks a free display), and gets the size and a screenshot folder after "--".
# WRAP runs the test through a command that starts what it needs (tests/printer/with-cups.sh).
find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
find_program(XVFB_RUN xvfb-run)

function(kiosk_add_boost_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS;GUI;ARGS;WRAP" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} Boost::unit_test_framework)
  target_compile_definitions(${T_NAME} PRIVATE BOOST_TEST_DYN_LINK
    KIOSK_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}" KIOSK_TEST_BINARY_DIR="${CMAKE_BINARY_DIR}")
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  kiosk_target_defaults(${T_NAME})
  if(NOT T_GUI)
    add_test(NAME ${T_NAME} COMMAND ${T_WRAP} $<TARGET_FILE:${T_NAME}> --log_level=test_suite ${T_ARGS})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}"
      ENVIRONMENT "WARD_KIOSK_RESOURCES=${PROJECT_SOURCE_DIR}/resources")
    return()
  endif()
  if(NOT XVFB_RUN)
    message(WARNING "xvfb-run not found: GUI test ${T_NAME} is not registered (installer/deps-debian.sh --test)")
    return()
  endif()
  foreach(size IN LISTS T_GUI)
    set(shots ${CMAKE_BINARY_DIR}/screenshots/${size})
    add_test(NAME ${T_NAME}-${size}
      COMMAND ${T_WRAP} ${XVFB_RUN} -a -s "-screen 0 ${size}x24 -nolisten tcp"
              $<TARGET_FILE:${T_NAME}> --log_level=test_suite -- --size ${size} --shots ${shots} ${T_ARGS})
    set_tests_properties(${T_NAME}-${size} PROPERTIES LABELS "gui;${T_LABELS}" TIMEOUT 600 RUN_SERIAL TRUE)
  endforeach()
endfunction()
