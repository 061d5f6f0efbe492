#include "core/api/run_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

namespace persona::api {
namespace {

using nlohmann::json;

void flattenInto(const json& value, const std::string& path, FlatConfig& out)
{
    if (value.is_object() && !value.empty()) {
        for (const auto& [key, child] : value.items())
            flattenInto(child, path.empty() ? key : path + '.' + key, out);
        return;
    }
    out[path] = value;
}

// What a reader compares first; a setting not here sorts after these, by name. "distributed.*"
// is the data-parallel section's (a world size of one where it is absent).
constexpr std::array<std::string_view, 12> kFirst{
    "method",          "data.dataset",  "data.dataDir",   "persoma.adapter",
    "data.historySize", "data.sampling", "decoder.mode",   "persoma.standardizeItems",
    "train.seed",      "models.device", "models.dtype",   "distributed.worldSize"};

std::size_t rank(const std::string& key)
{
    const auto it = std::find(kFirst.begin(), kFirst.end(), key);
    return static_cast<std::size_t>(it - kFirst.begin());
}

} // namespace

FlatConfig flattenConfig(const json& config)
{
    FlatConfig out;
    if (!config.is_object()) {
        out[""] = config;
        return out;
    }
    flattenInto(config, "", out);
    out.erase(""); // an empty top-level object has no settings
    return out;
}

bool isIdentitySetting(const std::string& key)
{
    return key == "name" || key == "outputDir";
}

std::vector<std::string> differingSettings(const std::vector<json>& configs)
{
    std::vector<FlatConfig> flat;
    flat.reserve(configs.size());
    std::set<std::string> keys;
    for (const json& c : configs) {
        flat.push_back(flattenConfig(c));
        for (const auto& [key, value] : flat.back())
            keys.insert(key);
    }
    std::vector<std::string> out;
    for (const std::string& key : keys) {
        if (isIdentitySetting(key))
            continue;
        const auto first = flat.front().find(key);
        for (const FlatConfig& f : flat) {
            const auto it = f.find(key);
            const bool same = (it == f.end()) == (first == flat.front().end()) &&
                              (it == f.end() || it->second == first->second);
            if (!same) {
                out.push_back(key);
                break;
            }
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    return out;
}

std::vector<SettingChange> configDiff(const json& a, const json& b)
{
    const FlatConfig fa = flattenConfig(a), fb = flattenConfig(b);
    std::set<std::string> keys;
    for (const auto& [key, value] : fa)
        keys.insert(key);
    for (const auto& [key, value] : fb)
        keys.insert(key);
    std::vector<SettingChange> out;
    for (const std::string& key : keys) {
        const auto ia = fa.find(key), ib = fb.find(key);
        SettingChange change{key, std::nullopt, std::nullopt};
        if (ia != fa.end())
            change.before = ia->second;
        if (ib != fb.end())
            change.after = ib->second;
        if (change.before != change.after)
            out.push_back(std::move(change));
    }
    return out;
}

std::string settingText(const std::optional<json>& value)
{
    if (!value)
        return "—";
    if (value->is_string())
        return value->get<std::string>();
    if (value->is_number_float()) {
        const double v = value->get<double>();
        if (!std::isfinite(v))
            return value->dump();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }
    return value->dump();
}

std::optional<json> settingValue(const json& config, const std::string& key)
{
    const json* node = &config;
    std::size_t start = 0;
    while (true) {
        if (!node->is_object())
            return std::nullopt;
        const std::size_t dot = key.find('.', start);
        const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const auto it = node->find(part);
        if (it == node->end())
            return std::nullopt;
        node = &*it;
        if (dot == std::string::npos)
            return *node;
        start = dot + 1;
    }
}

} // namespace persona::api
