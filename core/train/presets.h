// Named run configurations for the workbench's Method view and `persona train --preset NAME`: one
// list, kept here, so the GUI and the CLI offer the same presets with the same values. A preset is
// a set of overrides on the default RunConfig; its full config is what a run with it records.
// Leaves out running it (run.h) and the GUI's labels (ui/views/method_settings.cpp translates the
// titles and descriptions written here).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace persona::train {

struct RunPreset {
    std::string name;        // "teaching": what --preset takes
    std::string title;       // "Teaching": the Method view's label
    std::string description; // one or two sentences: what it is for, what it costs
    nlohmann::json overrides; // merged (RFC 7386) onto RunConfig().toJson()
};

// Every preset, in the order the Method view lists them ("default" first).
const std::vector<RunPreset>& runPresets();
// The preset called name; ConfigError naming the value and listing the known names otherwise.
const RunPreset& findPreset(const std::string& name);
// The full, validated run config of a preset (RunConfig::toJson's layout, every field).
nlohmann::json presetConfig(const std::string& name);

} // namespace persona::train
