// The data folder's names for the project's seeded generator (core/common/rng.h).
#pragma once

#include "core/common/rng.h"

namespace persona::data {
using persona::deriveSeed;
using persona::Rng;
} // namespace persona::data
