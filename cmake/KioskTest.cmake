# kiosk_add_boost_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                      [GUI <WxH>...] [ARGS <args...>] [WRAP <command...>])
# The one way a Boost.Test program becomes CTest tests. Core tests run directly (no display).
# With GUI, the program runs once per screen size, each under its own Xvfb of that size
# (xvfb-run -a picks a free display), and gets the size and a screenshot folder after "--".
# WRAP runs the test through a command that starts what it needs (tests/printer/with-cups.sh).
# A shared test-support source in SOURCES (gui/GuiDriver.cpp) is not compiled again for every
# program: the program links the one compiled copy (kiosk_gui_driver) instead.
find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
find_program(XVFB_RUN xvfb-run)
include(KioskPch)

# What every test program compiles with; kiosk_gui_test_pch below gets the same. A build type
# that optimizes (the default RelWithDebInfo) compiles the tests' own sources with -Og: the code
# under test keeps its flags, and the tests build in less than half the time (OutboxTest.cpp
# 27 s -> 12 s of CPU with GCC 12; their time goes into optimizing Boost.Test's expansions).
function(kiosk_test_flags target)
  target_link_libraries(${target} PRIVATE Boost::unit_test_framework)
  target_compile_definitions(${target} PRIVATE BOOST_TEST_DYN_LINK
    KIOSK_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}" KIOSK_TEST_BINARY_DIR="${CMAKE_BINARY_DIR}")
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  kiosk_target_defaults(${target})
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo,Release,MinSizeRel>:-Og>)
endfunction()

# Everything the core tests run (ctest -L core -LE crash): the sanitizer build of
# installer/run-tests.sh builds this target and nothing else.
add_custom_target(kiosk-core-tests)

if(TARGET kiosk_ui)
  # The precompiled wx headers the test programs that link the shell share (cmake/KioskPch.cmake),
  # made by an object library of one empty source compiled exactly like those programs.
  file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/kiosk_gui_test_pch.cpp
       CONTENT "// The source of the GUI test programs' shared precompiled header (cmake/KioskTest.cmake).\n")
  add_library(kiosk_gui_test_pch OBJECT ${CMAKE_CURRENT_BINARY_DIR}/kiosk_gui_test_pch.cpp)
  target_link_libraries(kiosk_gui_test_pch PRIVATE kiosk_ui)
  kiosk_test_flags(kiosk_gui_test_pch)
  kiosk_pch(kiosk_gui_test_pch)

  add_library(kiosk_gui_driver STATIC ${PROJECT_SOURCE_DIR}/tests/gui/GuiDriver.cpp)
  target_link_libraries(kiosk_gui_driver PUBLIC kiosk_ui)
  kiosk_test_flags(kiosk_gui_driver)
  kiosk_reuse_pch(kiosk_gui_driver kiosk_gui_test_pch)
endif()

function(kiosk_add_boost_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS;GUI;ARGS;WRAP" ${ARGN})
  set(sources "")
  foreach(source IN LISTS T_SOURCES)
    if(source STREQUAL "gui/GuiDriver.cpp")
      list(APPEND T_LIBS kiosk_gui_driver)
    else()
      list(APPEND sources ${source})
    endif()
  endforeach()
  add_executable(${T_NAME} ${sources})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS})
  kiosk_test_flags(${T_NAME})
  if("kiosk_ui" IN_LIST T_LIBS OR "kiosk_gui_driver" IN_LIST T_LIBS)
    kiosk_reuse_pch(${T_NAME} kiosk_gui_test_pch)
  endif()
  if("core" IN_LIST T_LABELS AND NOT "crash" IN_LIST T_LABELS)
    add_dependencies(kiosk-core-tests ${T_NAME})
  endif()
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
