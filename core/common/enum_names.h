// One table per enum for its names: the name an enum value is written as (config files, the
// store, log lines), the aliases a reader also accepts, and the list of choices an error message
// gives. Each enum keeps its own public name/parse functions; they are one-line wrappers over its
// table, so adding a value is one table row. Leaves out the error texts (each parser words its own).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona {

template <class E>
struct EnumName {
    E value;
    const char* name;                           // what is written
    std::array<const char*, 3> aliases{};       // also read (nullptr-terminated)
};

// The name of v in table t, or `unknown` for a value without a row.
template <class E, std::size_t N>
constexpr const char* enumName(const EnumName<E> (&t)[N], E v, const char* unknown = "unknown")
{
    for (const auto& row : t)
        if (row.value == v)
            return row.name;
    return unknown;
}

// The value whose name or alias is s (exact match), or nullopt.
template <class E, std::size_t N>
constexpr std::optional<E> enumFromName(const EnumName<E> (&t)[N], std::string_view s)
{
    for (const auto& row : t) {
        if (s == row.name)
            return row.value;
        for (const char* a : row.aliases)
            if (a && s == a)
                return row.value;
    }
    return std::nullopt;
}

// "a, b or c": names joined for an error message's list of choices.
inline std::string joinChoices(const std::vector<std::string>& names, const char* lastJoin = " or ")
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? lastJoin : ", ";
        out += names[i];
    }
    return out;
}

// "a, b or c": the names (not the aliases) in table order, for error messages.
template <class E, std::size_t N>
std::string enumChoices(const EnumName<E> (&t)[N], const char* lastJoin = " or ")
{
    std::vector<std::string> names;
    for (const auto& row : t)
        names.emplace_back(row.name);
    return joinChoices(names, lastJoin);
}

// Every value of the table, in table order.
template <class E, std::size_t N>
std::vector<E> enumValues(const EnumName<E> (&t)[N])
{
    std::vector<E> out;
    out.reserve(N);
    for (const auto& row : t)
        out.push_back(row.value);
    return out;
}

} // namespace persona
