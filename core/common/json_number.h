// Numbers between JSON and C++: a double as JSON for metrics files, the store and CLI output (null
// when it is NaN or infinite, JSON has no such numbers), and a JSON integer read back only when it
// fits. Leaves out parsing (json_file.h).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

namespace persona {

inline nlohmann::json finiteOrNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// `v` as T when it is a JSON integer that T holds; nullopt for anything else (a float, a string, an
// integer out of range). nlohmann's get<T>() instead narrows integers and casts floats, which is
// undefined behaviour past T's range (1e57 as an id).
template <class T>
std::optional<T> jsonInteger(const nlohmann::json& v)
{
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (!v.is_number_integer())
        return std::nullopt;
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
            return std::nullopt;
        return static_cast<T>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (i < 0 ? (!std::is_signed_v<T> || i < static_cast<std::int64_t>(std::numeric_limits<T>::min()))
              : static_cast<std::uint64_t>(i) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        return std::nullopt;
    return static_cast<T>(i);
}

} // namespace persona
