// Deterministic, seeded train / validation / test split of a dataset's users, and the config that
// is recorded with each run. Leaves out which users have labels (the caller filters first).
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace persona::data {

enum class Split { Train, Validation, Test };
const char* splitName(Split split); // "train", "validation", "test"
// Parses "train", "validation"/"val"/"valid", "test"; throws ConfigError otherwise.
Split parseSplit(const std::string& name);

struct SplitConfig {
    std::uint64_t seed = 1234;
    double train = 0.8;
    double validation = 0.1;
    double test = 0.1;
    bool onlyLabeled = true; // leave out users without any liked or disliked genre (default labels)

    nlohmann::json toJson() const;
    // Throws ConfigError for missing or out-of-range fields.
    static SplitConfig fromJson(const nlohmann::json& j);
};

struct UserSplit {
    std::vector<std::size_t> train; // indices into Dataset::users, ascending
    std::vector<std::size_t> validation;
    std::vector<std::size_t> test;
    const std::vector<std::size_t>& part(Split split) const;
};

// Shuffles the user keys with the seed (Rng, so the result is the same everywhere) and cuts them:
// test = round(n * test), validation = round(n * validation), train = the rest. Users are ordered
// by key before shuffling (onlyLabeled uses labels to leave out users without labels), so the split does not depend on file order. Throws ConfigError when a
// fraction is negative or they do not sum to 1 (within 1e-6).
UserSplit splitUsers(const Dataset& ds, const SplitConfig& config = {}, const LabelConfig& labels = {});

} // namespace persona::data
