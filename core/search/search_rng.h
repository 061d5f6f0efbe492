// The search's name for the project's seeded generator (core/common/rng.h).
#pragma once

#include "core/common/rng.h"

namespace persona::search {
using SearchRng = persona::Rng;
} // namespace persona::search
