// Kill points for the kill-safety test (issue 32): the process kills itself with SIGKILL at a
// chosen arrival at a named place, as the OOM killer or a power cut would (no destructor, no
// flush, no handler runs). The test aims its kills at the moments that matter (inside a training
// step, between a checkpoint's fsync and its rename, inside a store transaction before COMMIT,
// during the test pass) instead of hoping a timer lands there.
//
// Armed by the environment only: PERSONA_CRASH_AT="NAME:N" kills at the N-th arrival (counting
// from 1) at crashPoint(NAME) in this process. Unset, a crash point costs a comparison.
// The shipped binary is the tested one: nothing is compiled differently for the test.
#pragma once

namespace persona {

void crashPoint(const char* name);

} // namespace persona
