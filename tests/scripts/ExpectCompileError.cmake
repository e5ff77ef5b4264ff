# Compiles SOURCE (C++20, -I INCLUDE) and passes only if the compiler refuses it because of the
# LabelTable duplicate check; then compiles it again with the duplicate row removed, which must
# build (so that a broken include path or a typo cannot pass for the refusal).
foreach(var CXX INCLUDE SOURCE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ExpectCompileError.cmake needs -D${var}=...")
  endif()
endforeach()
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I ${INCLUDE} ${SOURCE}
                RESULT_VARIABLE status ERROR_VARIABLE errors OUTPUT_QUIET)
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but its label table has a key written twice")
endif()
if(NOT errors MATCHES "a key is written twice")
  message(FATAL_ERROR "${SOURCE} failed to compile for another reason:\n${errors}")
endif()
file(READ ${SOURCE} text)
string(REPLACE ", {\"category\", \"Category\"}" "" fixed "${text}")
if(fixed STREQUAL text)
  message(FATAL_ERROR "could not remove the duplicate row from ${SOURCE}")
endif()
file(WRITE ${WORK}/duplicate-label-fixed.cpp "${fixed}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I ${INCLUDE} ${WORK}/duplicate-label-fixed.cpp
                RESULT_VARIABLE status ERROR_VARIABLE errors OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the table without its duplicate does not compile either:\n${errors}")
endif()
message(STATUS "the duplicate key was refused by the compiler; the table without it compiles")
