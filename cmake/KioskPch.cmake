# Precompiled wxWidgets headers for the shell and the programs that link it (issue 19, item 6).
# Measured with GCC 12 (CPU seconds for one source): a wx screen 4.2 s -> 3.0 s with them. The
# core and the core tests gain nothing (ConfigLoaderTest 11.4 s -> 11.1 s): their time goes into
# generating code for templates (fmt through spdlog, Boost.Test, nlohmann-json), not into reading
# headers, so they get none. GCC 12 does not keep the headers' "#pragma GCC diagnostic" in a
# precompiled header (fixed in GCC 13), so the false positives libstdc++ silences that way
# (-Warray-bounds on std::string) can appear in code compiled with one; configure with
# -DKIOSK_PCH=OFF to check whether a warning comes from that.
option(KIOSK_PCH "Precompile the wxWidgets headers for the shell and the GUI tests" ON)

set(KIOSK_PCH_WX <algorithm> <chrono> <functional> <map> <memory> <optional> <string> <vector>
    <wx/wx.h> <wx/dcbuffer.h> <wx/scrolwin.h> <wx/weakref.h> <wx/wrapsizer.h>)

# kiosk_pch(<target>): gives <target> its own precompiled wx headers.
function(kiosk_pch target)
  if(KIOSK_PCH)
    target_precompile_headers(${target} PRIVATE ${KIOSK_PCH_WX})
  endif()
endfunction()

# kiosk_reuse_pch(<target> <from>): <target> compiles with <from>'s precompiled header; both must
# be compiled with the same flags (CMake adds -Winvalid-pch, so with KIOSK_WERROR a mismatch
# fails the build instead of going slow quietly).
function(kiosk_reuse_pch target from)
  if(KIOSK_PCH)
    target_precompile_headers(${target} REUSE_FROM ${from})
  endif()
endfunction()
