// Strict reading of JSON config objects: every field optional (the default stays), wrong types and
// unknown fields are ConfigErrors naming "<section>.<field>". Leaves out the configs themselves.
#pragma once

#include "core/common/error.h"
#include "core/common/json_number.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <set>
#include <string>

namespace persona {

// The most a run config, a MiLP config or a run folder's config.json may hold (they are a few KB).
inline constexpr std::uint64_t kMaxConfigFileBytes = 1u << 20;

class JsonFields {
public:
    JsonFields(const nlohmann::json& j, std::string section) : m_j(j), m_section(std::move(section))
    {
        if (!m_j.is_object())
            throw ConfigError("run config: '" + m_section + "' must be a JSON object");
    }

    template <typename T>
    void get(const std::string& key, T& value)
    {
        m_known.insert(key);
        const auto it = m_j.find(key);
        if (it == m_j.end())
            return;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            // nlohmann converts 30.5 to 30 and 4294967326 to 30 in an int: take only integers that fit.
            if (!it->is_number_integer())
                throw ConfigError("run config: '" + path(key) + "' = " + shortDump(*it) + " must be an integer");
            const bool fits = jsonInteger<T>(*it).has_value();
            if (!fits)
                throw ConfigError("run config: '" + path(key) + "' = " + shortDump(*it) + " is outside [" +
                                  std::to_string(std::numeric_limits<T>::min()) + ", " +
                                  std::to_string(std::numeric_limits<T>::max()) + "]");
        }
        try {
            value = it->template get<T>();
        } catch (const nlohmann::json::exception&) {
            throw ConfigError("run config: '" + path(key) + "' has the wrong type (" + std::string(it->type_name()) + ")");
        }
    }
    // The sub-object at key (empty object when absent).
    nlohmann::json object(const std::string& key)
    {
        m_known.insert(key);
        const auto it = m_j.find(key);
        return it == m_j.end() ? nlohmann::json::object() : *it;
    }
    void finish() const
    {
        for (const auto& [key, v] : m_j.items())
            if (!m_known.count(key))
                throw ConfigError("run config: unknown field '" + path(key) + "'");
    }
    std::string path(const std::string& key) const { return m_section.empty() ? key : m_section + "." + key; }

private:
    static std::string shortDump(const nlohmann::json& v)
    {
        std::string text = v.dump();
        return text.size() > 40 ? text.substr(0, 37) + "..." : text;
    }
    const nlohmann::json& m_j;
    std::string m_section;
    std::set<std::string> m_known;
};

template <typename T>
void checkRange(const std::string& field, T value, T lo, T hi)
{
    if (!(value >= lo && value <= hi))
        throw ConfigError("run config: '" + field + "' = " + std::to_string(value) + " is outside [" + std::to_string(lo) +
                          ", " + std::to_string(hi) + "]");
}

} // namespace persona
