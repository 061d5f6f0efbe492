#include "core/methods/milp/milp_section.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace persona::methods {

nlohmann::json milpConfigToJson(const search::MilpConfig& config)
{
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t l = 0; l < config.activeLayers.size(); ++l)
        if (config.activeLayers[l])
            layers.push_back(l);
    return {{"layers", layers}, {"modules", config.loraCount}, {"rank", config.rank}};
}

search::MilpConfig milpConfigFromJson(const nlohmann::json& j, int layerCount, const std::string& field)
{
    if (!j.is_object())
        throw ConfigError(field + ": must be an object {\"layers\":[...], \"modules\":n, \"rank\":r}");
    for (const auto& [k, v] : j.items())
        if (k != "layers" && k != "modules" && k != "rank")
            throw ConfigError(field + ": unknown field '" + k + "'");
    search::MilpConfig c;
    c.activeLayers.assign(static_cast<std::size_t>(std::max(layerCount, 0)), false);
    if (!j.contains("layers") || !j["layers"].is_array() || j["layers"].empty())
        throw ConfigError(field + ".layers: a non-empty array of layer indices is required");
    for (const auto& v : j["layers"]) {
        if (!v.is_number_integer())
            throw ConfigError(field + ".layers: entries must be integers, got " + v.dump());
        const auto l = v.get<std::int64_t>();
        if (l < 0 || l >= layerCount)
            throw ConfigError(field + ".layers: layer index " + std::to_string(l) + " is past the decoder's depth (" +
                              std::to_string(layerCount) + " layers, indices 0.." + std::to_string(layerCount - 1) + ")");
        if (c.activeLayers[static_cast<std::size_t>(l)])
            throw ConfigError(field + ".layers: layer " + std::to_string(l) + " is listed twice");
        c.activeLayers[static_cast<std::size_t>(l)] = true;
    }
    if (!j.contains("modules") || !j["modules"].is_number_integer() || j["modules"].get<std::int64_t>() < 1 ||
        j["modules"].get<std::int64_t>() > 4096)
        throw ConfigError(field + ".modules: an integer in [1, 4096] is required");
    c.loraCount = j["modules"].get<int>();
    if (!j.contains("rank") || !j["rank"].is_number_integer())
        throw ConfigError(field + ".rank: an integer in {8, 16, 32, 64, 96} is required");
    c.rank = j["rank"].get<int>();
    if (std::find(kMilpRanks.begin(), kMilpRanks.end(), c.rank) == kMilpRanks.end())
        throw ConfigError(field + ".rank: " + std::to_string(c.rank) + " is not in {8, 16, 32, 64, 96}");
    return c;
}

nlohmann::json MilpSection::toJson() const
{
    nlohmann::json j = milpConfigToJson(modules);
    j["loraScale"] = loraScale;
    return j;
}

MilpSection MilpSection::fromJson(const nlohmann::json& section)
{
    MilpSection m;
    if (!section.is_object())
        throw ConfigError("run config: 'milp' must be a JSON object");
    nlohmann::json j = section;
    if (j.contains("loraScale")) {
        if (!j["loraScale"].is_number() || !(j["loraScale"].get<double>() > 0.0))
            throw ConfigError("run config: 'milp.loraScale' must be a positive number");
        m.loraScale = j["loraScale"].get<double>();
        j.erase("loraScale");
    }
    if (!j.empty())
        m.modules = milpConfigFromJson(j, kMilpMaxLayers, "run config: 'milp'");
    return m;
}

} // namespace persona::methods
