# One place for warning and sanitizer flags, applied per target with kiosk_target_defaults().
function(kiosk_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                         -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                         -Wformat=2
                         # GCC 12 also warns on C++20 designated initializers that leave members
                         # at their defaults, which is exactly what they are for.
                         -Wno-missing-field-initializers)
  # Load only the shared libraries a program really uses: fewer to map at every start.
  target_link_options(${target} PRIVATE -Wl,--as-needed)
  if(KIOSK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(KIOSK_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(KIOSK_FUZZ)
    # Coverage for libFuzzer in every object; only the fuzz targets link the fuzzer's main.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
