#pragma once

// Marks a string for extraction by xgettext without translating it here: the core has no
// toolkit and no locale state, so the UI looks the msgid up in its catalog when it shows it.
#ifndef N_
#define N_(text) text
#endif
