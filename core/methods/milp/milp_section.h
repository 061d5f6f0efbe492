// The "milp" section of a run config (method milp only): which LoRA modules MiLP puts on the
// decoder (active layers, module count, rank) and their scale. Torch-free, so the API and its
// callers can hold it. Leaves out placing and training the modules (milp_method.h) and searching
// over configurations (core/methods/milp/search/milp_run.h).
#pragma once

#include "core/search/search_space.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace persona::methods {

// The MiLP rank set of the paper's Table 2.
inline const std::vector<int> kMilpRanks{8, 16, 32, 64, 96};
// Upper bound for layer indices where the decoder is not loaded yet (config parsing).
inline constexpr int kMilpMaxLayers = 1024;

// {"layers":[active indices], "modules":n, "rank":r}, the form used in configs, JSON and the store.
nlohmann::json milpConfigToJson(const search::MilpConfig& config);
// From that form, given the decoder depth. Throws ConfigError naming `field` for a missing or
// mistyped entry, a layer index outside [0, layerCount), a duplicate layer, no layer, a count < 1
// or a rank that is not in kMilpRanks.
search::MilpConfig milpConfigFromJson(const nlohmann::json& j, int layerCount, const std::string& field = "milp");

struct MilpSection {
    search::MilpConfig modules{std::vector<bool>{true}, 1, 8};
    double loraScale = 2.0; // alpha = scale * rank

    // milpConfigToJson's form plus "loraScale".
    nlohmann::json toJson() const;
    // Missing section or fields keep the defaults. The decoder's depth is unknown here: Run checks
    // layer indices against the loaded decoder. ConfigError naming "milp.<field>" otherwise.
    static MilpSection fromJson(const nlohmann::json& section);
};

} // namespace persona::methods
