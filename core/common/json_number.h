// A double as JSON for metrics files, the store and CLI output: the number, or null when it is NaN
// or infinite (JSON has no such numbers). Leaves out parsing (json_file.h).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>

namespace persona {

inline nlohmann::json finiteOrNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace persona
