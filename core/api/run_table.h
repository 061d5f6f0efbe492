// Run configs side by side, for the Runs view's table and `persona runs diff`: a config flattened
// to dotted settings ("data.historySize"), the settings that differ between runs (the table's
// columns) and the difference between two configs. Plain JSON in, plain values out; torch-free.
// Leaves out reading the store (core/store) and drawing (ui/views/runs_view).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace persona::api {

// Every leaf of a config under its dotted path ("data.split.seed"); an array is one leaf, an empty
// object too. A config that is not an object is one leaf named "" (an old or foreign record).
using FlatConfig = std::map<std::string, nlohmann::json>;
FlatConfig flattenConfig(const nlohmann::json& config);

// True for the settings that name a run rather than choose how it trains (name, outputDir): they
// differ between any two runs, so they are no columns and no group.
bool isIdentitySetting(const std::string& key);

// The settings whose value is not the same in every config (missing from some counts as
// different), identity settings left out. Ordered as a reader compares runs: method, dataset,
// adapter, history, sampling, decoder mode, standardization, seed, device, world size; then the
// rest by name.
std::vector<std::string> differingSettings(const std::vector<nlohmann::json>& configs);

// One setting in which two configs differ; before/after empty where a config lacks it.
struct SettingChange {
    std::string key;
    std::optional<nlohmann::json> before;
    std::optional<nlohmann::json> after;
};
// Every setting that differs from a to b (identity settings included: it is a diff), by name.
std::vector<SettingChange> configDiff(const nlohmann::json& a, const nlohmann::json& b);

// A setting's value as a reader writes it: strings bare, numbers short (0.001, 10), true/false,
// arrays and objects as compact JSON, "—" for a missing one.
std::string settingText(const std::optional<nlohmann::json>& value);

// The value of one dotted setting in a config, empty when it is not there.
std::optional<nlohmann::json> settingValue(const nlohmann::json& config, const std::string& key);

} // namespace persona::api
