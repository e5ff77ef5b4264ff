# One rule over the core's sources (app/), shared by the architecture checks run with -P:
# fails listing every line of every file that matches `regex`, with `what` as the reason;
# otherwise sets `checked` in the caller to the number of files read.
function(kiosk_forbid_in_core source_dir regex what)
  file(GLOB_RECURSE sources ${source_dir}/*.h ${source_dir}/*.hpp ${source_dir}/*.cpp ${source_dir}/*.in)
  set(offenders "")
  foreach(file IN LISTS sources)
    file(STRINGS ${file} lines REGEX "${regex}")
    if(lines)
      list(APPEND offenders "${file}: ${lines}")
    endif()
  endforeach()
  if(offenders)
    string(REPLACE ";" "\n" text "${offenders}")
    message(FATAL_ERROR "${what}:\n${text}")
  endif()
  list(LENGTH sources count)
  set(checked ${count} PARENT_SCOPE)
endfunction()
